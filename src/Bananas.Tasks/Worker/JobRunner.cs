using System.Diagnostics;
using System.Threading.Channels;
using Bananas.Tasks.Execution;
using Bananas.Tasks.Registration;
using Bananas.Tasks.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Bananas.Tasks.Worker;

/// <summary>
/// Runs jobs. The worker starts one <see cref="ConsumeAsync"/> per slot (no Task.Run per job); each takes jobs off
/// the ready channel and runs them in their own DI scope with a CancellationToken that fires on the job's timeout,
/// on a cancel request, when the lease is lost, and when the shutdown timeout aborts jobs. Every way a run ends
/// goes to the <see cref="OutcomeRecorder"/>; then the job's slot is freed (for a success, as soon as its ack is handed to the ack loop).
/// </summary>
internal sealed class JobRunner(
    WorkerContext context,
    TaskRegistry registry,
    IServiceScopeFactory scopes,
    InFlightJobs inFlight,
    OutcomeRecorder outcomes,
    CancellationToken stopFetching,
    CancellationToken abortJobs)
{
    /// <summary>One consumer: runs jobs until the ready channel completes. Once stopping, it hands jobs back instead.</summary>
    public async Task ConsumeAsync(ChannelReader<InFlightJob> ready)
    {
        await foreach (var job in ready.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                if (stopFetching.IsCancellationRequested) await outcomes.ReleaseAsync(job).ConfigureAwait(false);
                else await ExecuteJobAsync(job).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // A fault in the worker's own bookkeeping (not the handler's: those are recorded on the job) must not
                // take the consumer down. The job keeps its lease until it expires; then maintenance recovers it.
                WorkerLog.ConsumerFault(context.Logger, ex, context.WorkerId, job.Fetched.Id.Value);
            }
            finally
            {
                inFlight.Free(job);
            }
        }
    }

    private async Task ExecuteJobAsync(InFlightJob entry)
    {
        var job = entry.Fetched.Job;
        ActivityContext parent = default;
        if (job?.TraceParent is { } traceParent) ActivityContext.TryParse(traceParent, null, out parent);
        using var activity = BananasTelemetry.ActivitySource.StartActivity("bananas.job", ActivityKind.Consumer, parent);
        if (activity is not null)
        {
            activity.SetTag("bananas.job.id", entry.Fetched.Id.Value);
            activity.SetTag("bananas.task", job?.Name);
            activity.SetTag("bananas.route", entry.Fetched.Route.Value);
            activity.SetTag("bananas.job.attempt", job?.Attempts);
        }
        BananasTelemetry.JobsRunning.Add(1);
        try
        {
            await RunJobAsync(entry).ConfigureAwait(false);
        }
        finally
        {
            BananasTelemetry.JobsRunning.Add(-1);
        }
    }

    private async Task RunJobAsync(InFlightJob entry)
    {
        var fetched = entry.Fetched;
        var options = context.Options;
        var startedAt = context.Time.GetTimestamp();
        if (fetched.Job is not { } job)
        {
            var error = $"The job record in the queue engine could not be read: {fetched.DecodeError ?? "unknown format"}. Fix or delete the record; the job is in the dead letter queue.";
            await outcomes.RecordFailureAsync(entry, "(unreadable)", attempts: 1, error, "MalformedJobRecord", permanent: true, startedAt).ConfigureAwait(false);
            return;
        }
        if (!registry.TryGet(job.Name, out var invoker))
        {
            var known = registry.Names.Count == 0 ? "none" : string.Join(", ", registry.Names);
            var error = $"Unknown task '{job.Name}': worker {context.WorkerId} has no handler registered under that name (registered: {known}). Deploy a worker that has it; the job is retried with backoff and can be requeued from the dead letter queue.";
            await outcomes.RecordFailureAsync(entry, job.Name, job.Attempts, error, "UnknownTask", permanent: false, startedAt).ConfigureAwait(false);
            return;
        }

        var timeout = job.Timeout ?? options.JobTimeout;
        using var timeoutCts = new CancellationTokenSource(timeout, context.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeoutCts.Token, entry.CancelRequested.Token, entry.LeaseLost.Token, abortJobs);
        using var abandon = new CancellationTokenSource();
        ITimer? graceTimer = null;
        using var onCancel = linked.Token.Register(() =>
            graceTimer = context.Time.CreateTimer(_ => WorkerContext.TryCancel(abandon), null, options.TimeoutGrace, Timeout.InfiniteTimeSpan));

        string? result;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var progress = new ProgressReporter(context.Engine, entry.Lease, context.Time, context.Logger);
            Task<string?> handler;
            try
            {
                handler = invoker(new TaskContext(job, scope.ServiceProvider, linked.Token, progress)).AsTask();
            }
            catch (Exception ex)
            {
                handler = Task.FromException<string?>(ex);
            }
            try
            {
                result = await handler.WaitAsync(abandon.Token).ConfigureAwait(false);
            }
            finally
            {
                await progress.FlushAsync().ConfigureAwait(false); // the last report is stored before the outcome
            }
        }
        catch (Exception ex) when (linked.IsCancellationRequested)
        {
            var hung = abandon.IsCancellationRequested;
            if (abortJobs.IsCancellationRequested)
            {
                await outcomes.ReleaseAsync(entry).ConfigureAwait(false);
                return;
            }
            if (entry.LeaseLost.IsCancellationRequested)
            {
                Interlocked.Exchange(ref entry.Settled, 1);
                WorkerLog.LeaseLost(context.Logger, job.Id.Value);
                return;
            }
            // A cancel request wins over a snooze thrown at the same time (it is failed as cancelled below); after the
            // timeout fired, a Snooze the handler threw is its answer and is honoured.
            if (ex is Snooze lateSnooze && !hung && !entry.CancelRequested.IsCancellationRequested)
            {
                await outcomes.RecordSnoozeAsync(entry, job, lateSnooze.Delay, startedAt).ConfigureAwait(false);
                return;
            }
            string reason, message, type;
            bool permanent;
            if (entry.CancelRequested.IsCancellationRequested)
            {
                (reason, message, type, permanent) = ("cancel request", "The job was cancelled while it was running.", "JobCancelled", true);
            }
            else if (timeoutCts.IsCancellationRequested)
            {
                (reason, message, type, permanent) = ("timeout", $"The job exceeded its timeout of {FormatDuration(timeout)}.", "JobTimeout", false);
            }
            else
            {
                (reason, message, type, permanent) = ("failure", ex.Message, ex.GetType().FullName ?? ex.GetType().Name, ex is PermanentJobException);
            }
            if (hung)
            {
                WorkerLog.HandlerIgnoredCancellation(context.Logger, job.Id.Value, job.Name, (long)options.TimeoutGrace.TotalMilliseconds, reason);
                message += $" The handler ignored its CancellationToken for {FormatDuration(options.TimeoutGrace)} afterwards and was abandoned.";
            }
            await outcomes.RecordFailureAsync(entry, job.Name, job.Attempts, message, type, permanent, startedAt).ConfigureAwait(false);
            return;
        }
        catch (Snooze snooze)
        {
            await outcomes.RecordSnoozeAsync(entry, job, snooze.Delay, startedAt).ConfigureAwait(false);
            return;
        }
        catch (Exception ex)
        {
            await outcomes.RecordFailureAsync(entry, job.Name, job.Attempts, ex.Message, ex.GetType().FullName ?? ex.GetType().Name, ex is PermanentJobException, startedAt).ConfigureAwait(false);
            return;
        }
        finally
        {
            graceTimer?.Dispose();
        }

        outcomes.RecordSuccess(entry, job, result, registry.SettingsOf(job.Name).KeepCompleted, startedAt);
    }

    private static string FormatDuration(TimeSpan value) =>
        value.TotalSeconds >= 1 && value.Milliseconds == 0 ? $"{value.TotalSeconds:0.###}s" : $"{value.TotalMilliseconds:0.###}ms";
}
