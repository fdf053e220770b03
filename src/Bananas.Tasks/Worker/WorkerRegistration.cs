using Bananas.Tasks.Admin;
using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Worker;

/// <summary>
/// Registers the worker in the engine (<c>{prefix}:workers</c> + <c>{prefix}:worker:{id}</c> with
/// <see cref="BananasWorkerOptions.WorkerTtl"/>) every <see cref="BananasWorkerOptions.HeartbeatInterval"/>, writing the
/// throughput counts in the same call, and refreshes the paused-routes gauge. At a clean stop it writes the last counts
/// and removes the registration. Does nothing on an engine without <see cref="IQueueEngineAdmin"/>.
/// </summary>
internal sealed class WorkerRegistration(WorkerContext context, IReadOnlyList<RoutingKey> routes, InFlightJobs inFlight)
{
    private readonly DateTimeOffset _startedAt = context.Time.GetUtcNow();

    private IQueueEngineAdmin? Admin => context.Engine as IQueueEngineAdmin;

    /// <summary>Heartbeats until <paramref name="stop"/> (the first one at once).</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        if (Admin is null) return;
        while (!stop.IsCancellationRequested)
        {
            await BeatAsync(stop).ConfigureAwait(false);
            await context.SleepAsync(context.Options.HeartbeatInterval, stop).ConfigureAwait(false);
        }
    }

    /// <summary>One heartbeat: registration and counts in one call, then the paused routes for the gauge. Errors are logged.</summary>
    public async Task BeatAsync(CancellationToken cancellationToken)
    {
        if (Admin is not { } admin) return;
        var counts = context.Throughput.Drain();
        try
        {
            var info = new WorkerInfo
            {
                Id = context.WorkerId,
                Host = Environment.MachineName,
                ProcessId = Environment.ProcessId,
                Routes = routes,
                Concurrency = context.Options.Concurrency,
                InFlight = inFlight.Running,
                StartedAt = _startedAt,
                LastHeartbeat = context.Time.GetUtcNow(),
            };
            await admin.RecordWorkerHeartbeatAsync(new WorkerHeartbeat(info, context.Options.WorkerTtl, counts), cancellationToken).WaitAsync(cancellationToken).ConfigureAwait(false);
            Telemetry.BananasTelemetry.ObservePaused(context.Engine, await admin.GetPausedRoutesAsync(cancellationToken).WaitAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            context.Throughput.Restore(counts);
        }
        catch (Exception ex)
        {
            context.Throughput.Restore(counts);
            WorkerLog.EngineError(context.Logger, ex, context.WorkerId, "writing the worker heartbeat", (long)context.Options.HeartbeatInterval.TotalMilliseconds);
        }
    }

    /// <summary>Clean stop: the last counts, then the registration removed.</summary>
    public async Task RemoveAsync()
    {
        if (Admin is not { } admin) return;
        var counts = context.Throughput.Drain();
        await admin.RemoveWorkerAsync(context.WorkerId, counts).ConfigureAwait(false);
    }
}
