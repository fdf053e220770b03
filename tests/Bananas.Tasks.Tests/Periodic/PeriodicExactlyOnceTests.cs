using Bananas.Tasks.Engine;
using Bananas.Tasks.InMemory;
using Bananas.Tasks.Periodic;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Bananas.Tasks.Tests.Periodic;

/// <summary>
/// THE exactly-once test: three scheduler instances, each with its own (skewed) clock, share one real Redis cron
/// store and one engine (the Redis engine on the same server, or the in-memory one), and tick concurrently through
/// 50 simulated minutes of an every-minute schedule.
/// </summary>
public sealed class PeriodicExactlyOnceTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 2, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("redis")]
    [InlineData("in-memory")]
    [InlineData("redis-cluster")]
    [InlineData("redis-cluster-per-route")]
    public async Task ThreeSchedulers_OneRedis_50SimulatedMinutes_Exactly50Jobs_EachOccurrenceOnce(string engineKind)
    {
        // "redis-cluster": the store and the engine on a real 3-master cluster with the cluster key layout (issue 12)
        // "redis-cluster-per-route": the same cluster with one hash tag per route (RedisRouteShardedEngine)
        var layout = engineKind switch { "redis-cluster" => RedisKeyLayout.Cluster, "redis-cluster-per-route" => RedisKeyLayout.ClusterPerRoute, _ => RedisKeyLayout.Classic };
        var connection = layout != RedisKeyLayout.Classic ? (await RedisClusterSet.GetSharedAsync()).Connection : (await RedisServer.GetAsync()).Connection;
        var prefix = RedisServer.NewPrefix();
        var store = new RedisCronStore(connection, prefix, layout);
        var trueTime = new FakeTimeProvider(T0.AddSeconds(5));
        var engineOptions = new QueueEngineOptions { Prefix = prefix, TimeProvider = trueTime, RedisLayout = layout };
        IQueueEngine engine = engineKind == "in-memory" ? new InMemoryQueueEngine(engineOptions) : RedisEngines.Create(connection, engineOptions);
        var definition = new PeriodicTaskDefinition("every-minute", "* * * * *", "heartbeat", "{\"source\":\"cron\"}");

        // Instance clocks: on time, 2 s fast, 3 s slow. All start past 12:00 (whichever instance creates the schedule
        // defines its first occurrence from its own clock), so the first occurrence is 12:01 and the last 12:50.
        TimeSpan[] skews = [TimeSpan.Zero, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(-3)];
        var clocks = skews.Select(s => new FakeTimeProvider(trueTime.GetUtcNow() + s)).ToArray();
        var schedulers = clocks.Select(c => new PeriodicScheduler([definition], engine, store, c)).ToArray();

        var firings = new List<PeriodicFiring>();
        var enqueuedBy = new int[schedulers.Length];
        var step = TimeSpan.FromSeconds(15);
        var end = T0.AddMinutes(50).AddSeconds(5);
        var random = new Random(5);
        while (true)
        {
            var ticks = await Task.WhenAll(schedulers.Select((s, i) => Task.Run(async () =>
            {
                await Task.Delay(random.Next(0, 3));
                return await s.RunOnceAsync();
            })));
            for (int i = 0; i < ticks.Length; i++)
            {
                firings.AddRange(ticks[i].Firings);
                enqueuedBy[i] += ticks[i].Firings.Count(f => f.Outcome == PeriodicFiringOutcome.Enqueued);
            }
            if (trueTime.GetUtcNow() + step > end) break;
            trueTime.Advance(step);
            foreach (var clock in clocks) clock.Advance(step);
        }

        var expected = Enumerable.Range(1, 50).Select(i => T0.AddMinutes(i)).ToList();
        var enqueued = firings.Where(f => f.Outcome == PeriodicFiringOutcome.Enqueued).ToList();
        output.WriteLine($"{engineKind}: {firings.Count} firings: {enqueued.Count} enqueued, {firings.Count(f => f.Outcome == PeriodicFiringOutcome.AlreadyEnqueued)} already enqueued, " +
                         $"{firings.Count(f => f.Advance == CronAdvanceOutcome.Stale)} stale compare-and-sets; per instance: " +
                         string.Join(", ", enqueuedBy.Select((n, i) => $"#{i} enqueued {n}")));

        Assert.DoesNotContain(firings, f => f.Outcome is PeriodicFiringOutcome.Failed or PeriodicFiringOutcome.SkippedMissed or PeriodicFiringOutcome.SkippedOverlap);
        Assert.Equal(expected, enqueued.Select(f => f.Occurrence!.Value).Order());
        foreach (var occurrence in expected)
            Assert.NotNull(await engine.GetJobAsync(PeriodicJobIds.For("every-minute", occurrence)));
        var depths = await engine.GetQueueDepthsAsync();
        Assert.Equal(50, depths.Routes.Values.Sum(r => r.Total) + depths.Scheduled + depths.Processing);
        Assert.Equal(50, firings.Count(f => f.Advance == CronAdvanceOutcome.Advanced));

        var state = (await store.GetAsync("every-minute"))!;
        Assert.Equal(50, state.RunCount);
        Assert.Equal(T0.AddMinutes(50), state.LastOccurrence);
        Assert.Equal(PeriodicJobIds.For("every-minute", T0.AddMinutes(50)), state.LastJobId);
    }
}
