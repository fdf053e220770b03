using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Worker;

/// <summary>
/// Renews the leases of running jobs every <see cref="BananasWorkerOptions.LeaseRenewInterval"/> (at most a third of
/// <see cref="BananasWorkerOptions.LeaseDuration"/>), in one call,
/// on a dedicated thread, so handlers that block thread-pool threads (synchronous I/O, Thread.Sleep) cannot starve
/// it into losing their leases. A lease the engine reports lost fires that job's <see cref="InFlightJob.LeaseLost"/>.
/// </summary>
internal sealed class LeaseHeartbeat(WorkerContext context, InFlightJobs inFlight)
{
    /// <summary>Starts the thread; the task completes when it has stopped (after <paramref name="stop"/>).</summary>
    public Task Start(CancellationToken stop)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Run(stop);
            }
            finally
            {
                done.TrySetResult();
            }
        })
        {
            IsBackground = true,
            Name = "bananas-heartbeat",
        };
        thread.Start();
        return done.Task;
    }

    /// <summary>The renewal period: <see cref="BananasWorkerOptions.LeaseRenewInterval"/>, at most a third of the lease, at least 10 ms.</summary>
    public static TimeSpan Interval(BananasWorkerOptions options) =>
        TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(10).Ticks, Math.Min(options.LeaseRenewInterval.Ticks, options.LeaseDuration.Ticks / 3)));

    private void Run(CancellationToken stop)
    {
        var engine = context.Engine;
        var leaseDuration = context.Options.LeaseDuration;
        var interval = Interval(context.Options);
        while (!stop.WaitHandle.WaitOne(interval))
        {
            var leases = inFlight.Jobs.Where(j => Volatile.Read(ref j.Settled) == 0).Select(j => j.Lease).ToList();
            if (leases.Count == 0) continue;
            try
            {
                // This thread exists so that renewing never waits for a thread-pool thread: engines that can renew
                // synchronously do so; for others the blocking wait still frees the heartbeat from timer starvation.
                var lost = engine is ISynchronousLeaseRenewal renewal
                    ? renewal.RenewLeases(leases, leaseDuration)
                    : engine.RenewLeasesAsync(leases, leaseDuration, stop).GetAwaiter().GetResult();
                foreach (var job in LostJobs(inFlight, leases, lost))
                {
                    WorkerLog.LeaseLost(context.Logger, job.Fetched.Id.Value);
                    WorkerContext.TryCancel(job.LeaseLost);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                WorkerLog.EngineError(context.Logger, ex, context.WorkerId, "renewing leases", (long)interval.TotalMilliseconds);
            }
        }
    }

    /// <summary>
    /// The running attempts whose lease the engine reported lost: by id, and only the attempt whose lease was sent. A
    /// renewal held on the wire (Redis restarting) can answer after that attempt expired and the same job was fetched
    /// again by this worker; the later attempt holds the id then, with another token, and is not the one that lost.
    /// </summary>
    internal static List<InFlightJob> LostJobs(InFlightJobs inFlight, IReadOnlyList<LeaseRef> sent, IReadOnlyList<JobId> lost)
    {
        var jobs = new List<InFlightJob>();
        if (lost.Count == 0) return jobs;
        var tokens = new Dictionary<JobId, string>(sent.Count);
        foreach (var lease in sent) tokens[lease.Id] = lease.LeaseToken;
        foreach (var id in lost)
        {
            if (inFlight.TryGet(id, out var job) && Volatile.Read(ref job.Settled) == 0
                && tokens.TryGetValue(id, out var token) && token == job.Fetched.LeaseToken)
                jobs.Add(job);
        }
        return jobs;
    }
}
