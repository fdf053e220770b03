namespace Bananas.Tasks.Engine;

/// <summary>
/// The queue engine seam. Every method is one atomic state transition (one Lua script on Redis,
/// one lock on the in-memory engine). Both implementations pass the same conformance suite.
/// All times come from the engine's <see cref="TimeProvider"/>.
/// </summary>
public interface IQueueEngine : IAsyncDisposable
{
    /// <summary>Short name for logs: <c>redis</c> or <c>in-memory</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Stores a job and queues it: pending in its route/priority queue, or scheduled when
    /// <see cref="JobRecord.ScheduledFor"/> is in the future. Returns false (and changes nothing) when a job
    /// with that id already exists, so a retried enqueue is idempotent.
    /// </summary>
    Task<bool> EnqueueAsync(JobRecord job, CancellationToken cancellationToken = default);

    /// <summary>
    /// Enqueues as <see cref="EnqueueAsync"/> does and says why a job was not stored: its id exists, or it is unique
    /// (<see cref="JobRecord.UniqueLock"/>) and the job holding the lock is still in the scope (then
    /// <see cref="EnqueueOutcome.DuplicateOf"/> names it). The check and the lock are atomic with the store.
    /// </summary>
    Task<EnqueueOutcome> TryEnqueueAsync(JobRecord job, CancellationToken cancellationToken = default);

    /// <summary>Enqueues many jobs in as few round trips as possible; returns how many were new.</summary>
    Task<int> EnqueueManyAsync(IReadOnlyList<JobRecord> jobs, CancellationToken cancellationToken = default);

    /// <summary>
    /// Leases up to <see cref="FetchRequest.MaxJobs"/> jobs, taking routes in the given order and, within a route,
    /// high before normal before low; FIFO within a queue. Each job becomes <c>processing</c>, its attempts grow by
    /// one, and it gets a lease that expires unless renewed.
    /// </summary>
    Task<IReadOnlyList<FetchedJob>> FetchAsync(FetchRequest request, CancellationToken cancellationToken = default);

    /// <summary>Completes leased jobs and stores their results. Returns, per completion, false when the lease was lost.</summary>
    Task<IReadOnlyList<bool>> AckAsync(IReadOnlyList<JobCompletion> completions, CancellationToken cancellationToken = default);

    /// <summary>Records a failure: schedules a retry at <see cref="JobFailure.RetryAt"/>, or dead-letters the job when it is permanent or out of retries.</summary>
    Task<FailOutcome> FailAsync(JobFailure failure, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a snooze (<see cref="Snooze"/>): the lease is removed and the job is scheduled at <see cref="JobSnooze.RunAt"/>
    /// (promotion queues it, like a retry), its attempts go back by one (never below 0) and its <see cref="JobRecord.Snoozes"/>
    /// grow by one; no error is recorded and the job's error fields are left as they were. False (nothing changed) when
    /// the lease was no longer held, as for <see cref="FailAsync"/>.
    /// </summary>
    Task<bool> SnoozeAsync(JobSnooze snooze, CancellationToken cancellationToken = default);

    /// <summary>Extends leases still held with these tokens; returns the ids whose lease was lost.</summary>
    Task<IReadOnlyList<JobId>> RenewLeasesAsync(IReadOnlyList<LeaseRef> leases, TimeSpan leaseDuration, CancellationToken cancellationToken = default);

    /// <summary>Hands a leased job back to the front of its queue without counting the attempt (graceful shutdown). False when the lease was lost.</summary>
    Task<bool> ReleaseAsync(LeaseRef lease, CancellationToken cancellationToken = default);

    /// <summary>Moves due scheduled jobs (delayed jobs and retries) to their own route's queue. Safe to run in every process at once.</summary>
    Task<int> PromoteDueAsync(int maxJobs, CancellationToken cancellationToken = default);

    /// <summary>
    /// Puts jobs whose lease expired back at the front of their queue (or dead-letters them when that execution
    /// was their last allowed one). Safe to run in every process at once.
    /// </summary>
    Task<int> RecoverExpiredLeasesAsync(int maxJobs, CancellationToken cancellationToken = default);

    /// <summary>
    /// One maintenance round as one atomic step: <see cref="PromoteDueAsync"/>, then <see cref="RecoverExpiredLeasesAsync"/>
    /// (each up to <paramref name="maxJobs"/>), and when the next round is needed: the due time of the earliest scheduled
    /// job and the earliest lease deadline (of any worker), so an idle worker sleeps until then instead of polling.
    /// </summary>
    Task<MaintenanceRound> MaintainAsync(int maxJobs, CancellationToken cancellationToken = default);

    /// <summary>Due time of the earliest scheduled job, or null when none is scheduled.</summary>
    Task<DateTimeOffset?> GetNextScheduledAsync(CancellationToken cancellationToken = default);

    /// <summary>The job, or null when no record exists (or it expired after completion).</summary>
    Task<JobRecord?> GetJobAsync(JobId id, CancellationToken cancellationToken = default);

    /// <summary>Depths of every route ever used (or of the given routes), per priority, plus scheduled, processing and dead counts.</summary>
    Task<QueueDepths> GetQueueDepthsAsync(IReadOnlyList<RoutingKey>? routes = null, CancellationToken cancellationToken = default);

    /// <summary>Dead-lettered jobs, newest first.</summary>
    Task<IReadOnlyList<JobRecord>> ListDeadAsync(int offset, int count, CancellationToken cancellationToken = default);

    /// <summary>Moves a dead job back to its queue with attempts reset. False when it is not in the dead letter queue.</summary>
    Task<bool> RequeueDeadAsync(JobId id, CancellationToken cancellationToken = default);

    /// <summary>Deletes a dead job and its record. False when it is not in the dead letter queue.</summary>
    Task<bool> DeleteDeadAsync(JobId id, CancellationToken cancellationToken = default);

    /// <summary>The stored result of a finished job, or null while it has none (or it expired).</summary>
    Task<JobResult?> GetResultAsync(JobId id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits until the job has a result. Subscribes before it checks the stored result, so a job that finishes in
    /// between is never missed. Cancellation stops the wait, not the job.
    /// </summary>
    Task<JobResult> WaitForResultAsync(JobId id, CancellationToken cancellationToken);

    /// <summary>
    /// Cancels a job: a pending or scheduled job is removed from its queue and marked failed (it never runs);
    /// a processing job gets a cancel signal that fires its CancellationToken in the worker.
    /// </summary>
    Task<CancelOutcome> CancelAsync(JobId id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Calls <paramref name="onWake"/> when a queue of one of these routes goes from empty to non-empty,
    /// or a job becomes scheduled. A hint only: callers still poll slowly.
    /// </summary>
    Task<IAsyncDisposable> SubscribeWakeUpAsync(IReadOnlyList<RoutingKey> routes, Action<RoutingKey?> onWake, CancellationToken cancellationToken = default);

    /// <summary>Calls <paramref name="onCancel"/> with the id of a processing job someone asked to cancel.</summary>
    Task<IAsyncDisposable> SubscribeCancellationsAsync(Action<JobId> onCancel, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores the latest progress report of a leased job (<see cref="JobRecord.Progress"/>, replacing the previous one,
    /// with <see cref="JobRecord.ProgressAt"/> = now) and notifies the job's progress subscribers
    /// (<see cref="SubscribeProgressAsync"/>). Fenced by the lease token like ack and renew: false (nothing changed) when
    /// the lease is no longer held. Throws <see cref="ArgumentException"/> when <paramref name="progressJson"/> is not JSON
    /// text or is longer than <see cref="ProgressRules.MaxBytes"/> UTF-8 bytes (checked before anything is sent).
    /// </summary>
    Task<bool> ReportProgressAsync(JobId id, string leaseToken, string progressJson, CancellationToken cancellationToken = default);

    /// <summary>
    /// Calls <paramref name="onProgress"/> with the JSON text of each progress report stored for this job from now on
    /// (<see cref="ReportProgressAsync"/>). A hint, like the other notifications: a report made before the subscription
    /// is read from <see cref="JobRecord.Progress"/>.
    /// </summary>
    Task<IAsyncDisposable> SubscribeProgressAsync(JobId id, Action<string> onProgress, CancellationToken cancellationToken = default);
}
