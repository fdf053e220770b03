using Bananas.Tasks.Chaos.Orchestration;

namespace Bananas.Tasks.Chaos.Scenarios;

/// <summary>
/// Sizes of a run: <c>--ci</c> picks the small ones (≤ 8 min on 2 cores) that still meet the goals of
/// reliability-plan.md §0: ≥ 50 worker kills, ≥ 10 Redis kills (5 per fsync policy), ≥ 10 partitions, ≥ 120 cron ticks
/// (3 schedules × 60 s), ≥ 80 bad inputs.
/// </summary>
internal sealed record RunSettings(bool Ci)
{
    public int KillTarget { get; init; } = Ci ? 55 : 120;
    public int StopCycles { get; init; } = Ci ? 2 : 4;
    public int RedisKills { get; init; } = Ci ? 5 : 10;
    public int Partitions { get; init; } = Ci ? 10 : 20;
    public TimeSpan StormFor { get; init; } = TimeSpan.FromSeconds(Ci ? 20 : 40);
    public TimeSpan CronFor { get; init; } = TimeSpan.FromSeconds(Ci ? 60 : 130);
    public Random Random { get; } = new(Ci ? 9 : Environment.TickCount);
}

/// <summary>One fault scenario: sets up processes on its own redis-server, injects its faults, drains, and fills its result (the checker runs after).</summary>
internal abstract class Scenario
{
    public abstract string Name { get; }
    public abstract string Title { get; }

    /// <summary>Runs the scenario; the orchestrator disposes the context (kills everything) afterwards whatever happens.</summary>
    public abstract Task RunAsync(ScenarioContext ctx, RunSettings settings, ScenarioResult result);

    /// <summary>True when workers are designed to crash here (the poison pill); elsewhere any worker exit is a violation.</summary>
    public virtual bool WorkersMayCrash => false;

    /// <summary>How the general checker judges this scenario (null: the scenario judges itself, e.g. the bad-input table).</summary>
    public virtual CheckOptions? CheckOptions => new();

    /// <summary>AOF fsync policy of this scenario's redis-server.</summary>
    public virtual string Fsync => "always";

    protected static async Task WaitReadyAsync(params Child[] children)
    {
        foreach (var c in children)
        {
            try
            {
                await c.Ready.WaitAsync(TimeSpan.FromSeconds(60));
            }
            catch (TimeoutException)
            {
                throw new InvalidOperationException($"{c.Role} {c.Name} (pid {c.Pid}) was not ready within 60 s; see its log in the scenario folder");
            }
        }
    }

    protected static async Task DrainOrNoteAsync(ScenarioContext ctx, ScenarioResult result, Child? producer, TimeSpan limit)
    {
        if (producer is not null && !await producer.WaitForExitAsync(TimeSpan.FromSeconds(120)))
            result.Notes.Add("the producer did not finish within 120 s");
        if (!await ctx.WaitDrainAsync(limit, () => producer is null || producer.HasExited))
            result.Notes.Add($"the queues did not drain within {limit.TotalSeconds:0} s (what is left shows as lost or stuck below)");
    }
}
