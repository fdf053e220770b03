using System.Threading.Channels;
using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Worker;

/// <summary>
/// Leases jobs in the worker's serving order, never more than its free slots (overall and per route) and at most
/// <see cref="BananasWorkerOptions.FetchBatchSize"/> per round trip, and writes them to the ready channel for the
/// consumers. With nothing to fetch or no free slot it waits for <c>wake</c> (a pub/sub wake-up or a freed slot;
/// it resumes inline on the setter's thread) or the fallback poll of <see cref="BananasWorkerOptions.IdlePollInterval"/>.
/// </summary>
internal sealed class FetchLoop(WorkerContext context, InFlightJobs inFlight, ChannelWriter<InFlightJob> ready, AsyncSignal wake, OutcomeRecorder outcomes)
{
    private Task _lateFetch = Task.CompletedTask;

    /// <summary>Hands back the jobs of a fetch that was still on the wire when stopping began (completed when there was none).</summary>
    public Task LateFetch => _lateFetch;

    /// <summary>Runs until <paramref name="stop"/>.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var options = context.Options;
        var errorDelay = TimeSpan.FromMilliseconds(100);
        // The batch grows while fetches come back full (a backlog: fewer round trips drain it, and the later routes and
        // priorities are not left waiting behind 32 jobs a trip), up to MaxAdaptiveBatch, and falls back when one is not.
        var batch = options.FetchBatchSize;
        while (!stop.IsCancellationRequested)
        {
            var demands = inFlight.Demands(out var free);
            if (free <= 0 || demands.Count == 0)
            {
                await WaitForWakeAsync(options.IdlePollInterval, stop).ConfigureAwait(false);
                continue;
            }

            var max = Math.Min(free, batch);
            IReadOnlyList<FetchedJob> fetched;
            var fetchStarted = context.Time.GetTimestamp();
            try
            {
                var fetch = context.Engine.FetchAsync(new FetchRequest(demands, max, options.LeaseDuration, context.WorkerId), stop);
                try
                {
                    fetched = await fetch.WaitAsync(stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    // Stopping while a fetch is still on the wire (Redis slow or down): do not wait for it, but hand
                    // back whatever it leases once it completes, so those jobs do not sit out a lease.
                    _lateFetch = ReleaseLateFetchAsync(fetch);
                    break;
                }
                errorDelay = TimeSpan.FromMilliseconds(100);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                WorkerLog.EngineError(context.Logger, ex, context.WorkerId, "fetching jobs", (long)errorDelay.TotalMilliseconds);
                await context.SleepAsync(errorDelay, stop).ConfigureAwait(false);
                errorDelay = WorkerContext.NextBackoff(errorDelay);
                continue;
            }

            batch = fetched.Count == max && max == batch ? Math.Min(Math.Max(batch, MaxAdaptiveBatch(options)), batch * 2) : options.FetchBatchSize;
            var elapsed = context.Time.GetElapsedTime(fetchStarted);
            if (fetched.Count > 0 && elapsed > options.LeaseDuration / 3)
                fetched = await KeepConfirmedAsync(fetched, elapsed, stop).ConfigureAwait(false);

            foreach (var job in fetched)
            {
                var entry = inFlight.Add(job);
                // The channel holds at most Concurrency items and we never fetch more than the free slots.
                await ready.WriteAsync(entry, CancellationToken.None).ConfigureAwait(false);
            }

            if (fetched.Count == 0)
                await WaitForWakeAsync(options.IdlePollInterval, stop).ConfigureAwait(false);
        }
    }

    /// <summary>The largest batch a backlog grows the fetch to: 256, or FetchBatchSize when that is larger.</summary>
    private static int MaxAdaptiveBatch(BananasWorkerOptions options) => Math.Max(256, options.FetchBatchSize);

    /// <summary>
    /// The leases of a fetch are computed from the clock when the call was made: a fetch that spent long on the wire
    /// (queued behind a Redis restart, a client stall) may deliver leases that expired meanwhile and that maintenance
    /// already recovered, so the same jobs may be running elsewhere. Before running such jobs the worker renews their
    /// leases (fenced by the token) and keeps only those it still holds; if it cannot confirm them, it runs none
    /// (their leases expire and they are recovered: never two attempts at once).
    /// </summary>
    private async Task<IReadOnlyList<FetchedJob>> KeepConfirmedAsync(IReadOnlyList<FetchedJob> fetched, TimeSpan elapsed, CancellationToken stop)
    {
        IReadOnlyList<JobId> lost;
        try
        {
            lost = await context.Engine.RenewLeasesAsync(fetched.Select(j => j.Lease).ToList(), context.Options.LeaseDuration, stop).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            WorkerLog.StaleFetchUnconfirmed(context.Logger, ex, context.WorkerId, (long)elapsed.TotalMilliseconds, fetched.Count);
            return [];
        }
        if (lost.Count == 0) return fetched;
        WorkerLog.StaleFetchDropped(context.Logger, context.WorkerId, (long)elapsed.TotalMilliseconds, (long)context.Options.LeaseDuration.TotalMilliseconds, lost.Count, fetched.Count);
        var lostIds = lost.ToHashSet();
        return fetched.Where(j => !lostIds.Contains(j.Id)).ToList();
    }

    private async Task WaitForWakeAsync(TimeSpan timeout, CancellationToken stop)
    {
        try
        {
            await wake.WaitAsync(timeout, context.Time, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private async Task ReleaseLateFetchAsync(Task<IReadOnlyList<FetchedJob>> fetch)
    {
        IReadOnlyList<FetchedJob> late;
        try
        {
            late = await fetch.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The fetch failed, so it leased nothing; say why, since nobody else awaits it.
            WorkerLog.EngineError(context.Logger, ex, context.WorkerId, "a fetch abandoned at shutdown", 0);
            return;
        }
        foreach (var job in late)
        {
            var entry = new InFlightJob(job, -1);
            await outcomes.ReleaseAsync(entry).ConfigureAwait(false);
            entry.Dispose();
        }
    }
}
