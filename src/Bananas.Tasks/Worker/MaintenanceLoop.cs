using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Worker;

/// <summary>
/// Promotes due scheduled jobs and retries to their own route's queue and recovers expired leases: one atomic engine
/// call per round (<see cref="IQueueEngine.MaintainAsync"/>), so every worker runs it at once safely. Between rounds it
/// sleeps until the next scheduled job is due or the earliest lease deadline (at most
/// <see cref="BananasWorkerOptions.MaintenanceInterval"/>), or until <c>wake</c> (a job was scheduled).
/// </summary>
internal sealed class MaintenanceLoop(WorkerContext context, AsyncSignal wake)
{
    private const int Batch = 1000;

    /// <summary>
    /// The engine's self checks: once at start (retried each run until it succeeds), then the dataset check at most
    /// every 5 s. Their findings are incidents (logged by the worker); an unreachable engine is left to the steps below.
    /// </summary>
    private async Task<(bool StartChecked, long LastDatasetCheck)> SelfCheckAsync(IEngineSelfChecks checks, bool startChecked, long lastDatasetCheck, CancellationToken stop)
    {
        try
        {
            if (!startChecked)
            {
                await checks.CheckAtStartAsync(stop).WaitAsync(stop).ConfigureAwait(false);
                return (true, context.Time.GetTimestamp());
            }
            if (context.Time.GetElapsedTime(lastDatasetCheck) < TimeSpan.FromSeconds(5)) return (true, lastDatasetCheck);
            await checks.CheckDatasetAsync(stop).WaitAsync(stop).ConfigureAwait(false);
            return (true, context.Time.GetTimestamp());
        }
        catch (Exception)
        {
            // unreachable (the steps below log it) or stopping: try again next run
            return (startChecked, lastDatasetCheck);
        }
    }

    /// <summary>Runs until <paramref name="stop"/>.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var engine = context.Engine;
        var errorDelay = TimeSpan.FromMilliseconds(200);
        var checks = engine as IEngineSelfChecks;
        bool startChecked = false;
        long lastDatasetCheck = 0;
        while (!stop.IsCancellationRequested)
        {
            var wait = context.Options.MaintenanceInterval;
            if (checks is not null)
            {
                if (!checks.MaintainChecksDataset || !startChecked)
                    (startChecked, lastDatasetCheck) = await SelfCheckAsync(checks, startChecked, lastDatasetCheck, stop).ConfigureAwait(false);
            }
            try
            {
                var round = await engine.MaintainAsync(Batch, stop).WaitAsync(stop).ConfigureAwait(false);
                if (round.Promoted > 0 || round.Recovered > 0) WorkerLog.Maintenance(context.Logger, round.Promoted, round.Recovered);
                if (round.Promoted >= Batch || round.Recovered >= Batch) continue;
                // Sleep until the next thing maintenance has to do: the earliest due job, the earliest lease deadline
                // (of any worker: a killed worker's lease is recovered when it expires), or the interval at most.
                var now = context.Time.GetUtcNow();
                if (round.NextDue is { } due) wait = Sooner(wait, due - now);
                if (round.NextLeaseDeadline is { } deadline) wait = Sooner(wait, deadline - now + TimeSpan.FromMilliseconds(1));
                errorDelay = TimeSpan.FromMilliseconds(200);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                WorkerLog.EngineError(context.Logger, ex, context.WorkerId, "maintenance", (long)errorDelay.TotalMilliseconds);
                wait = errorDelay;
                errorDelay = WorkerContext.NextBackoff(errorDelay);
            }
            try
            {
                await wake.WaitAsync(wait, context.Time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
        }
    }

    /// <summary>The shorter of the two waits, and never under 5 ms (a time already past runs the next round almost at once).</summary>
    private static TimeSpan Sooner(TimeSpan wait, TimeSpan until)
    {
        if (until < TimeSpan.FromMilliseconds(5)) until = TimeSpan.FromMilliseconds(5);
        return until < wait ? until : wait;
    }
}
