using System.Diagnostics;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Registration;
using Bananas.Tasks.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Bananas.Tasks.Worker;

public sealed partial class BananasWorker
{
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
        var startedAt = _time.GetTimestamp();
        if (fetched.Job is not { } job)
        {
            var error = $"The job record in the queue engine could not be read: {fetched.DecodeError ?? "unknown format"}. Fix or delete the record; the job is in the dead letter queue.";
            await RecordFailureAsync(entry, "(unreadable)", attempts: 1, error, "MalformedJobRecord", permanent: true, startedAt).ConfigureAwait(false);
            return;
        }
        if (!_registry.TryGet(job.Name, out var invoker))
        {
            var known = _registry.Names.Count == 0 ? "none" : string.Join(", ", _registry.Names);
            var error = $"Unknown task '{job.Name}': worker {WorkerId} has no handler registered under that name (registered: {known}). Deploy a worker that has it; the job is retried with backoff and can be requeued from the dead letter queue.";
            await RecordFailureAsync(entry, job.Name, job.Attempts, error, "UnknownTask", permanent: false, startedAt).ConfigureAwait(false);
            return;
        }

        var timeout = job.Timeout ?? _options.JobTimeout;
        using var timeoutCts = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeoutCts.Token, entry.CancelRequested.Token, entry.LeaseLost.Token, _abortJobs.Token);
        using var abandon = new CancellationTokenSource();
        ITimer? graceTimer = null;
        using var onCancel = linked.Token.Register(() =>
            graceTimer = _time.CreateTimer(_ => TryCancel(abandon), null, _options.TimeoutGrace, Timeout.InfiniteTimeSpan));

        string? result;
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            Task<string?> handler;
            try
            {
                handler = invoker(new TaskContext(job, scope.ServiceProvider, linked.Token)).AsTask();
            }
            catch (Exception ex)
            {
                handler = Task.FromException<string?>(ex);
            }
            result = await handler.WaitAsync(abandon.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (linked.IsCancellationRequested)
        {
            var hung = abandon.IsCancellationRequested;
            if (_abortJobs.IsCancellationRequested)
            {
                await ReleaseAsync(entry).ConfigureAwait(false);
                return;
            }
            if (entry.LeaseLost.IsCancellationRequested)
            {
                Interlocked.Exchange(ref entry.Settled, 1);
                Log.LeaseLost(_logger, job.Id.Value);
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
                Log.HandlerIgnoredCancellation(_logger, job.Id.Value, job.Name, (long)_options.TimeoutGrace.TotalMilliseconds, reason);
                message += $" The handler ignored its CancellationToken for {FormatDuration(_options.TimeoutGrace)} afterwards and was abandoned.";
            }
            await RecordFailureAsync(entry, job.Name, job.Attempts, message, type, permanent, startedAt).ConfigureAwait(false);
            return;
        }
        catch (Exception ex)
        {
            await RecordFailureAsync(entry, job.Name, job.Attempts, ex.Message, ex.GetType().FullName ?? ex.GetType().Name, ex is PermanentJobException, startedAt).ConfigureAwait(false);
            return;
        }
        finally
        {
            graceTimer?.Dispose();
        }

        await RecordSuccessAsync(entry, job, result, startedAt).ConfigureAwait(false);
    }

    private async Task RecordSuccessAsync(InFlightJob entry, JobRecord job, string? result, long startedAt)
    {
        if (Interlocked.Exchange(ref entry.Settled, 1) != 0) return;
        var duration = _time.GetElapsedTime(startedAt);
        var completion = new JobCompletion(job.Id, entry.Fetched.LeaseToken, result, duration);
        var acked = await AckAsync(completion).ConfigureAwait(false);
        BananasTelemetry.JobDuration.Record(duration.TotalMilliseconds, BananasTelemetry.Tags(job.Name, job.RoutingKey));
        if (acked is not { } held)
        {
            BananasTelemetry.JobsFailed.Add(1, BananasTelemetry.Tags(job.Name, job.RoutingKey, BananasTelemetry.OutcomeUnrecorded));
            Log.OutcomeNotRecorded(_logger, job.Id.Value, job.Name, "completion", UnrecordedReason());
        }
        else if (held)
        {
            BananasTelemetry.JobsCompleted.Add(1, BananasTelemetry.Tags(job.Name, job.RoutingKey));
            Log.JobCompleted(_logger, job.Id.Value, job.Name, (long)duration.TotalMilliseconds);
        }
        else
        {
            BananasTelemetry.JobsFailed.Add(1, BananasTelemetry.Tags(job.Name, job.RoutingKey, "lease_lost"));
            Log.LeaseLost(_logger, job.Id.Value);
        }
    }

    private async Task RecordFailureAsync(InFlightJob entry, string taskName, int attempts, string error, string errorType, bool permanent, long startedAt)
    {
        if (Interlocked.Exchange(ref entry.Settled, 1) != 0) return;
        var delay = RetryBackoff.Compute(Math.Max(1, attempts), _options.RetryBaseDelay, _options.RetryMaxDelay, _options.RetryJitter, Random.Shared.NextDouble());
        var retryAt = _time.GetUtcNow() + delay;
        var failure = new JobFailure(entry.Fetched.Id, entry.Fetched.LeaseToken, error, errorType, permanent, retryAt, _time.GetElapsedTime(startedAt));
        var (recorded, outcome) = await WithEngineRetryAsync(() => $"recording the failure of job {entry.Fetched.Id}",
            ct => _engine.FailAsync(failure, ct)).ConfigureAwait(false);
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
            Log.OutcomeNotRecorded(_logger, entry.Fetched.Id.Value, taskName, "failure", UnrecordedReason());
            return;
        }
        switch (outcome)
        {
            case FailOutcome.Retrying:
                Log.JobRetrying(_logger, entry.Fetched.Id.Value, taskName, attempts, retryAt, errorType, error);
                break;
            case FailOutcome.DeadLettered:
                Log.JobDead(_logger, entry.Fetched.Id.Value, taskName, errorType, error);
                break;
            case FailOutcome.LeaseLost:
                Log.LeaseLost(_logger, entry.Fetched.Id.Value);
                break;
        }
    }

    /// <summary>
    /// Records an outcome, retrying while the engine is unreachable (Redis down) for up to twice the lease.
    /// Past that the lease has expired anyway and maintenance hands the job to another worker, so it is not lost.
    /// <c>Recorded</c> is false when it gave up: then <c>Value</c> is meaningless (a default, never an answer).
    /// </summary>
    private async Task<(bool Recorded, T Value)> WithEngineRetryAsync<T>(Func<string> describe, Func<CancellationToken, Task<T>> call)
    {
        var giveUpAt = _time.GetUtcNow() + GiveUpAfter;
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                return (true, await call(CancellationToken.None).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                if (_time.GetUtcNow() >= giveUpAt || _abortJobs.IsCancellationRequested)
                {
                    Log.EngineError(_logger, ex, WorkerId, describe() + " (giving up; the expired lease returns the job to its queue)", 0);
                    return (false, default!);
                }
                Log.EngineError(_logger, ex, WorkerId, describe(), (long)delay.TotalMilliseconds);
                await Task.Delay(delay, _time).ConfigureAwait(false);
                delay = NextBackoff(delay);
            }
        }
    }

    /// <summary>How long recording an outcome is retried: twice the lease, after which the lease has expired anyway.</summary>
    private TimeSpan GiveUpAfter => _options.LeaseDuration * 2;

    private string UnrecordedReason() => _abortJobs.IsCancellationRequested
        ? "the worker is past its shutdown timeout and the queue engine did not answer"
        : $"the queue engine stayed unreachable for {GiveUpAfter.TotalMilliseconds:0} ms";

    private static string FormatDuration(TimeSpan value) =>
        value.TotalSeconds >= 1 && value.Milliseconds == 0 ? $"{value.TotalSeconds:0.###}s" : $"{value.TotalMilliseconds:0.###}ms";
}
