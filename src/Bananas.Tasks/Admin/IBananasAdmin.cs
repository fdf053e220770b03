using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Admin;

/// <summary>
/// Inspection and administration of one Bananas deployment (one engine, one key prefix): queue overview, bounded job
/// listings, job details, dead letter operations, pausing routes, live workers and throughput counters. Get it from DI
/// (<c>AddBananas()</c> registers it) or from <see cref="Client.IBananasClient.Admin"/>. Both engines implement it with the
/// same semantics (one conformance suite). On Redis every read costs the same whatever the number of jobs (indexes, no
/// <c>SCAN</c>, no reading every hash) and every write is one atomic script; <c>docs/admin-api.md</c> gives the cost and
/// bounds of each operation.
/// </summary>
public interface IBananasAdmin
{
    /// <summary>The engine's short name: <c>redis</c> or <c>in-memory</c>.</summary>
    string EngineName { get; }

    /// <summary>
    /// Depth per route and priority, dead per route, the paused flag of each route, and the global scheduled, processing and
    /// dead counts, in one call (Redis: one read script, O(routes)).
    /// </summary>
    Task<QueueOverview> GetOverviewAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// One page of jobs in a state, from that state's index. Without a filter a page reads exactly its jobs; with a task-name
    /// filter (or a route filter over a global index) it examines at most <see cref="JobListQuery.ScanLimit"/> entries and may
    /// return fewer jobs than the limit, with a <see cref="JobPage.NextCursor"/> to go on. Cursors are positions in the index:
    /// jobs that move between calls (fetched, promoted, newly dead) may be skipped or listed twice, never invented.
    /// Throws <see cref="ArgumentException"/> on a limit out of range or a cursor that is not from this listing.
    /// </summary>
    Task<JobPage> ListJobsAsync(JobListQuery query, CancellationToken cancellationToken = default);

    /// <summary>The job's record, its stored result (while kept) and its lease deadline (while processing); null when no record exists.</summary>
    Task<JobDetails?> GetJobAsync(JobId id, CancellationToken cancellationToken = default);

    /// <summary>The job's status, or null when no record exists (never existed, or expired after it finished).</summary>
    Task<JobStatus?> GetStatusAsync(JobId id, CancellationToken cancellationToken = default);

    /// <summary>The stored result (JSON text, or the error of a failed job), or null while the job has none (or it expired).</summary>
    Task<JobResult?> GetResultAsync(JobId id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Cancels a job: a pending or scheduled job is removed from its queue and marked failed (it never runs); a processing
    /// job's CancellationToken is signalled in its worker. The same as <see cref="Client.IBananasClient.CancelAsync"/>.
    /// </summary>
    Task<CancelOutcome> CancelAsync(JobId id, CancellationToken cancellationToken = default);

    /// <summary>
    /// A workflow with every step's record (docs/workflows.md); null when there is none or its record expired.
    /// Throws <see cref="NotSupportedException"/> when the engine stores no workflows (both built-in engines do).
    /// </summary>
    Task<Workflows.WorkflowRecord?> GetWorkflowAsync(string workflowId, CancellationToken cancellationToken = default);

    /// <summary>Cancels a running workflow: its waiting and queued steps fail as cancelled, its running steps are signalled.</summary>
    Task<Workflows.WorkflowCancelOutcome> CancelWorkflowAsync(string workflowId, CancellationToken cancellationToken = default);

    /// <summary>Moves one dead job back to the back of its queue with attempts reset. False when it is not in the dead letter queue.</summary>
    Task<bool> RequeueDeadAsync(JobId id, CancellationToken cancellationToken = default);

    /// <summary>Deletes one dead job, its record and its result. False when it is not in the dead letter queue.</summary>
    Task<bool> DeleteDeadAsync(JobId id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Requeues dead jobs of a selection, oldest first, examining at most <paramref name="maxJobs"/> dead letter entries in
    /// this call (one atomic script on Redis). Call again while <see cref="DeadLetterBatchResult.MoreRemain"/>, passing
    /// <see cref="DeadLetterBatchResult.Cursor"/>. A record that cannot be requeued stays dead and is counted as skipped.
    /// </summary>
    /// <param name="selection">Route and/or task name; <see cref="DeadLetterSelection.All"/> for everything.</param>
    /// <param name="maxJobs">Most entries examined (and so changed) per call, 1 to 10,000. Default 1000.</param>
    /// <param name="cursor">The previous call's cursor, or null to start at the oldest entry.</param>
    /// <param name="cancellationToken">Cancels the call (a script already sent completes).</param>
    Task<DeadLetterBatchResult> RequeueDeadAsync(DeadLetterSelection selection, int maxJobs = 1000, string? cursor = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes dead jobs of a selection (records and results), oldest first, bounded like <see cref="RequeueDeadAsync(DeadLetterSelection, int, string?, CancellationToken)"/>.</summary>
    Task<DeadLetterBatchResult> DeleteDeadAsync(DeadLetterSelection selection, int maxJobs = 1000, string? cursor = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Pauses a route: every worker skips it on its next fetch (the fetch script reads the paused set, so there is no delay
    /// and no extra round trip); jobs still enqueue, scheduled jobs still become pending, running jobs finish. Survives restarts
    /// (Redis: <c>{prefix}:paused</c>). True when it was not paused before.
    /// </summary>
    Task<bool> PauseRouteAsync(RoutingKey route, CancellationToken cancellationToken = default);

    /// <summary>Resumes a paused route; idle workers are woken so they fetch at once. True when it was paused.</summary>
    Task<bool> ResumeRouteAsync(RoutingKey route, CancellationToken cancellationToken = default);

    /// <summary>The paused routes, in ordinal order.</summary>
    Task<IReadOnlyList<RoutingKey>> GetPausedRoutesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Workers whose last heartbeat is within their TTL, most recent heartbeat first. A worker that vanished disappears
    /// within its TTL (<c>BananasWorkerOptions.WorkerTtl</c>); a worker that stops cleanly removes itself.
    /// </summary>
    Task<IReadOnlyList<WorkerInfo>> ListWorkersAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Processed and failed executions per minute for the last hour and per day for the last <paramref name="days"/> days
    /// (1 to 90), for one route or (null) summed over all. Workers count outcomes in memory and write them with their heartbeat
    /// (<c>BananasWorkerOptions.RegistrationInterval</c>), so the current minute lags by up to that interval.
    /// </summary>
    Task<ThroughputStats> GetThroughputAsync(RoutingKey? route = null, int days = 30, CancellationToken cancellationToken = default);
}
