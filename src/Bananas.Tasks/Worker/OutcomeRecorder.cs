using System.Collections.Concurrent;
using System.Diagnostics;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Telemetry;

namespace Bananas.Tasks.Worker;

/// <summary>
/// Settles a job once: records its completion (through the <see cref="AckLoop"/>) or its failure, or hands it back
/// to its queue (shutdown). Each path logs and counts what happened, including "not recorded" when the engine
/// stayed unreachable past <see cref="OutcomeRetry.GiveUpAfter"/>.
/// </summary>
internal sealed class OutcomeRecorder(WorkerContext context, AckLoop acks, OutcomeRetry retry)
{
    /// <summary>
    /// Hands a completed execution to the ack loop and returns at once: the job's slot can take the next job while the
    /// ack is on the wire (so at low concurrency the next fetch and this ack travel together, not one after the other).
    /// The handler is done and <see cref="InFlightJob.Settled"/> is set, so nothing renews or cancels it any more; the
    /// outcome (completed, lease lost, not recorded) is logged and counted when the ack loop answers. The worker's stop
    /// waits for the ack loop to drain, so no completion is left unsent. <paramref name="keepCompleted"/> is the task's
    /// retention of completed jobs (null: the engine's).
    /// </summary>
    public void RecordSuccess(InFlightJob entry, JobRecord job, string? result, TimeSpan? keepCompleted, long startedAt)
    {
        if (Interlocked.Exchange(ref entry.Settled, 1) != 0) return;
        var duration = context.Time.GetElapsedTime(startedAt);
        var completion = new JobCompletion(job.Id, entry.Fetched.LeaseToken, result, duration, keepCompleted);
        var report = ReportAckAsync(acks.AckAsync(completion), entry.Fetched.Route, job, duration);
        if (report.IsCompleted) return;
        _reports[report] = true; // added before the removal is attached, so a report that ends meanwhile is removed too
        _ = report.ContinueWith(static (t, reports) => ((ConcurrentDictionary<Task, bool>)reports!).TryRemove(t, out _), _reports, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>The reports of completions still being logged and counted (the ack loop answered, their continuation had not run).</summary>
    private readonly ConcurrentDictionary<Task, bool> _reports = new();

    /// <summary>
    /// Ends when every completion handed over so far has been logged and counted: the worker's stop awaits it after the
    /// ack loop, before the last throughput counts are written, so a completion answered in the stop's last moments is
    /// counted (it was lost when its report ran after the final flush).
    /// </summary>
    public Task ReportedAsync() => Task.WhenAll(_reports.Keys);

    private async Task ReportAckAsync(Task<bool?> ack, RoutingKey route, JobRecord job, TimeSpan duration)
    {
        bool? acked;
        try
        {
            acked = await ack.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            WorkerLog.ConsumerFault(context.Logger, ex, context.WorkerId, job.Id.Value);
            return;
        }
        BananasTelemetry.JobDuration.Record(duration.TotalMilliseconds, BananasTelemetry.Tags(job.Name, job.RoutingKey));
        if (acked is not { } held)
        {
            BananasTelemetry.JobsFailed.Add(1, BananasTelemetry.Tags(job.Name, job.RoutingKey, BananasTelemetry.OutcomeUnrecorded));
            WorkerLog.OutcomeNotRecorded(context.Logger, job.Id.Value, job.Name, "completion", retry.UnrecordedReason());
        }
        else if (held)
        {
            context.Throughput.Record(route, failed: false);
            BananasTelemetry.JobsCompleted.Add(1, BananasTelemetry.Tags(job.Name, job.RoutingKey));
            WorkerLog.JobCompleted(context.Logger, job.Id.Value, job.Name, (long)duration.TotalMilliseconds);
        }
        else
        {
            BananasTelemetry.JobsFailed.Add(1, BananasTelemetry.Tags(job.Name, job.RoutingKey, "lease_lost"));
            WorkerLog.LeaseLost(context.Logger, job.Id.Value);
        }
    }

    public async Task RecordFailureAsync(InFlightJob entry, string taskName, int attempts, string error, string errorType, bool permanent, long startedAt)
    {
        if (Interlocked.Exchange(ref entry.Settled, 1) != 0) return;
        var options = context.Options;
        var delay = RetryBackoff.Compute(Math.Max(1, attempts), options.RetryBaseDelay, options.RetryMaxDelay, options.RetryJitter, Random.Shared.NextDouble());
        var retryAt = context.Time.GetUtcNow() + delay;
        var failure = new JobFailure(entry.Fetched.Id, entry.Fetched.LeaseToken, error, errorType, permanent, retryAt, context.Time.GetElapsedTime(startedAt));
        var (recorded, outcome) = await retry.RunAsync(() => $"recording the failure of job {entry.Fetched.Id}",
            ct => context.Engine.FailAsync(failure, ct)).ConfigureAwait(false);
        BananasTelemetry.JobDuration.Record(failure.Duration.TotalMilliseconds, BananasTelemetry.Tags(taskName, entry.Fetched.Route));
        BananasTelemetry.JobsFailed.Add(1, BananasTelemetry.Tags(taskName, entry.Fetched.Route, !recorded ? BananasTelemetry.OutcomeUnrecorded : outcome switch
        {
            FailOutcome.Retrying => "retry",
            FailOutcome.DeadLettered => "dead",
            FailOutcome.LeaseLost => "lease_lost",
            _ => outcome.ToString(),
        }));
        Activity.Current?.SetStatus(ActivityStatusCode.Error, error);
        if (!recorded)
        {
            WorkerLog.OutcomeNotRecorded(context.Logger, entry.Fetched.Id.Value, taskName, "failure", retry.UnrecordedReason());
            return;
        }
        if (outcome is FailOutcome.Retrying or FailOutcome.DeadLettered) context.Throughput.Record(entry.Fetched.Route, failed: true);
        switch (outcome)
        {
            case FailOutcome.Retrying:
                WorkerLog.JobRetrying(context.Logger, entry.Fetched.Id.Value, taskName, attempts, retryAt, errorType, error);
                break;
            case FailOutcome.DeadLettered:
                WorkerLog.JobDead(context.Logger, entry.Fetched.Id.Value, taskName, errorType, error);
                break;
            case FailOutcome.LeaseLost:
                WorkerLog.LeaseLost(context.Logger, entry.Fetched.Id.Value);
                break;
        }
    }

    /// <summary>
    /// Records a snooze (the handler threw <see cref="Snooze"/>): the job is scheduled <paramref name="delay"/> from now
    /// with the attempt not counted, retried while the engine is unreachable as a failure is.
    /// </summary>
    public async Task RecordSnoozeAsync(InFlightJob entry, JobRecord job, TimeSpan delay, long startedAt)
    {
        if (Interlocked.Exchange(ref entry.Settled, 1) != 0) return;
        var runAt = context.Time.GetUtcNow() + delay;
        var snooze = new JobSnooze(entry.Fetched.Id, entry.Fetched.LeaseToken, runAt, context.Time.GetElapsedTime(startedAt));
        var (recorded, held) = await retry.RunAsync(() => $"recording the snooze of job {entry.Fetched.Id}",
            ct => context.Engine.SnoozeAsync(snooze, ct)).ConfigureAwait(false);
        BananasTelemetry.JobDuration.Record(snooze.Duration.TotalMilliseconds, BananasTelemetry.Tags(job.Name, entry.Fetched.Route));
        BananasTelemetry.JobsSnoozed.Add(1, BananasTelemetry.Tags(job.Name, entry.Fetched.Route, !recorded ? BananasTelemetry.OutcomeUnrecorded : held ? "snoozed" : "lease_lost"));
        if (!recorded)
            WorkerLog.OutcomeNotRecorded(context.Logger, entry.Fetched.Id.Value, job.Name, "snooze", retry.UnrecordedReason());
        else if (held)
            WorkerLog.JobSnoozed(context.Logger, entry.Fetched.Id.Value, job.Name, (long)delay.TotalMilliseconds, runAt, job.Snoozes + 1);
        else
            WorkerLog.LeaseLost(context.Logger, entry.Fetched.Id.Value);
    }

    /// <summary>Hands a leased job back to the front of its queue, attempt not counted (shutdown), unless it is settled already.</summary>
    public async Task ReleaseAsync(InFlightJob job)
    {
        if (Interlocked.Exchange(ref job.Settled, 1) != 0) return;
        try
        {
            if (await context.Engine.ReleaseAsync(job.Lease, CancellationToken.None).ConfigureAwait(false))
            {
                BananasTelemetry.JobsReleased.Add(1);
                WorkerLog.JobReleased(context.Logger, job.Fetched.Id.Value);
            }
            else
                WorkerLog.LeaseLost(context.Logger, job.Fetched.Id.Value);
        }
        catch (Exception ex)
        {
            // The lease is still recorded in the engine: when it expires, maintenance puts the job back.
            WorkerLog.EngineError(context.Logger, ex, context.WorkerId, $"returning job {job.Fetched.Id} to its queue (its lease will expire and another worker will recover it)", 0);
        }
    }

    /// <summary>At the shutdown timeout: gives handlers that honour cancellation a moment to settle, then hands back the rest.</summary>
    public async Task ReleaseAllAsync(InFlightJobs inFlight)
    {
        var deadline = context.Time.GetUtcNow() + TimeSpan.FromSeconds(1);
        while (!inFlight.IsEmpty && context.Time.GetUtcNow() < deadline)
            await Task.Delay(TimeSpan.FromMilliseconds(20), context.Time).ConfigureAwait(false);
        foreach (var job in inFlight.Jobs.ToList())
            await ReleaseAsync(job).ConfigureAwait(false);
    }
}
