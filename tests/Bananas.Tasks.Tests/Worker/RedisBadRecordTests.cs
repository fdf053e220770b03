using System.Collections.Concurrent;
using System.Text;
using Bananas.Tasks.Hosting;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Worker;

/// <summary>
/// Records a foreign producer could write straight into Redis, each fetched in one batch with valid jobs: every bad
/// one is dead-lettered as MalformedJobRecord naming the field and value, and every valid one runs (issue 9).
/// </summary>
public sealed class RedisBadRecordTests
{
    private const string Now = "2026-11-25T02:14:07.1234567Z";

    /// <summary>(case, id bytes, field overrides, what the error must contain)</summary>
    public static IEnumerable<(string Case, byte[] Id, (string Field, string Value)[] Fields, string[] Expect)> BadRecords()
    {
        byte[] Id(string text) => Encoding.UTF8.GetBytes(text);
        string Uuid() => Guid.NewGuid().ToString("D");
        yield return ("timeout far past long ms of TimeSpan", Id(Uuid()), [("timeout_ms", "99999999999999999")], ["timeout_ms", "99999999999999999"]);
        yield return ("timeout one past CancellationTokenSource", Id(Uuid()), [("timeout_ms", "4294967295")], ["timeout_ms", "4294967295"]);
        yield return ("timeout past long", Id(Uuid()), [("timeout_ms", "99999999999999999999")], ["timeout_ms", "99999999999999999999"]);
        yield return ("timeout zero", Id(Uuid()), [("timeout_ms", "0")], ["timeout_ms", "'0'"]);
        yield return ("timeout negative", Id(Uuid()), [("timeout_ms", "-1")], ["timeout_ms", "'-1'"]);
        yield return ("attempts at int.MaxValue (the fetch makes it 2^31)", Id(Uuid()), [("attempts", "2147483647")], ["attempts", "2147483648"]);
        yield return ("attempts negative", Id(Uuid()), [("attempts", "-5")], ["attempts", "'-4'"]);
        yield return ("attempts past long", Id(Uuid()), [("attempts", "99999999999999999999")], ["attempts"]);
        yield return ("attempts -1 (the fetch makes it 0: an attempt it did not count)", Id(Uuid()), [("attempts", "-1")], ["attempts", "'0'"]);
        yield return ("attempts with a plus sign (the fetch cannot count it)", Id(Uuid()), [("attempts", "+1")], ["attempts", "'+1'"]);
        yield return ("max_retries with a plus sign", Id(Uuid()), [("max_retries", "+3")], ["max_retries", "'+3'"]);
        yield return ("max_retries negative", Id(Uuid()), [("max_retries", "-1")], ["max_retries", "'-1'"]);
        yield return ("max_retries past int", Id(Uuid()), [("max_retries", "2147483648")], ["max_retries", "2147483648"]);
        yield return ("created_at past year 9999", Id(Uuid()), [("created_at", "10000-01-01T00:00:00.0000000Z")], ["created_at", "10000-01-01"]);
        yield return ("created_at month 13", Id(Uuid()), [("created_at", "2026-13-01T00:00:00.0000000Z")], ["created_at", "2026-13-01"]);
        yield return ("scheduled_for without offset", Id(Uuid()), [("scheduled_for", "2026-11-25T02:14:07")], ["scheduled_for", "2026-11-25T02:14:07"]);
        yield return ("priority unknown", Id(Uuid()), [("priority", "urgent")], ["priority", "urgent"]);
        yield return ("routing_key invalid", Id(Uuid()), [("routing_key", "no such route!")], ["routing_key", "no such route!"]);
        // (an unknown status is not here: the fetch overwrites status with 'processing', so such a queued job runs)
        yield return ("id with a space", Id("bad id " + Uuid()), [], ["field 'id'", "bad\\x20id"]);
        yield return ("id of 129 characters", Id(new string('x', 129)), [], ["field 'id'", "129 characters"]);
        yield return ("id not UTF-8", [0xFF, 0xFE, (byte)'a', 0xC0, 0x80], [], ["field 'id'", "\\xFF\\xFEa\\xC0\\x80", "not UTF-8"]);
        yield return ("id with a tab", Id("tab\t" + Uuid()), [], ["field 'id'", "\\x09"]);
        yield return ("id with U+3000", Id("wide\u3000" + Uuid()), [], ["field 'id'", "whitespace"]);
    }

    [Fact]
    public async Task Bad_records_fetched_in_one_batch_with_valid_jobs_are_dead_lettered_and_the_valid_jobs_run()
    {
        var server = await RedisServer.GetAsync();
        var prefix = RedisServer.NewPrefix();
        var db = server.Connection.GetDatabase();
        var queue = $"{prefix}:route:default:queue:normal";
        var bad = BadRecords().ToList();
        var valid = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid().ToString("D")).ToList();

        async Task WriteAsync(byte[] id, (string Field, string Value)[] overrides)
        {
            var fields = new Dictionary<string, string>
            {
                ["name"] = "count", ["payload"] = "{}", ["status"] = "pending", ["priority"] = "normal", ["routing_key"] = "default",
                ["attempts"] = "0", ["max_retries"] = "3", ["created_at"] = Now, ["updated_at"] = Now,
            };
            foreach (var (f, v) in overrides) fields[f] = v;
            var key = (RedisKey)Encoding.UTF8.GetBytes(prefix + ":job:").Concat(id).ToArray();
            await db.HashSetAsync(key, [new HashEntry("id", id), .. fields.Select(kv => new HashEntry(kv.Key, kv.Value))]);
            await db.ListLeftPushAsync(queue, id);
        }
        // Interleaved, bad ones first: RPOP takes the oldest first, so every fetch batch mixes both kinds.
        for (int i = 0; i < Math.Max(bad.Count, valid.Count); i++)
        {
            if (i < bad.Count) await WriteAsync(bad[i].Id, bad[i].Fields);
            if (i < valid.Count) await WriteAsync(Encoding.UTF8.GetBytes(valid[i]), []);
        }

        var ran = new ConcurrentDictionary<string, int>();
        var engine = new RedisQueueEngine(server.Connection, new Bananas.Tasks.Engine.QueueEngineOptions { Prefix = prefix });
        await using var host = await WorkerHost.StartAsync(engine, b => b.AddTask("count", ctx =>
        {
            ran.AddOrUpdate(ctx.Job.Id.Value, 1, (_, n) => n + 1);
            return ValueTask.FromResult<string?>(null);
        }), o => o.FetchBatchSize = 64);

        foreach (var id in valid) await host.WaitForStatusAsync(JobId.Parse(id), JobStatus.Completed, TimeSpan.FromSeconds(4));
        var ranBad = bad.Where(b => ran.ContainsKey(Encoding.UTF8.GetString(b.Id))).Select(b => b.Case).ToList();
        Assert.True(ranBad.Count == 0, "bad records that ran: " + string.Join(", ", ranBad));
        Assert.Equal(valid.Order(), ran.Keys.Order());
        Assert.All(ran.Values, n => Assert.Equal(1, n));

        var failures = new List<string>();
        foreach (var (name, id, _, expect) in bad)
        {
            var key = (RedisKey)Encoding.UTF8.GetBytes(prefix + ":job:").Concat(id).ToArray();
            var deadline = DateTime.UtcNow.AddSeconds(4);
            while ((string?)await db.HashGetAsync(key, "status") != "failed" && DateTime.UtcNow < deadline) await Task.Delay(20);
            var status = (string?)await db.HashGetAsync(key, "status");
            var type = (string?)await db.HashGetAsync(key, "error_type");
            var error = (string?)await db.HashGetAsync(key, "error") ?? "";
            if (status != "failed" || type != "MalformedJobRecord" || expect.Any(e => !error.Contains(e, StringComparison.Ordinal)))
                failures.Add($"{name}: status={status} error_type={type} error={error}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        var dead = (await db.ListRangeAsync($"{prefix}:queue:dead")).Select(v => Convert.ToHexString((byte[])v!)).ToHashSet();
        Assert.All(bad, b => Assert.Contains(Convert.ToHexString(b.Id), dead));
        Assert.Equal(0, await db.SortedSetLengthAsync($"{prefix}:queue:leases"));
        Assert.Equal(0, await db.ListLengthAsync(queue));
    }
}

public sealed class RedisWrongTypeQueueWorkerTests
{
    [Fact]
    public async Task A_wrong_type_queue_is_logged_once_degrades_health_naming_the_key_and_the_other_queues_keep_running()
    {
        var server = await RedisServer.GetAsync();
        var prefix = RedisServer.NewPrefix();
        var db = server.Connection.GetDatabase();
        var broken = $"{prefix}:route:default:queue:high";
        await db.StringSetAsync(broken, "not a list");
        var engine = new RedisQueueEngine(server.Connection, new Bananas.Tasks.Engine.QueueEngineOptions { Prefix = prefix });
        var logs = new CapturingLoggerProvider();
        await using var host = await WorkerHost.StartAsync(engine, b => b.AddTask("noop", _ => ValueTask.FromResult<string?>(null)),
            o => o.RoutingKeys = ["default", "other"], logs: logs);

        var ids = new List<JobId>();
        for (int i = 0; i < 5; i++)
        {
            ids.Add(await host.Client.EnqueueAsync("noop", "{}", new JobOptions { Route = i % 2 == 0 ? "default" : "other" }));
            await Task.Delay(50); // several fetch rounds, each meeting the broken queue
        }
        foreach (var id in ids) await host.WaitForStatusAsync(id, JobStatus.Completed, TimeSpan.FromSeconds(5));

        Assert.Single(logs.Lines, l => l.Level == Microsoft.Extensions.Logging.LogLevel.Warning && l.Message.Contains(broken) && l.Message.Contains("wrong_type_queue"));
        var check = new BananasHealthCheck(engine, new BananasHealthCheckOptions());
        var result = await check.CheckHealthAsync(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext
        {
            Registration = new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration("bananas", check, Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, null),
        });
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, result.Status);
        Assert.Contains(broken, result.Description);
        Assert.Equal("not a list", (string?)await db.StringGetAsync(broken));
    }
}
