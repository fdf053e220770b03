using System.Collections.Concurrent;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>
/// The Redis side of the completion contract (docs/wire-format.md "Completion"): the outcome in the job hash, PUBLISH
/// only for a job a waiter marked (no lost wake-up, raced 10,000 times), retention as a TTL or a DEL, and records of
/// the old format (a separate result hash) still read.
/// </summary>
public sealed class RedisCompletionContractTests
{
    private static async Task<(RedisQueueEngine Engine, IDatabase Db, string P, IConnectionMultiplexer Connection)> NewAsync(Action<QueueEngineOptions>? configure = null)
    {
        var server = await RedisServer.GetAsync();
        var options = new QueueEngineOptions { Prefix = RedisServer.NewPrefix() };
        configure?.Invoke(options);
        return (new RedisQueueEngine(server.Connection, options), server.Connection.GetDatabase(), options.Prefix, server.Connection);
    }

    private static JobRecord Job() => new() { Id = JobId.New(), Name = "noop", Payload = "{}", RoutingKey = RoutingKey.Default, Priority = Priority.Normal };

    private static FetchRequest Request(int max = 1000) =>
        new([new RouteDemand(RoutingKey.Default, max)], max, TimeSpan.FromSeconds(30), "worker-1");

    /// <summary>Every 'ready' published on the prefix's result channels, by job id.</summary>
    private static async Task<ConcurrentBag<string>> ListenAsync(IConnectionMultiplexer connection, string prefix)
    {
        var heard = new ConcurrentBag<string>();
        var channel = RedisChannel.Pattern(prefix + ":result:notify:*");
        await connection.GetSubscriber().SubscribeAsync(channel, (c, _) => heard.Add(c.ToString()[(prefix.Length + ":result:notify:".Length)..]));
        return heard;
    }

    [Fact]
    public async Task A_completion_nobody_waits_for_publishes_nothing_and_a_marked_one_publishes_once()
    {
        var (engine, _, p, connection) = await NewAsync();
        var heard = await ListenAsync(connection, p);
        var unwatched = Job();
        var watched = Job();
        await engine.EnqueueManyAsync([unwatched, watched]);
        var wait = engine.WaitForResultAsync(watched.Id, CancellationToken.None);
        await WaitUntilAsync(async () => (string?)await connection.GetDatabase().HashGetAsync($"{p}:job:{watched.Id}", "notify_result") == "1");

        var fetched = await engine.FetchAsync(Request());
        Assert.Equal(new[] { true, true }, await engine.AckAsync(fetched.Select(f => new JobCompletion(f.Id, f.LeaseToken, "1", TimeSpan.Zero)).ToList()));

        Assert.Equal("1", (await wait.WaitAsync(TimeSpan.FromSeconds(10))).ResultJson);
        await Task.Delay(200);
        Assert.Equal(new[] { watched.Id.Value }, heard.ToArray());
    }

    [Fact]
    public async Task No_wake_up_is_lost_when_completion_races_the_mark_10000_times()
    {
        var (engine, _, _, _) = await NewAsync();
        const int Rounds = 100, PerRound = 100;
        var slow = 0;
        for (int round = 0; round < Rounds; round++)
        {
            var jobs = Enumerable.Range(0, PerRound).Select(_ => Job()).ToList();
            await engine.EnqueueManyAsync(jobs);
            var fetched = await engine.FetchAsync(Request());
            Assert.Equal(PerRound, fetched.Count);
            // Each job's wait (subscribe, then mark) and its ack start together: both orders happen.
            var acks = fetched.Select(f => Task.Run(() => engine.AckAsync([new JobCompletion(f.Id, f.LeaseToken, "\"r\"", TimeSpan.Zero)]))).ToList();
            var waits = fetched.Select(f => Task.Run(async () =>
            {
                var started = DateTime.UtcNow;
                var result = await engine.WaitForResultAsync(f.Id, CancellationToken.None);
                // A lost wake-up is only seen by the fallback poll, 5 s later.
                if (DateTime.UtcNow - started > ResultWaiters.FallbackPoll * 0.8) Interlocked.Increment(ref slow);
                return result;
            })).ToList();
            await Task.WhenAll(acks);
            var results = await Task.WhenAll(waits).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.All(results, r => Assert.Equal("\"r\"", r.ResultJson));
        }
        Assert.Equal(0, slow);
        Assert.Equal(Rounds * PerRound, engine.ResultWaiters.FoundFinished + engine.ResultWaiters.Woken);
        Assert.True(engine.ResultWaiters.FoundFinished > 0, "no wait found its job finished at the mark: the race was not exercised");
        Assert.True(engine.ResultWaiters.Woken > 0, "no wait was woken by a notice: the race was not exercised");
    }

    [Fact]
    public async Task Retention_is_the_ttl_of_the_job_hash_and_zero_deletes_it()
    {
        var (engine, db, p, _) = await NewAsync(o => o.KeepCompleted = TimeSpan.FromMinutes(10));
        var byDefault = Job();
        var perTask = Job();
        var zero = Job();
        var waitedZero = Job();
        await engine.EnqueueManyAsync([byDefault, perTask, zero, waitedZero]);
        var waited = engine.WaitForResultAsync(waitedZero.Id, CancellationToken.None);
        await WaitUntilAsync(async () => (string?)await db.HashGetAsync($"{p}:job:{waitedZero.Id}", "notify_result") == "1");
        var f = (await engine.FetchAsync(Request())).ToDictionary(x => x.Id);

        await engine.AckAsync([
            new JobCompletion(byDefault.Id, f[byDefault.Id].LeaseToken, null, TimeSpan.Zero),
            new JobCompletion(perTask.Id, f[perTask.Id].LeaseToken, null, TimeSpan.Zero, TimeSpan.FromSeconds(90)),
            new JobCompletion(zero.Id, f[zero.Id].LeaseToken, "1", TimeSpan.Zero, TimeSpan.Zero),
            new JobCompletion(waitedZero.Id, f[waitedZero.Id].LeaseToken, "2", TimeSpan.Zero, TimeSpan.Zero),
        ]);

        Assert.InRange((await db.KeyTimeToLiveAsync($"{p}:job:{byDefault.Id}"))!.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
        Assert.InRange((await db.KeyTimeToLiveAsync($"{p}:job:{perTask.Id}"))!.Value, TimeSpan.FromSeconds(80), TimeSpan.FromSeconds(90));
        Assert.False(await db.KeyExistsAsync($"{p}:job:{zero.Id}"));
        Assert.InRange((await db.KeyTimeToLiveAsync($"{p}:job:{waitedZero.Id}"))!.Value, TimeSpan.FromSeconds(50), TimeSpan.FromMinutes(1));
        Assert.Equal("2", (await waited.WaitAsync(TimeSpan.FromSeconds(10))).ResultJson);
        Assert.Null(await db.SortedSetScoreAsync($"{p}:queue:completed", zero.Id.Value)); // nothing to list
        Assert.NotNull(await db.SortedSetScoreAsync($"{p}:queue:completed", byDefault.Id.Value));
        Assert.Equal(0, await db.SortedSetLengthAsync($"{p}:queue:leases"));
    }

    [Fact]
    public async Task A_record_of_the_old_format_is_still_read_and_waited_for()
    {
        var (engine, db, p, _) = await NewAsync();
        var completed = JobId.New();
        var dead = JobId.New();
        var orphan = JobId.New(); // an old result whose job hash expired first
        await db.HashSetAsync($"{p}:job:{completed}", [new("id", completed.Value), new("name", "noop"), new("payload", "{}"), new("status", "completed"), new("completed_at", "2026-11-20T10:00:00.0000000Z")]);
        await db.HashSetAsync($"{p}:result:{completed}", [new("status", "completed"), new("completed_at", "2026-11-20T10:00:00.0000000Z"), new("duration_ms", "120"), new("result", "{\"old\":true}")]);
        await db.HashSetAsync($"{p}:job:{dead}", [new("id", dead.Value), new("name", "noop"), new("payload", "{}"), new("status", "failed"), new("error", "gone"), new("error_type", "X")]);
        await db.HashSetAsync($"{p}:result:{dead}", [new("status", "failed"), new("completed_at", "2026-11-20T10:00:00.0000000Z"), new("duration_ms", "3"), new("error", "gone"), new("error_type", "X")]);
        await db.HashSetAsync($"{p}:result:{orphan}", [new("status", "completed"), new("completed_at", "2026-11-20T10:00:00.0000000Z"), new("duration_ms", "1")]);

        var old = (await engine.GetResultAsync(completed))!;
        Assert.Equal("{\"old\":true}", old.ResultJson);
        Assert.Equal(TimeSpan.FromMilliseconds(120), old.Duration);
        Assert.Equal("{\"old\":true}", (await engine.WaitForResultAsync(completed, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10))).ResultJson);
        var failed = (await engine.GetResultAsync(dead))!;
        Assert.Equal(JobStatus.Failed, failed.Status);
        Assert.Equal("gone", failed.Error);
        Assert.Equal(JobStatus.Completed, (await engine.GetResultAsync(orphan))!.Status);
        Assert.Equal(JobStatus.Completed, (await engine.GetJobAsync(completed))!.Status);
    }

    [Fact]
    public async Task A_job_key_of_another_type_has_no_result_and_says_so()
    {
        var (engine, db, p, _) = await NewAsync();
        var id = JobId.New();
        await db.StringSetAsync($"{p}:job:{id}", "not a hash");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => engine.GetResultAsync(id));
        Assert.Contains($"{p}:job:{id}", error.Message);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.WaitForResultAsync(id, cts.Token)); // 'missing': waits, writes nothing
        Assert.Equal("not a hash", (string?)await db.StringGetAsync($"{p}:job:{id}"));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the condition");
            await Task.Delay(10);
        }
    }
}
