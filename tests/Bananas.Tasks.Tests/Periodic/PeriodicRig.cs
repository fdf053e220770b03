using Bananas.Tasks.Engine;
using Bananas.Tasks.InMemory;
using Bananas.Tasks.Periodic;
using Microsoft.Extensions.Time.Testing;

namespace Bananas.Tasks.Tests.Periodic;

/// <summary>A fake clock, an engine on that clock (in-memory unless given), a cron store, and schedulers built over them.</summary>
internal sealed class PeriodicRig
{
    /// <param name="store">The cron store.</param>
    /// <param name="start">Where the fake clock starts.</param>
    /// <param name="engine">Builds the engine on the fake clock; null: an in-memory engine.</param>
    public PeriodicRig(ICronStore store, DateTimeOffset start, Func<TimeProvider, IQueueEngine>? engine = null)
    {
        Store = store;
        Time = new FakeTimeProvider(start);
        Engine = engine?.Invoke(Time) ?? new InMemoryQueueEngine(new QueueEngineOptions { TimeProvider = Time });
    }

    public FakeTimeProvider Time { get; }
    public IQueueEngine Engine { get; }
    public ICronStore Store { get; }

    public PeriodicScheduler Scheduler(params PeriodicTaskDefinition[] definitions) => new(definitions, Engine, Store, Time);

    /// <summary>Ticks <paramref name="scheduler"/> now and then after every <paramref name="step"/> until <paramref name="end"/> (inclusive).</summary>
    public async Task<List<PeriodicFiring>> RunUntilAsync(PeriodicScheduler scheduler, DateTimeOffset end, TimeSpan step)
    {
        var firings = new List<PeriodicFiring>();
        while (true)
        {
            firings.AddRange((await scheduler.RunOnceAsync()).Firings);
            if (Time.GetUtcNow() + step > end) return firings;
            Time.Advance(step);
        }
    }

    public async Task<long> PendingJobsAsync() =>
        (await Engine.GetQueueDepthsAsync()).Routes.Values.Sum(r => r.Total);

    /// <summary>Leases every pending job of the default route (they become processing).</summary>
    public Task<IReadOnlyList<FetchedJob>> FetchAllAsync() =>
        Engine.FetchAsync(new FetchRequest([new RouteDemand(RoutingKey.Default, 100)], 100, TimeSpan.FromHours(1), "test-worker"));
}
