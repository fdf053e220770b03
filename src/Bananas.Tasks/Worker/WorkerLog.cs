using Microsoft.Extensions.Logging;

namespace Bananas.Tasks.Worker;

/// <summary>The worker's log messages (category <c>Bananas.Tasks.Worker.BananasWorker</c>; every loop logs through it).</summary>
internal static partial class WorkerLog
{
    [LoggerMessage(1, LogLevel.Information, "Bananas worker {WorkerId} started on the {Engine} engine: routes {Routes}, concurrency {Concurrency}")]
    public static partial void Started(ILogger logger, string workerId, string engine, string routes, int concurrency);

    [LoggerMessage(2, LogLevel.Information, "Bananas worker {WorkerId} stopped")]
    public static partial void Stopped(ILogger logger, string workerId);

    [LoggerMessage(3, LogLevel.Debug, "Job {JobId} ({Task}) completed in {DurationMs} ms")]
    public static partial void JobCompleted(ILogger logger, string jobId, string task, long durationMs);

    [LoggerMessage(4, LogLevel.Warning, "Job {JobId} ({Task}) failed on attempt {Attempt} and will be retried at {RetryAt:O}: {ErrorType}: {Error}")]
    public static partial void JobRetrying(ILogger logger, string jobId, string task, int attempt, DateTimeOffset retryAt, string errorType, string error);

    [LoggerMessage(5, LogLevel.Error, "Job {JobId} ({Task}) failed for good and is in the dead letter queue: {ErrorType}: {Error}")]
    public static partial void JobDead(ILogger logger, string jobId, string task, string errorType, string error);

    [LoggerMessage(6, LogLevel.Warning, "Job {JobId}: the lease was lost before the outcome was recorded (it expired or the job was cancelled); another worker may run it again")]
    public static partial void LeaseLost(ILogger logger, string jobId);

    [LoggerMessage(7, LogLevel.Error, "Bananas worker {WorkerId}: {Operation} failed; retrying in {DelayMs} ms")]
    public static partial void EngineError(ILogger logger, Exception exception, string workerId, string operation, long delayMs);

    [LoggerMessage(8, LogLevel.Critical, "Job {JobId} ({Task}) ignored cancellation for {GraceMs} ms after its {Reason}; the worker abandoned it and freed its slot, but its code may still be running")]
    public static partial void HandlerIgnoredCancellation(ILogger logger, string jobId, string task, long graceMs, string reason);

    [LoggerMessage(9, LogLevel.Information, "Job {JobId} returned to its queue at shutdown")]
    public static partial void JobReleased(ILogger logger, string jobId);

    [LoggerMessage(10, LogLevel.Debug, "Maintenance: {Promoted} scheduled jobs promoted, {Recovered} expired leases recovered")]
    public static partial void Maintenance(ILogger logger, int promoted, int recovered);

    [LoggerMessage(11, LogLevel.Information, "Bananas worker {WorkerId} stopping: no new jobs are fetched; waiting for {Running} running jobs")]
    public static partial void Stopping(ILogger logger, string workerId, int running);

    [LoggerMessage(13, LogLevel.Critical, "Bananas worker {WorkerId}: recording the outcome of job {JobId} failed unexpectedly; the consumer goes on and the job returns to its queue when its lease expires")]
    public static partial void ConsumerFault(ILogger logger, Exception exception, string workerId, string jobId);

    [LoggerMessage(14, LogLevel.Error, "Job {JobId} ({Task}): its {Outcome} was not recorded: {Reason}; its lease will expire and the job will be recovered and run again")]
    public static partial void OutcomeNotRecorded(ILogger logger, string jobId, string task, string outcome, string reason);

    [LoggerMessage(15, LogLevel.Warning, "Bananas worker {WorkerId}: the engine met {Kind} at {Key}: {Detail}")]
    public static partial void EngineIncident(ILogger logger, string workerId, string kind, string key, string detail);

    [LoggerMessage(16, LogLevel.Error, "Bananas worker {WorkerId}: the engine met {Kind} at {Key}: {Detail}")]
    public static partial void EngineIncidentError(ILogger logger, string workerId, string kind, string key, string detail);

    [LoggerMessage(17, LogLevel.Information, "Bananas worker {WorkerId}: {Kind} at {Key}: {Detail}")]
    public static partial void EngineIncidentInformation(ILogger logger, string workerId, string kind, string key, string detail);

    [LoggerMessage(18, LogLevel.Warning, "Bananas worker {WorkerId}: a fetch took {ElapsedMs} ms, past a third of the {LeaseMs} ms lease; {Lost} of its {Fetched} jobs had lost their lease meanwhile (recovered by maintenance) and are not run here")]
    public static partial void StaleFetchDropped(ILogger logger, string workerId, long elapsedMs, long leaseMs, int lost, int fetched);

    [LoggerMessage(19, LogLevel.Warning, "Bananas worker {WorkerId}: a fetch took {ElapsedMs} ms and its leases could not be confirmed; its {Fetched} jobs are not run here and return to their queues when their leases expire")]
    public static partial void StaleFetchUnconfirmed(ILogger logger, Exception exception, string workerId, long elapsedMs, int fetched);

    [LoggerMessage(20, LogLevel.Information, "Job {JobId} ({Task}) snoozed for {DelayMs} ms: it runs again at {RunAt:O}, the attempt not counted (snooze {Snoozes})")]
    public static partial void JobSnoozed(ILogger logger, string jobId, string task, long delayMs, DateTimeOffset runAt, int snoozes);

    [LoggerMessage(30, LogLevel.Warning, "Job {JobId}: a progress report could not be stored; the job keeps running and its later reports are still tried (this is logged once per execution)")]
    public static partial void ProgressWriteFailed(ILogger logger, Exception exception, string jobId);

    [LoggerMessage(12, LogLevel.Warning, "Bananas worker {WorkerId}: shutdown timeout reached with {Running} jobs still running; cancelling them and returning them to their queues")]
    public static partial void ShutdownTimeout(ILogger logger, string workerId, int running);
}
