using Bananas.Tasks.Engine;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>
/// Lease deadlines on the Redis server's clock (docs/wire-format.md "Lease clock"; chaos B10.12/B10.15/B10.16 and the
/// partition scenario's lease-born-expired). Before, the engine computed a deadline when the call was made: a fetch held
/// on the wire (a worker SIGSTOPped with its fetch written but not sent, a partition) wrote a lease already past its
/// deadline, the next maintenance round took it back as expired and, with no retry left, dead-lettered a job nobody ran.
/// Each test has its own redis-server: CLIENT PAUSE holds every client of the server.
/// </summary>
public sealed class RedisLeaseClockTests
{
    private static async Task WithServerAsync(Func<ConnectionMultiplexer, ConnectionMultiplexer, Task> test)
    {
        await using var redis = new RedisProcess(persistent: false);
        await redis.StartAsync();
        await using var admin = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redis.Port},allowAdmin=true");
        await using var worker = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redis.Port}");
        await test(admin, worker);
    }

    private static JobRecord Job() => new() { Id = JobId.New(), Name = "noop", Payload = "{}", RoutingKey = RoutingKey.Default, MaxRetries = 0 };

    private static FetchRequest Fetch(TimeSpan lease) => new([new RouteDemand(RoutingKey.Default, 10)], 10, lease, "w");

    [Fact]
    public async Task A_fetch_held_past_its_lease_leases_from_when_Redis_runs_it()
    {
        await WithServerAsync(async (admin, connection) =>
        {
            var prefix = RedisServer.NewPrefix();
            var engine = new RedisQueueEngine(connection, new QueueEngineOptions { Prefix = prefix });
            Assert.True(engine.ServerLeaseClock);
            var job = Job();
            await engine.EnqueueAsync(job);

            // Writes (scripts included) wait while the server is paused: the fetch is made now and runs 1.5 s later.
            await admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "1500", "WRITE");
            var fetched = Assert.Single(await engine.FetchAsync(Fetch(TimeSpan.FromSeconds(1))));

            // Its lease runs from when Redis ran it: no maintenance round takes it back yet, and the ack is the lease holder's.
            var round = await engine.MaintainAsync(100);
            Assert.Equal(0, round.Recovered);
            var score = await admin.GetDatabase().SortedSetScoreAsync($"{prefix}:queue:leases", job.Id.Value);
            var serverNow = ServerMs(await admin.GetDatabase().ExecuteAsync("TIME"));
            Assert.InRange(score!.Value - serverNow, 1, 1000);
            Assert.Equal([true], await engine.AckAsync([new JobCompletion(fetched.Id, fetched.LeaseToken, null, TimeSpan.Zero)]));
            Assert.Equal("completed", (string?)await admin.GetDatabase().HashGetAsync($"{prefix}:job:{job.Id}", "status"));
        });
    }

    [Fact]
    public async Task A_worker_whose_clock_is_behind_holds_its_lease_for_the_whole_lease()
    {
        await WithServerAsync(async (admin, connection) =>
        {
            var prefix = RedisServer.NewPrefix();
            // The worker's host runs a minute slow; the lease is still measured on the server's clock.
            var slow = new RedisQueueEngine(connection, new QueueEngineOptions { Prefix = prefix, TimeProvider = new OffsetTime(TimeSpan.FromMinutes(-1)), LeaseClock = LeaseClock.Server });
            var other = new RedisQueueEngine(admin, new QueueEngineOptions { Prefix = prefix });
            var job = Job();
            await slow.EnqueueAsync(job);
            var fetched = Assert.Single(await slow.FetchAsync(Fetch(TimeSpan.FromSeconds(30))));

            var round = await other.MaintainAsync(100);
            Assert.Equal(0, round.Recovered);
            // The next deadline is reported on each engine's own clock: about 30 s from its now.
            Assert.InRange(round.NextLeaseDeadline!.Value - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(28), TimeSpan.FromSeconds(31));
            var slowRound = await slow.MaintainAsync(100);
            Assert.InRange(slowRound.NextLeaseDeadline!.Value - (DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1)), TimeSpan.FromSeconds(28), TimeSpan.FromSeconds(31));

            // Renewed on the server's clock too.
            Assert.Empty(await slow.RenewLeasesAsync([fetched.Lease], TimeSpan.FromSeconds(30)));
            Assert.Equal(0, (await other.MaintainAsync(100)).Recovered);
            Assert.Equal([true], await slow.AckAsync([new JobCompletion(fetched.Id, fetched.LeaseToken, null, TimeSpan.Zero)]));
        });
    }

    [Fact]
    public async Task On_the_engine_clock_deadlines_follow_the_injected_time()
    {
        await WithServerAsync(async (_, connection) =>
        {
            var prefix = RedisServer.NewPrefix();
            var time = new ManualTime(DateTimeOffset.UtcNow);
            var engine = new RedisQueueEngine(connection, new QueueEngineOptions { Prefix = prefix, TimeProvider = time });
            Assert.False(engine.ServerLeaseClock);
            await engine.EnqueueAsync(Job());
            Assert.Single(await engine.FetchAsync(Fetch(TimeSpan.FromSeconds(30))));
            Assert.Equal(0, (await engine.MaintainAsync(100)).Recovered);

            time.Advance(TimeSpan.FromSeconds(31));
            Assert.Equal(1, (await engine.MaintainAsync(100)).Recovered);
        });
    }

    [Fact]
    public void An_unknown_lease_clock_is_refused_with_the_choices()
    {
        var error = Assert.Throws<ArgumentException>(() => new RedisQueueEngine(NullConnection(), new QueueEngineOptions { LeaseClock = (LeaseClock)7 }));
        Assert.Contains("QueueEngineOptions.LeaseClock is 7; expected Auto, Server or Engine.", error.Message);
    }

    private static IConnectionMultiplexer NullConnection() =>
        ConnectionMultiplexer.Connect(new ConfigurationOptions { EndPoints = { "127.0.0.1:1" }, AbortOnConnectFail = false, ConnectTimeout = 1 });

    private static double ServerMs(RedisResult time)
    {
        var parts = (RedisResult[])time!;
        return (long)parts[0] * 1000.0 + (long)parts[1] / 1000.0;
    }

    private sealed class OffsetTime(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }

    private sealed class ManualTime(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;
        public override DateTimeOffset GetUtcNow() => _now;
        public void Advance(TimeSpan by) => _now += by;
    }
}
