using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Worker;

/// <summary>
/// Promotes due scheduled jobs and retries to their own route's queue and recovers expired leases, each step one
/// atomic engine call, so every worker runs it at once safely. Between runs it sleeps until the next scheduled job
/// is due (at most <see cref="BananasWorkerOptions.MaintenanceInterval"/>), or until <c>wake</c> (a job was scheduled).
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
            if (checks is not null) (startChecked, lastDatasetCheck) = await SelfCheckAsync(checks, startChecked, lastDatasetCheck, stop).ConfigureAwait(false);
            try
            {
                var promoted = await engine.PromoteDueAsync(Batch, stop).WaitAsync(stop).ConfigureAwait(false);
                var recovered = await engine.RecoverExpiredLeasesAsync(Batch, stop).WaitAsync(stop).ConfigureAwait(false);
                if (promoted > 0 || recovered > 0) WorkerLog.Maintenance(context.Logger, promoted, recovered);
                if (promoted >= Batch || recovered >= Batch) continue;
                var next = await engine.GetNextScheduledAsync(stop).WaitAsync(stop).ConfigureAwait(false);
                if (next is { } due)
                {
                    var untilDue = due - context.Time.GetUtcNow();
                    if (untilDue < wait) wait = untilDue < TimeSpan.FromMilliseconds(5) ? TimeSpan.FromMilliseconds(5) : untilDue;
                }
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
}
