using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Bananas.Tasks.Samples.Tests;

/// <summary>samples/HttpApi as its README runs it: two nodes on one Redis, any node answers for any task.</summary>
public sealed class HttpApiTests(HttpApiCluster cluster) : HttpApiBehaviour(cluster), IClassFixture<HttpApiCluster>;

/// <summary>The same on a real Redis Cluster (3 masters, 2 replicas each) with REDIS_LAYOUT=cluster.</summary>
[Trait("Tier", "cluster")]
public sealed class HttpApiOnRedisClusterTests(HttpApiOnRedisCluster cluster) : HttpApiBehaviour(cluster), IClassFixture<HttpApiOnRedisCluster>;

/// <summary>What the two nodes do, whatever Redis they share.</summary>
public abstract class HttpApiBehaviour(HttpApiCluster cluster)
{
    [Fact]
    public async Task A_task_submitted_through_one_node_is_run_by_the_worker_node_and_read_through_either()
    {
        // node-a has no worker: whatever it accepts is run by node-b's worker, through the shared Redis.
        var submitted = new Dictionary<string, string>();
        foreach (var (type, payload) in new[] { ("email", "user@example.com"), ("image", "photo.jpg"), ("report", "monthly-sales"), ("default", "cleanup") })
        {
            using var response = await cluster.A.PostAsync("/tasks/submit", Json($$"""{"type":"{{type}}","payload":"{{payload}}"}"""));
            var body = await ReadJson(response);
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{response.StatusCode}: {body}\n{cluster.Logs}");
            Assert.Equal(type, body.GetProperty("type").GetString());
            Assert.Equal("pending", body.GetProperty("status").GetString());
            var id = body.GetProperty("id").GetString()!;
            Assert.True(Guid.TryParseExact(id, "D", out _), id);
            Assert.Equal($"/tasks/status?id={id}", body.GetProperty("status_url").GetString());
            submitted[id] = payload;
        }
        // and one through node-b, read back through node-a
        using (var response = await cluster.B.PostAsync("/tasks/submit", Json("""{"type":"email","payload":"ops@example.com"}""")))
            submitted[(await ReadJson(response)).GetProperty("id").GetString()!] = "ops@example.com";

        foreach (var (id, payload) in submitted)
        {
            var status = await WaitCompletedAsync(cluster.B, id);
            Assert.Equal(payload, status.GetProperty("payload").GetString());
            Assert.Equal(1, status.GetProperty("attempts").GetInt32());
            var result = status.GetProperty("result");
            Assert.Equal("node-b", result.GetProperty("processed_by").GetString());
            Assert.Contains(payload, result.GetProperty("summary").GetString());
            // the other node sees the same record
            var throughA = await ReadJson(await cluster.A.GetAsync($"/tasks/status?id={id}"));
            Assert.Equal("completed", throughA.GetProperty("status").GetString());
            Assert.Equal("node-b", throughA.GetProperty("result").GetProperty("processed_by").GetString());
        }

        // /tasks/list on either node pages the same admin listings: every submitted task is in "completed".
        foreach (var node in new[] { cluster.A, cluster.B })
        {
            var listed = new HashSet<string>();
            string? next = "/tasks/list?state=completed&limit=2";
            while (next is not null)
            {
                using var response = await node.GetAsync(next);
                var page = await ReadJson(response);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var tasks = page.GetProperty("tasks").EnumerateArray().ToList();
                Assert.True(tasks.Count <= 2);
                foreach (var t in tasks)
                {
                    Assert.Equal("completed", t.GetProperty("status").GetString());
                    listed.Add(t.GetProperty("id").GetString()!);
                }
                next = page.GetProperty("next").GetString();
            }
            Assert.Superset(submitted.Keys.ToHashSet(), listed);
        }

        // a type filter, and the all-states summary
        var emails = await ReadJson(await cluster.A.GetAsync("/tasks/list?state=completed&type=email&limit=100"));
        Assert.All(emails.GetProperty("tasks").EnumerateArray(), t => Assert.Equal("email", t.GetProperty("type").GetString()));
        Assert.Equal(2, emails.GetProperty("tasks").EnumerateArray().Count(t => submitted.ContainsKey(t.GetProperty("id").GetString()!)));
        var summary = await ReadJson(await cluster.B.GetAsync("/tasks/list"));
        foreach (var state in new[] { "pending", "scheduled", "processing", "dead", "completed", "failed" })
            Assert.Equal(JsonValueKind.Array, summary.GetProperty(state).GetProperty("tasks").ValueKind);

        // /tasks/stats: the same Redis from both nodes; node-b's worker is registered, node-a has none.
        foreach (var (node, name) in new[] { (cluster.A, "node-a"), (cluster.B, "node-b") })
        {
            using var response = await node.GetAsync("/tasks/stats");
            var stats = await ReadJson(response);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(name, stats.GetProperty("node").GetString());
            Assert.Equal("redis", stats.GetProperty("engine").GetString());
            var worker = Assert.Single(stats.GetProperty("workers").EnumerateArray());
            Assert.StartsWith("node-b:", worker.GetProperty("id").GetString());
            Assert.Contains(stats.GetProperty("queues").EnumerateArray(), q => q.GetProperty("route").GetString() == "default");
            Assert.Equal(10, stats.GetProperty("throughput").GetProperty("minutes").GetArrayLength());
        }
    }

    public static TheoryData<string, string, int, string> BadRequests => new()
    {
        // method, path, body ("" = none) -> status, a fragment of the error
        { "POST /tasks/submit", """{"type":"fax","payload":"x"}""", 400, "unknown task type 'fax'" },
        { "POST /tasks/submit", """{"type":"email","payload":""" + "\"user@", 400, "not valid JSON" },
        { "POST /tasks/submit", "not json at all", 400, "not valid JSON" },
        { "POST /tasks/submit", "", 400, "not valid JSON" },
        { "POST /tasks/submit", """["email","x"]""", 400, "expected an object" },
        { "POST /tasks/submit", """{"payload":"user@example.com"}""", 400, "missing field 'type'" },
        { "POST /tasks/submit", """{"type":"email"}""", 400, "missing field 'payload'" },
        { "POST /tasks/submit", """{"type":"email","payload":42}""", 400, "field 'payload' is a JSON number" },
        { "POST /tasks/submit", """{"type":null,"payload":"x"}""", 400, "field 'type' is a JSON null" },
        { "POST /tasks/submit", """{"type":"email","payload":"  "}""", 400, "field 'payload' is empty" },
        { "GET /tasks/status", "", 400, "missing query parameter 'id'" },
        { "GET /tasks/status?id=", "", 400, "missing query parameter 'id'" },
        { "GET /tasks/status?id=not-a-task-id", "", 400, "is not a task id" },
        { "GET /tasks/status?id=" + new string('a', 300), "", 400, "is not a task id" },
        { "GET /tasks/status?id=00000000-0000-0000-0000-0000000000ff", "", 404, "no task 00000000-0000-0000-0000-0000000000ff" },
        { "GET /tasks/list?state=lost", "", 400, "unknown state 'lost'" },
        { "GET /tasks/list?state=dead&cursor=bm9wZQ", "", 400, "cursor 'bm9wZQ' is not valid here" },
        { "GET /tasks/list?cursor=abc", "", 400, "pass the state too" },
        { "GET /tasks/list?limit=0", "", 400, "limit '0' is not valid" },
        { "GET /tasks/list?limit=ten", "", 400, "limit 'ten' is not valid" },
        { "GET /tasks/list?type=fax", "", 400, "unknown task type 'fax'" },
        { "GET /tasks/nothing", "", 404, "no endpoint GET /tasks/nothing" },
        { "GET /tasks/submit", "", 405, "GET is not allowed" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_gets_a_4xx_with_a_json_error_on_either_node(string request, string body, int status, string fragment)
    {
        var (method, path) = (request.Split(' ')[0], request.Split(' ')[1]);
        foreach (var node in new[] { cluster.A, cluster.B })
        {
            using var message = new HttpRequestMessage(new HttpMethod(method), path);
            if (method == "POST") message.Content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await node.SendAsync(message);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode == status, $"{request} {body} -> {(int)response.StatusCode} {text}");
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            using var json = JsonDocument.Parse(text);
            Assert.Contains(fragment, json.RootElement.GetProperty("error").GetString());
            Assert.Equal(status, json.RootElement.GetProperty("status").GetInt32());
        }
    }

    private async Task<JsonElement> WaitCompletedAsync(HttpClient node, string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var seen = new List<string>();
        while (true)
        {
            using var response = await node.GetAsync($"/tasks/status?id={id}");
            var status = await ReadJson(response);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {status}");
            var state = status.GetProperty("status").GetString()!;
            if (seen.LastOrDefault() != state) seen.Add(state);
            if (state == "completed") return status;
            Assert.True(DateTime.UtcNow < deadline, $"task {id} not completed after 20 s (states {string.Join(" -> ", seen)})\n{cluster.Logs}");
            await Task.Delay(25);
        }
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ReadJson(HttpResponseMessage response)
    {
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }
}
