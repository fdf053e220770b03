using System.Globalization;
using System.Text.RegularExpressions;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>
/// Redis-only checks: the key layout and field formats of docs/wire-format.md, read back with raw Redis commands,
/// and how the engine handles records it did not write (missing or malformed hashes).
/// </summary>
public sealed class RedisQueueEngineWireTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly Regex Rfc3339Utc = new(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$");

    private static async Task<(RedisQueueEngine Engine, IDatabase Db, string P, FakeTimeProvider Time)> NewAsync()
    {
        var server = await RedisServer.GetAsync();
        var time = new FakeTimeProvider(Start);
        var prefix = RedisServer.NewPrefix();
        return (new RedisQueueEngine(server.Connection, new QueueEngineOptions { Prefix = prefix, TimeProvider = time, ResultTtl = TimeSpan.FromHours(1) }), server.Connection.GetDatabase(), prefix, time);
    }

    private static JobRecord Job(string route = "default", Priority priority = Priority.Normal) => new()
    {
        Id = JobId.New(),
        Name = "process_image",
        Payload = "{\"url\":\"https://example.com/a.png\",\"width\":640}",
        RoutingKey = RoutingKey.Parse(route),
        Priority = priority,
        MaxRetries = 2,
    };

    private static FetchRequest Request(string routes, string worker = "worker-1") =>
        new(RoutingKey.ParseList(routes).Select(r => new RouteDemand(r, 100)).ToList(), 100, TimeSpan.FromSeconds(30), worker);

    [Fact]
    public async Task Enqueue_writes_the_documented_keys_and_fields()
    {
        var (engine, db, p, _) = await NewAsync();
        var job = Job("gpu", Priority.High) with { Description = "thumbnail", Timeout = TimeSpan.FromSeconds(45), TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" };

        await engine.EnqueueAsync(job);

        Assert.Equal(1, await db.ListLengthAsync($"{p}:route:gpu:queue:high"));
        Assert.Equal(job.Id.Value, (string?)await db.ListGetByIndexAsync($"{p}:route:gpu:queue:high", 0));
        Assert.True(await db.SetContainsAsync($"{p}:routes", "gpu"));
        Assert.Equal(RedisType.Hash, await db.KeyTypeAsync($"{p}:job:{job.Id}"));
        var fields = (await db.HashGetAllAsync($"{p}:job:{job.Id}")).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
        Assert.Equal(job.Id.Value, fields["id"]);
        Assert.Equal("process_image", fields["name"]);
        Assert.Equal(job.Payload, fields["payload"]);
        Assert.Equal("pending", fields["status"]);
        Assert.Equal("high", fields["priority"]);
        Assert.Equal("gpu", fields["routing_key"]);
        Assert.Equal("0", fields["attempts"]);
        Assert.Equal("2", fields["max_retries"]);
        Assert.Equal("45000", fields["timeout_ms"]);
        Assert.Equal("thumbnail", fields["description"]);
        Assert.Equal(job.TraceParent, fields["trace_parent"]);
        Assert.Equal("2026-11-25T12:00:00.0000000Z", fields["created_at"]);
        Assert.Matches(Rfc3339Utc, fields["updated_at"]);
        Assert.DoesNotContain("lease_token", fields.Keys);
    }

    [Fact]
    public async Task Fetch_ack_and_scheduling_write_the_documented_values()
    {
        var (engine, db, p, time) = await NewAsync();
        var job = Job("gpu", Priority.Low);
        await engine.EnqueueAsync(job);
        time.Advance(TimeSpan.FromMilliseconds(1500));

        var fetched = Assert.Single(await engine.FetchAsync(Request("gpu", "host-a")));

        var key = $"{p}:job:{job.Id}";
        Assert.Equal("processing", (string?)await db.HashGetAsync(key, "status"));
        Assert.Equal("1", (string?)await db.HashGetAsync(key, "attempts"));
        Assert.Equal("host-a", (string?)await db.HashGetAsync(key, "worker_id"));
        Assert.Equal(fetched.LeaseToken, (string?)await db.HashGetAsync(key, "lease_token"));
        Assert.Equal("2026-11-25T12:00:01.5000000Z", (string?)await db.HashGetAsync(key, "started_at"));
        Assert.Equal((Start.AddMilliseconds(1500) + TimeSpan.FromSeconds(30)).ToUnixTimeMilliseconds(), await db.SortedSetScoreAsync($"{p}:queue:leases", job.Id.Value));
        Assert.Equal(0, await db.ListLengthAsync($"{p}:route:gpu:queue:low"));

        // a retry: scheduled ZSET scored in Unix seconds, status scheduled, scheduled_for RFC 3339
        var retryAt = Start.AddSeconds(10.25);
        Assert.Equal(FailOutcome.Retrying, await engine.FailAsync(new JobFailure(job.Id, fetched.LeaseToken, "timeout", "TimeoutException", false, retryAt, TimeSpan.FromSeconds(1))));
        Assert.Equal(retryAt.ToUnixTimeMilliseconds() / 1000d, await db.SortedSetScoreAsync($"{p}:queue:scheduled", job.Id.Value));
        Assert.Equal("scheduled", (string?)await db.HashGetAsync(key, "status"));
        Assert.Equal("2026-11-25T12:00:10.2500000Z", (string?)await db.HashGetAsync(key, "scheduled_for"));
        Assert.Equal("timeout", (string?)await db.HashGetAsync(key, "error"));
        Assert.Equal("TimeoutException", (string?)await db.HashGetAsync(key, "error_type"));
        Assert.Null(await db.SortedSetScoreAsync($"{p}:queue:leases", job.Id.Value));
        Assert.False(await db.HashExistsAsync(key, "lease_token"));

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, await engine.PromoteDueAsync(10));
        Assert.Equal(1, await db.ListLengthAsync($"{p}:route:gpu:queue:low"));
        var again = Assert.Single(await engine.FetchAsync(Request("gpu")));
        Assert.True((await engine.AckAsync([new JobCompletion(job.Id, again.LeaseToken, "{\"ok\":true}", TimeSpan.FromMilliseconds(1234))]))[0]);

        Assert.Equal("completed", (string?)await db.HashGetAsync(key, "status"));
        Assert.Equal("2", (string?)await db.HashGetAsync(key, "attempts"));
        Assert.Matches(Rfc3339Utc, (string)(await db.HashGetAsync(key, "completed_at"))!);
        var jobTtl = await db.KeyTimeToLiveAsync(key);
        Assert.InRange(jobTtl!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
        // One record per job: the outcome is in the job hash; no result hash, no lease fields, no current error.
        var record = (await db.HashGetAllAsync(key)).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
        Assert.Equal("{\"ok\":true}", record["result"]);
        Assert.Equal("1234", record["duration_ms"]);
        Assert.DoesNotContain("lease_token", record.Keys);
        Assert.DoesNotContain("worker_id", record.Keys);
        Assert.DoesNotContain("error", record.Keys);
        Assert.Contains("error_history", record.Keys);
        Assert.False(await db.KeyExistsAsync($"{p}:result:{job.Id}"));
    }

    [Fact]
    public async Task Dead_letters_are_pushed_newest_first_and_keep_their_record()
    {
        var (engine, db, p, time) = await NewAsync();
        var first = Job();
        var second = Job();
        foreach (var job in new[] { first, second })
        {
            await engine.EnqueueAsync(job);
            var f = Assert.Single(await engine.FetchAsync(Request("default")));
            await engine.FailAsync(new JobFailure(job.Id, f.LeaseToken, "bad input", "PermanentJobException", true, time.GetUtcNow(), TimeSpan.Zero));
        }

        Assert.Equal(new[] { second.Id.Value, first.Id.Value }, (await db.ListRangeAsync($"{p}:queue:dead")).Select(v => v.ToString()).ToArray());
        Assert.Equal("failed", (string?)await db.HashGetAsync($"{p}:job:{first.Id}", "status"));
        Assert.Null(await db.KeyTimeToLiveAsync($"{p}:job:{first.Id}"));
        Assert.Equal("PermanentJobException", (string?)await db.HashGetAsync($"{p}:job:{first.Id}", "error_type"));
        Assert.Equal("0", (string?)await db.HashGetAsync($"{p}:job:{first.Id}", "duration_ms"));
        Assert.False(await db.KeyExistsAsync($"{p}:result:{first.Id}"));
    }

    [Fact]
    public async Task A_queued_id_without_a_record_is_dead_lettered_not_lost()
    {
        var (engine, db, p, _) = await NewAsync();
        var ghost = JobId.New();
        var real = Job();
        await db.ListLeftPushAsync($"{p}:route:default:queue:high", ghost.Value);
        await engine.EnqueueAsync(real);

        var fetched = await engine.FetchAsync(Request("default"));

        Assert.Equal(real.Id, Assert.Single(fetched).Id);
        Assert.Equal(new[] { ghost.Value }, (await db.ListRangeAsync($"{p}:queue:dead")).Select(v => v.ToString()).ToArray());
        var record = (await engine.GetJobAsync(ghost))!;
        Assert.Equal(JobStatus.Failed, record.Status);
        Assert.Equal($"job record missing from Redis when fetched from {p}:route:default:queue:high", record.Error);
        Assert.Equal("MissingJobRecord", record.ErrorType);
        Assert.Equal(Priority.High, record.Priority);
        var result = (await engine.GetResultAsync(ghost))!;
        Assert.Equal(JobStatus.Failed, result.Status);
        Assert.Equal("MissingJobRecord", result.ErrorType);
        Assert.Equal(ghost, Assert.Single(await engine.ListDeadAsync(0, 10)).Id);
    }

    [Theory]
    [InlineData("priority", "urgent", "field 'priority' has value 'urgent'")]
    [InlineData("created_at", "yesterday", "field 'created_at' has value 'yesterday'")]
    [InlineData("created_at", "2026-11-25T02:14:07", "field 'created_at' has value '2026-11-25T02:14:07'")]
    [InlineData("attempts", "two", "field 'attempts' has value 'two'")]
    [InlineData("routing_key", "a b", "field 'routing_key' has value 'a b'")]
    [InlineData("max_retries", "lots", "field 'max_retries' has value 'lots'")]
    [InlineData("timeout_ms", "-5", "field 'timeout_ms' has value '-5'")]
    [InlineData("name", null, "field 'name' is missing")]
    [InlineData("payload", null, "field 'payload' is missing")]
    public async Task A_malformed_record_is_leased_with_a_decode_error_naming_the_field(string field, string? value, string expected)
    {
        var (engine, db, p, time) = await NewAsync();
        var job = Job();
        await engine.EnqueueAsync(job);
        var key = $"{p}:job:{job.Id}";
        if (value is null) await db.HashDeleteAsync(key, field);
        else await db.HashSetAsync(key, field, value);

        var fetched = Assert.Single(await engine.FetchAsync(Request("default")));

        Assert.Null(fetched.Job);
        Assert.Equal($"job record {key} is malformed: {expected}", fetched.DecodeError![..$"job record {key} is malformed: {expected}".Length]);
        Assert.Equal(job.Id, fetched.Id);
        Assert.Equal(RoutingKey.Default, fetched.Route);
        Assert.Equal("processing", (string?)await db.HashGetAsync(key, "status"));
        Assert.Equal(1, (await engine.GetQueueDepthsAsync()).Processing);

        Assert.Equal(FailOutcome.DeadLettered, await engine.FailAsync(new JobFailure(job.Id, fetched.LeaseToken, fetched.DecodeError, "MalformedJobRecord", true, time.GetUtcNow(), TimeSpan.Zero)));
        var dead = Assert.Single(await engine.ListDeadAsync(0, 10));
        Assert.Equal(job.Id, dead.Id);
        Assert.Equal(fetched.DecodeError, dead.Error);
    }

    [Fact]
    public async Task A_due_job_whose_priority_is_unreadable_is_dead_lettered_by_promotion()
    {
        var (engine, db, p, time) = await NewAsync();
        var job = Job() with { ScheduledFor = Start.AddSeconds(5) };
        await engine.EnqueueAsync(job);
        await db.HashSetAsync($"{p}:job:{job.Id}", "priority", "urgent");
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(0, await engine.PromoteDueAsync(10));

        var dead = Assert.Single(await engine.ListDeadAsync(0, 10));
        Assert.Equal("MalformedJobRecord", dead.ErrorType);
        Assert.Equal($"job record {p}:job:{job.Id} is malformed: field 'priority' has value 'urgent'; expected high, normal or low", dead.Error);
        Assert.Null(await engine.GetNextScheduledAsync());
    }

    [Fact]
    public async Task Jobs_whose_queue_cannot_be_read_are_refused_with_a_clear_error_where_a_queue_is_needed()
    {
        var (engine, db, p, time) = await NewAsync();
        var pending = Job();
        var dead = Job();
        await engine.EnqueueManyAsync([dead, pending]);
        var fetched = (await engine.FetchAsync(new FetchRequest([new RouteDemand(RoutingKey.Default, 1)], 1, TimeSpan.FromSeconds(30), "w")))[0];
        Assert.Equal(dead.Id, fetched.Id);
        await engine.FailAsync(new JobFailure(dead.Id, fetched.LeaseToken, "x", "X", true, time.GetUtcNow(), TimeSpan.Zero));
        await db.HashSetAsync($"{p}:job:{pending.Id}", "priority", "urgent");
        await db.HashSetAsync($"{p}:job:{dead.Id}", "routing_key", "no such route!");

        var cancel = await Assert.ThrowsAsync<InvalidOperationException>(() => engine.CancelAsync(pending.Id));
        Assert.Contains($"Cannot cancel pending job {pending.Id}: job record {p}:job:{pending.Id} is malformed: field 'priority' has value 'urgent'", cancel.Message);
        var requeue = await Assert.ThrowsAsync<InvalidOperationException>(() => engine.RequeueDeadAsync(dead.Id));
        Assert.Contains("field 'routing_key' has value 'no such route!'", requeue.Message);
        Assert.Equal(dead.Id, Assert.Single(await engine.ListDeadAsync(0, 10)).Id); // unchanged
        Assert.True(await engine.DeleteDeadAsync(dead.Id));
    }

    [Fact]
    public async Task A_dead_id_without_a_record_is_dropped_by_requeue()
    {
        var (engine, db, p, _) = await NewAsync();
        var ghost = JobId.New();
        await db.ListLeftPushAsync($"{p}:queue:dead", ghost.Value);

        Assert.False(await engine.RequeueDeadAsync(ghost));

        Assert.Equal(0, await db.ListLengthAsync($"{p}:queue:dead"));
    }

    [Fact]
    public async Task Waiters_for_one_job_share_one_subscription_that_ends_with_the_last_waiter()
    {
        var (engine, _, _, _) = await NewAsync();
        var job = Job();
        await engine.EnqueueAsync(job);
        var waits = Enumerable.Range(0, 4).Select(_ => engine.WaitForResultAsync(job.Id, CancellationToken.None)).ToList();
        Assert.Equal(1, engine.ResultWaiters.SubscribedIds);

        var fetched = Assert.Single(await engine.FetchAsync(Request("default")));
        await engine.AckAsync([new JobCompletion(job.Id, fetched.LeaseToken, "5", TimeSpan.Zero)]);
        var all = Task.WhenAll(waits);
        Assert.Same(all, await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(10))));

        Assert.All(await all, r => Assert.Equal("5", r.ResultJson));
        Assert.Equal(0, engine.ResultWaiters.SubscribedIds);
    }

    [Fact]
    public async Task Every_script_opens_with_its_input_and_output_header()
    {
        Assert.Equal(25, RedisScripts.All.Count);
        foreach (var file in RedisScripts.All)
        {
            var text = RedisScripts.Read(file);
            Assert.StartsWith("--", text);
            var header = string.Join('\n', text.Split('\n').TakeWhile(l => l.StartsWith("--", StringComparison.Ordinal)));
            Assert.Contains("Input:", header);
            Assert.Contains("KEYS[1]", header);
            Assert.Contains("Output:", header);
            // a name ending in -{k}.lua promises exactly KEYS[1..k]; -n.lua takes a variable count
            var count = Regex.Match(file, @"-(\d+)\.lua$");
            if (count.Success)
            {
                var k = int.Parse(count.Groups[1].Value, CultureInfo.InvariantCulture);
                var named = Regex.Matches(header, @"KEYS\[(\d+)\]").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().Order().ToArray();
                Assert.True(Enumerable.Range(1, k).SequenceEqual(named), $"{file} declares KEYS [{string.Join(", ", named)}] in its header; its name promises 1..{k}");
                var used = Regex.Matches(text[header.Length..], @"KEYS\[(\d+)\]").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
                Assert.All(used, i => Assert.InRange(i, 1, k));
            }
            else Assert.EndsWith("-n.lua", file);
        }
        // each script compiles on the server
        var server = await RedisServer.GetAsync();
        foreach (var file in RedisScripts.All)
        {
            var sha = await server.Connection.GetServers()[0].ScriptLoadAsync(RedisScripts.Get(file));
            Assert.Equal(20, sha.Length);
        }
    }

    [Fact]
    public async Task Calls_throw_a_connection_error_when_redis_is_down()
    {
        var options = ConfigurationOptions.Parse($"127.0.0.1:{ClosedPort()}");
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 300;
        options.ConnectRetry = 0;
        options.AsyncTimeout = 1000;
        options.SyncTimeout = 1000;
        await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
        await using var engine = new RedisQueueEngine(connection);

        var fetchError = await Assert.ThrowsAnyAsync<Exception>(() => engine.FetchAsync(Request("default")));
        Assert.True(fetchError is RedisConnectionException or RedisTimeoutException, fetchError.ToString());
        var enqueueError = await Assert.ThrowsAnyAsync<Exception>(() => engine.EnqueueAsync(Job()));
        Assert.True(enqueueError is RedisConnectionException or RedisTimeoutException, enqueueError.ToString());
    }

    [Fact]
    public async Task The_prefix_must_be_usable()
    {
        var connection = (await RedisServer.GetAsync()).Connection;
        var error = Assert.Throws<ArgumentException>(() => new RedisQueueEngine(connection, new QueueEngineOptions { Prefix = "my app" }));
        Assert.Contains("'my app'", error.Message);
        Assert.Throws<ArgumentException>(() => new RedisQueueEngine(connection, new QueueEngineOptions { Prefix = "" }));
        Assert.Throws<ArgumentException>(() => new RedisQueueEngine(connection, new QueueEngineOptions { Prefix = "{app}" }));
        Assert.Throws<ArgumentException>(() => new RedisQueueEngine(connection, new QueueEngineOptions { ResultTtl = TimeSpan.Zero }));
    }

    private static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
