using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Worker;

/// <summary>
/// The worker's two pub/sub subscriptions: wake-ups (a queue of one of its routes became non-empty → <c>fetchWake</c>;
/// a job was scheduled → <c>maintenanceWake</c>) and cancel requests (fire the running job's
/// <see cref="InFlightJob.CancelRequested"/>). While the engine is unreachable it keeps retrying with backoff;
/// the loops fall back to polling meanwhile.
/// </summary>
internal sealed class WorkerSubscriptions(WorkerContext context, IReadOnlyList<RoutingKey> routes, InFlightJobs inFlight, AsyncSignal fetchWake, AsyncSignal maintenanceWake)
{
    /// <summary>Subscribes both, retrying until done or <paramref name="cancellationToken"/>; returns what it got (dispose each to unsubscribe).</summary>
    public async Task<List<IAsyncDisposable>> SubscribeAsync(CancellationToken cancellationToken)
    {
        var subscriptions = new List<IAsyncDisposable>();
        var delay = TimeSpan.FromMilliseconds(200);
        while (!cancellationToken.IsCancellationRequested && subscriptions.Count < 2)
        {
            try
            {
                if (subscriptions.Count == 0)
                {
                    subscriptions.Add(await context.Engine.SubscribeWakeUpAsync(routes, route =>
                    {
                        if (route is null) maintenanceWake.Set();
                        else fetchWake.Set();
                    }, cancellationToken).ConfigureAwait(false));
                }
                subscriptions.Add(await context.Engine.SubscribeCancellationsAsync(id =>
                {
                    if (inFlight.TryGet(id, out var job)) WorkerContext.TryCancel(job.CancelRequested);
                }, cancellationToken).ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                WorkerLog.EngineError(context.Logger, ex, context.WorkerId, "subscribing to wake-ups", (long)delay.TotalMilliseconds);
                await context.SleepAsync(delay, cancellationToken).ConfigureAwait(false);
                delay = WorkerContext.NextBackoff(delay);
            }
        }
        return subscriptions;
    }
}
