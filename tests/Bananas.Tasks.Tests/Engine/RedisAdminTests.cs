using System.Diagnostics;
using Bananas.Tasks.Admin;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>The admin API on Redis only: constant page cost, pause across restarts, the Lua time parser, refused requeues.</summary>
public sealed class RedisAdminTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_page_costs_the_same_redis_commands_with_1000_and_100000_pending_jobs()
    {
        await using var redis = new RedisProcess(persistent: false);
        await redis.StartAsync();
        var configuration = RedisConnectionString.Parse(redis.Url);
        configuration.AllowAdmin = true;
        await using var connection = await ConnectionMultiplexer.ConnectAsync(configuration);
        var costs = new List<Dictionary<string, long>>();
        foreach (var n in new[] { 1_000, 100_000 })
        {
            var time = new FakeTimeProvider(Start);
            await using var engine = new RedisQueueEngine(connection, new QueueEngineOptions { Prefix = $"cost{n}", TimeProvider = time });
            var admin = new BananasAdmin(engine);
            var clock = Stopwatch.StartNew();
            await FillAsync(engine, time, n);
            output.WriteLine($"{n} pending + {n / 10} dead jobs made in {clock.ElapsedMilliseconds} ms");

            await admin.ListJobsAsync(new JobListQuery { State = JobListState.Dead, Limit = 1 }); // scripts loaded (NOSCRIPT once per server)
            await admin.GetOverviewAsync();
            await connection.GetDatabase().ExecuteAsync("CONFIG", "RESETSTAT");
            clock.Restart();
            var pending = await admin.ListJobsAsync(new JobListQuery { State = JobListState.Pending, Limit = 50 });
            var next = await admin.ListJobsAsync(new JobListQuery { State = JobListState.Pending, Limit = 50, Cursor = pending.NextCursor });
            var dead = await admin.ListJobsAsync(new JobListQuery { State = JobListState.Dead, Limit = 50 });
            var deadRoute = await admin.ListJobsAsync(new JobListQuery { State = JobListState.Dead, Route = "default", Limit = 50 });
            var overview = await admin.GetOverviewAsync();
            var elapsed = clock.Elapsed;
            var stats = await CommandStatsAsync(connection);
            output.WriteLine($"{n}: 4 pages + overview in {elapsed.TotalMilliseconds:F1} ms; commands: {string.Join(", ", stats.Select(s => $"{s.Key}={s.Value}"))}");
            Assert.Equal(50, pending.Jobs.Count);
            Assert.Equal(50, next.Jobs.Count);
            Assert.Equal(50, dead.Jobs.Count);
            Assert.Equal(50, deadRoute.Jobs.Count);
            Assert.Equal(n / 10, overview.Dead);
            Assert.Equal(n, overview.Routes.Single().Normal);
            costs.Add(stats);
        }
        Assert.Equal(costs[0], costs[1]);
    }

    [Fact]
    public async Task A_page_reads_each_record_with_one_command_and_only_the_record_fields()
    {
        await using var redis = new RedisProcess(persistent: false);
        await redis.StartAsync();
        var configuration = RedisConnectionString.Parse(redis.Url);
        configuration.AllowAdmin = true;
        await using var connection = await ConnectionMultiplexer.ConnectAsync(configuration);
        var time = new FakeTimeProvider(Start);
        await using var engine = new RedisQueueEngine(connection, new QueueEngineOptions { Prefix = "fields", TimeProvider = time });
        var admin = new BananasAdmin(engine);
        var jobs = Enumerable.Range(0, 10).Select(_ => new JobRecord { Id = JobId.New(), Name = "work", Payload = "{}" }).ToList();
        await engine.EnqueueManyAsync(jobs);
        var bulk = new string('x', 1 << 20); // a field beyond the record (a stored result, say): 1 MiB in each hash
        foreach (var job in jobs) await connection.GetDatabase().HashSetAsync($"fields:job:{job.Id}", "extra", bulk);
        var query = new JobListQuery { State = JobListState.Pending, Route = "default", Priority = Priority.Normal, Limit = 10 };
        await admin.ListJobsAsync(query); // script loaded

        await connection.GetDatabase().ExecuteAsync("CONFIG", "RESETSTAT");
        var page = await admin.ListJobsAsync(query);
        var sent = await NetOutputBytesAsync(connection);
        var stats = await CommandStatsAsync(connection);
        output.WriteLine($"{sent} bytes sent; commands: {string.Join(", ", stats.Select(s => $"{s.Key}={s.Value}"))}");

        Assert.Equal(jobs.Select(j => j.Id), page.Jobs.Select(i => i.Job.Id));
        Assert.Equal(10, stats.GetValueOrDefault("hmget"));
        Assert.True(stats.Values.Sum() <= 10 + 3, "one HMGET per job, plus the script call, its LRANGE and its end check");
        Assert.True(sent < 64 * 1024, $"{sent} bytes sent for a page of 10 small records");
    }

    [Fact]
    public async Task Index_entries_without_a_record_are_examined_and_left_out_and_a_hash_of_unknown_fields_is_listed()
    {
        var server = await RedisServer.GetAsync();
        var prefix = RedisServer.NewPrefix();
        await using var engine = new RedisQueueEngine(server.Connection, new QueueEngineOptions { Prefix = prefix, TimeProvider = new FakeTimeProvider(Start) });
        var admin = new BananasAdmin(engine);
        var db = server.Connection.GetDatabase();
        var good = new JobRecord { Id = JobId.New(), Name = "work", Payload = "{}" };
        await engine.EnqueueAsync(good);
        var (missing, text, odd) = (JobId.New(), JobId.New(), JobId.New());
        await db.StringSetAsync($"{prefix}:job:{text}", "not a hash");
        await db.HashSetAsync($"{prefix}:job:{odd}", "unknown", "1");
        var queue = $"{prefix}:route:default:queue:normal";
        foreach (var id in new[] { missing, text, odd }) await db.ListLeftPushAsync(queue, id.Value); // after good in fetch order

        var page = await admin.ListJobsAsync(new JobListQuery { State = JobListState.Pending, Route = "default" });
        Assert.Equal([good.Id, odd], page.Jobs.Select(i => i.Job.Id));
        Assert.Equal("", page.Jobs[1].Job.Name); // read leniently: a broken record is listed so it can be seen and deleted
        Assert.Equal(4, page.Scanned);
        Assert.Null(page.NextCursor);

        var filtered = await admin.ListJobsAsync(new JobListQuery { State = JobListState.Pending, Route = "default", TaskName = "work" });
        Assert.Equal([good.Id], filtered.Jobs.Select(i => i.Job.Id));
        Assert.Equal(4, filtered.Scanned);
    }

    private static async Task<long> NetOutputBytesAsync(IConnectionMultiplexer connection)
    {
        var info = (string)(await connection.GetDatabase().ExecuteAsync("INFO", "stats"))!;
        var line = info.Split('\n').Single(l => l.StartsWith("total_net_output_bytes:", StringComparison.Ordinal));
        return long.Parse(line["total_net_output_bytes:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>n pending jobs and n / 10 dead ones, through the engine's own transitions.</summary>
    private static async Task FillAsync(RedisQueueEngine engine, FakeTimeProvider time, int n)
    {
        JobRecord Job() => new() { Id = JobId.New(), Name = "work", Payload = "{}", MaxRetries = 0 };
        await engine.EnqueueManyAsync(Enumerable.Range(0, n / 10).Select(_ => Job()).ToList());
        var request = new FetchRequest([new RouteDemand(RoutingKey.Default, int.MaxValue)], 2000, TimeSpan.FromMinutes(10), "filler");
        for (int done = 0; done < n / 10;)
        {
            var batch = await engine.FetchAsync(request);
            await Task.WhenAll(batch.Select(f => engine.FailAsync(new JobFailure(f.Id, f.LeaseToken, "boom", "Boom", true, time.GetUtcNow(), TimeSpan.Zero))));
            done += batch.Count;
        }
        // In sequential batches: one call of 100,000 jobs puts ~20 MB on the wire at once, which a loaded 2-core CI
        // machine does not drain within the client's 5 s timeout.
        for (int left = n; left > 0; left -= 5000)
            await engine.EnqueueManyAsync(Enumerable.Range(0, Math.Min(5000, left)).Select(_ => Job()).ToList());
    }

    private static async Task<Dictionary<string, long>> CommandStatsAsync(IConnectionMultiplexer connection)
    {
        var info = (string)(await connection.GetDatabase().ExecuteAsync("INFO", "commandstats"))!;
        var stats = new Dictionary<string, long>();
        foreach (var line in info.Split('\n'))
        {
            if (!line.StartsWith("cmdstat_", StringComparison.Ordinal)) continue;
            var name = line[8..line.IndexOf(':')];
            if (name.StartsWith("config", StringComparison.Ordinal) || name.StartsWith("info", StringComparison.Ordinal)) continue;
            if (name is "info" or "config" or "ping" or "echo" or "client" or "cluster" or "subscribe" or "select") continue;
            var calls = line.Split(':')[1].Split(',')[0];
            stats[name] = long.Parse(calls["calls=".Length..]);
        }
        return stats;
    }

    [Fact]
    public async Task A_pause_survives_a_redis_restart_and_a_new_engine()
    {
        await using var redis = new RedisProcess(persistent: true);
        await redis.StartAsync();
        var time = new FakeTimeProvider(Start);
        var options = new QueueEngineOptions { Prefix = "restart", TimeProvider = time };
        var job = new JobRecord { Id = JobId.New(), Name = "work", Payload = "{}", RoutingKey = "gpu" };
        await using (var first = await ConnectionMultiplexer.ConnectAsync(RedisConnectionString.Parse(redis.Url)))
        {
            await using var engine = new RedisQueueEngine(first, options);
            Assert.True(await new BananasAdmin(engine).PauseRouteAsync("gpu"));
            await engine.EnqueueAsync(job);
        }
        await redis.StopAsync();
        await redis.StartAsync();
        await using var second = await ConnectionMultiplexer.ConnectAsync(RedisConnectionString.Parse(redis.Url));
        await using var again = new RedisQueueEngine(second, options);
        var admin = new BananasAdmin(again);
        Assert.Equal(["gpu"], (await admin.GetPausedRoutesAsync()).Select(r => r.Value));
        Assert.True((await admin.GetOverviewAsync()).Routes.Single(r => r.Route == "gpu").Paused);
        var request = new FetchRequest([new RouteDemand("gpu", 10)], 10, TimeSpan.FromSeconds(30), "w");
        Assert.Empty(await again.FetchAsync(request));
        Assert.True(await admin.ResumeRouteAsync("gpu"));
        Assert.Equal(job.Id, Assert.Single(await again.FetchAsync(request)).Id);
    }

    [Fact]
    public async Task The_lua_time_parser_agrees_with_the_engine_clock()
    {
        var server = await RedisServer.GetAsync();
        var script = RedisScripts.Read("_common.lua") + "\nlocal out = {}\nfor i = 1, #ARGV do out[i] = string.format('%.0f', iso_ms(ARGV[i])) end\nreturn out";
        DateTimeOffset[] times =
        [
            DateTimeOffset.UnixEpoch, Start, Start.AddTicks(1_234_567), new(2000, 2, 29, 23, 59, 59, 999, TimeSpan.Zero), new(2000, 3, 1, 0, 0, 0, TimeSpan.Zero),
            new(2100, 2, 28, 12, 0, 0, TimeSpan.Zero), new(2100, 3, 1, 0, 0, 0, TimeSpan.Zero), new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), new(2026, 12, 31, 23, 59, 59, 500, TimeSpan.Zero),
            new(1999, 12, 31, 23, 59, 59, TimeSpan.Zero), new(2400, 2, 29, 1, 2, 3, TimeSpan.Zero),
        ];
        var reply = (RedisResult[])(await server.Connection.GetDatabase().ScriptEvaluateAsync(script, [], times.Select(t => (RedisValue)JobHashCodec.FormatTime(t)).ToArray()))!;
        Assert.Equal(times.Select(t => t.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)), reply.Select(r => r.ToString()));
    }

    [Fact]
    public async Task A_batch_requeue_leaves_a_malformed_dead_record_dead_and_counts_it_skipped()
    {
        var server = await RedisServer.GetAsync();
        var prefix = RedisServer.NewPrefix();
        var time = new FakeTimeProvider(Start);
        await using var engine = new RedisQueueEngine(server.Connection, new QueueEngineOptions { Prefix = prefix, TimeProvider = time });
        var admin = new BananasAdmin(engine);
        var jobs = Enumerable.Range(0, 3).Select(_ => new JobRecord { Id = JobId.New(), Name = "work", Payload = "{}", MaxRetries = 0 }).ToList();
        await engine.EnqueueManyAsync(jobs);
        foreach (var f in await engine.FetchAsync(new FetchRequest([new RouteDemand(RoutingKey.Default, 10)], 10, TimeSpan.FromSeconds(30), "w")))
            await engine.FailAsync(new JobFailure(f.Id, f.LeaseToken, "boom", "Boom", true, Start, TimeSpan.Zero));
        await server.Connection.GetDatabase().HashSetAsync($"{prefix}:job:{jobs[1].Id}", "priority", "urgent");

        var result = await admin.RequeueDeadAsync(DeadLetterSelection.All);

        Assert.Equal(2, result.Done);
        Assert.Equal(1, result.Skipped);
        Assert.Equal(3, result.Scanned);
        Assert.False(result.MoreRemain);
        Assert.Equal(JobStatus.Failed, await admin.GetStatusAsync(jobs[1].Id));
        Assert.True(await admin.DeleteDeadAsync(jobs[1].Id));
        Assert.Equal(0, (await admin.GetOverviewAsync()).Dead);
    }
}
