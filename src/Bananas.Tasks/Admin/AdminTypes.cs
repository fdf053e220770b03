namespace Bananas.Tasks.Admin;

/// <summary>Which jobs <see cref="IBananasAdmin.ListJobsAsync"/> lists, each read from its own index.</summary>
public enum JobListState
{
    /// <summary>Waiting in a route queue, in fetch order (the next job a worker takes first): per route, high before normal before low.</summary>
    Pending,
    /// <summary>Waiting for a due time (delayed jobs and retries in backoff), earliest due first.</summary>
    Scheduled,
    /// <summary>Leased by a worker, earliest lease deadline first; the item carries the worker id and the deadline.</summary>
    Processing,
    /// <summary>In the dead letter queue, newest first (per route when a route is given).</summary>
    Dead,
    /// <summary>Recently completed, newest first (bounded index: see <c>docs/admin-api.md</c>).</summary>
    Completed,
    /// <summary>Recently failed for good (dead-lettered or cancelled before it ran), newest first (bounded index).</summary>
    Failed,
    /// <summary>
    /// Held by a flow-control gate (over a concurrency limit, or behind an earlier job of its sequence; status
    /// <see cref="JobStatus.Waiting"/>), waiting longest first; the item carries since when.
    /// </summary>
    Waiting,
}

/// <summary>One page request of <see cref="IBananasAdmin.ListJobsAsync"/>.</summary>
public sealed record JobListQuery
{
    /// <summary>Largest <see cref="Limit"/>.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Largest <see cref="ScanLimit"/>.</summary>
    public const int MaxScanLimit = 10_000;

    /// <summary>Which index to read.</summary>
    public required JobListState State { get; init; }

    /// <summary>
    /// Only this route. <see cref="JobListState.Pending"/> and <see cref="JobListState.Dead"/> have per-route indexes, so
    /// the route selects them; for the other states it is a filter over the one global index, with the bounded-scan rule of
    /// <see cref="TaskName"/>. Null: every route (pending: routes in ordinal order, as <c>{prefix}:routes</c> lists them).
    /// </summary>
    public RoutingKey? Route { get; init; }

    /// <summary>Pending only: just this priority's queue. Null: high, normal, then low. Ignored for other states.</summary>
    public Priority? Priority { get; init; }

    /// <summary>
    /// Only jobs of this task name. No index is keyed by task, so a filtered call examines at most <see cref="ScanLimit"/>
    /// index entries: the page may hold fewer than <see cref="Limit"/> jobs (even none) while <see cref="JobPage.NextCursor"/>
    /// says there are more entries to examine.
    /// </summary>
    public string? TaskName { get; init; }

    /// <summary>Longest <see cref="Text"/>.</summary>
    public const int MaxTextLength = 200;

    /// <summary>
    /// Only jobs whose id or task name contains this text (ordinal, ignoring case), e.g. what a dashboard's search box
    /// holds. Like <see cref="TaskName"/> it is a bounded scan: a call examines at most <see cref="ScanLimit"/> index entries.
    /// It is not part of the cursor's listing, so a changed text continues from the same position. Null: no text filter.
    /// </summary>
    public string? Text { get; init; }

    /// <summary>Most jobs on the page, 1 to <see cref="MaxLimit"/>. Default 50.</summary>
    public int Limit { get; init; } = 50;

    /// <summary>With a filter (task name, or route over a global index): most index entries examined per call, 1 to <see cref="MaxScanLimit"/>. Default 1000.</summary>
    public int ScanLimit { get; init; } = 1000;

    /// <summary><see cref="JobPage.NextCursor"/> of the previous page, or null for the first page. Opaque: do not parse or build it.</summary>
    public string? Cursor { get; init; }
}

/// <summary>One page of jobs.</summary>
public sealed record JobPage
{
    /// <summary>The jobs, in the state's order. Index entries whose record no longer exists (expired, deleted) are left out.</summary>
    public required IReadOnlyList<JobListItem> Jobs { get; init; }

    /// <summary>Pass it as <see cref="JobListQuery.Cursor"/> for the next page; null when the index has no more entries.</summary>
    public string? NextCursor { get; init; }

    /// <summary>How many index entries this call examined (equals the number of jobs without a filter, bar missing records).</summary>
    public int Scanned { get; init; }
}

/// <summary>A listed job with what its index knows about it.</summary>
public sealed record JobListItem
{
    /// <summary>The job record, read leniently (a malformed field takes its default; its error says what was wrong).</summary>
    public required JobRecord Job { get; init; }

    /// <summary>Scheduled: when it becomes due.</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>Processing: when its lease expires unless the worker (<see cref="JobRecord.WorkerId"/>) renews it.</summary>
    public DateTimeOffset? LeaseDeadline { get; init; }

    /// <summary>Completed, failed and dead: when it finished (from the index, or the record's completed time).</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Waiting: since when a gate holds it (<see cref="JobRecord.WaitingOn"/> says which).</summary>
    public DateTimeOffset? WaitingSince { get; init; }
}

/// <summary>Everything the admin API knows about one job (<see cref="IBananasAdmin.GetJobAsync"/>).</summary>
public sealed record JobDetails
{
    /// <summary>The record, read leniently.</summary>
    public required JobRecord Job { get; init; }

    /// <summary>The stored result of a finished job, while it is kept (the result TTL).</summary>
    public Engine.JobResult? Result { get; init; }

    /// <summary>The lease deadline while the job is processing.</summary>
    public DateTimeOffset? LeaseDeadline { get; init; }

    /// <summary>The current status (shortcut for <c>Job.Status</c>).</summary>
    public JobStatus Status => Job.Status;
}

/// <summary>Which dead jobs a batch operation takes. Both null: the whole dead letter queue.</summary>
public sealed record DeadLetterSelection
{
    /// <summary>Every dead job.</summary>
    public static DeadLetterSelection All { get; } = new();

    /// <summary>Only dead jobs of this route (read from the per-route dead index, oldest first).</summary>
    public RoutingKey? Route { get; init; }

    /// <summary>Only dead jobs of this task name (a bounded scan: see <see cref="IBananasAdmin.RequeueDeadAsync(DeadLetterSelection, int, string?, CancellationToken)"/>).</summary>
    public string? TaskName { get; init; }
}

/// <summary>What one batched dead letter operation did.</summary>
public sealed record DeadLetterBatchResult
{
    /// <summary>Jobs requeued or deleted by this call.</summary>
    public int Done { get; init; }

    /// <summary>Dead letter entries this call examined (at most the call's <c>maxJobs</c>).</summary>
    public int Scanned { get; init; }

    /// <summary>
    /// Matching jobs left in the dead letter queue because they cannot be requeued (a malformed route or priority, or a
    /// queue key of another type); <see cref="IBananasAdmin.DeleteDeadAsync(JobId, CancellationToken)"/> removes them.
    /// </summary>
    public int Skipped { get; init; }

    /// <summary>True when entries remain that this selection has not examined yet: call again with <see cref="Cursor"/>.</summary>
    public bool MoreRemain { get; init; }

    /// <summary>Where the next call continues (pass it back as <c>cursor</c>); null when <see cref="MoreRemain"/> is false. Opaque.</summary>
    public string? Cursor { get; init; }
}

/// <summary>The queues at one moment (<see cref="IBananasAdmin.GetOverviewAsync"/>).</summary>
public sealed record QueueOverview
{
    /// <summary>Every route that ever had a job or is paused, in ordinal order.</summary>
    public required IReadOnlyList<RouteOverview> Routes { get; init; }

    /// <summary>Jobs waiting for their due time (all routes: the index is global).</summary>
    public long Scheduled { get; init; }

    /// <summary>Jobs under lease (all routes).</summary>
    public long Processing { get; init; }

    /// <summary>Jobs in the dead letter queue (all routes).</summary>
    public long Dead { get; init; }

    /// <summary>Jobs a flow-control gate holds (status waiting; all routes).</summary>
    public long Waiting { get; init; }

    /// <summary>Routes whose workers do not fetch, in ordinal order.</summary>
    public IReadOnlyList<RoutingKey> PausedRoutes => Routes.Where(r => r.Paused).Select(r => r.Route).ToList();
}

/// <summary>One route in <see cref="QueueOverview"/>.</summary>
public sealed record RouteOverview
{
    /// <summary>The route.</summary>
    public required RoutingKey Route { get; init; }

    /// <summary>Pending high-priority jobs.</summary>
    public long High { get; init; }

    /// <summary>Pending normal-priority jobs.</summary>
    public long Normal { get; init; }

    /// <summary>Pending low-priority jobs.</summary>
    public long Low { get; init; }

    /// <summary>All pending jobs of the route.</summary>
    public long Pending => High + Normal + Low;

    /// <summary>Dead jobs of the route (its per-route dead index).</summary>
    public long Dead { get; init; }

    /// <summary>True while the route is paused: jobs still enqueue, no worker fetches them.</summary>
    public bool Paused { get; init; }
}

/// <summary>A live worker, as it registered itself (<see cref="IBananasAdmin.ListWorkersAsync"/>).</summary>
public sealed record WorkerInfo
{
    /// <summary>Worker id (as stored on the jobs it leases).</summary>
    public required string Id { get; init; }

    /// <summary>Host name.</summary>
    public string Host { get; init; } = "";

    /// <summary>Process id.</summary>
    public int ProcessId { get; init; }

    /// <summary>Routes served, in serving order.</summary>
    public IReadOnlyList<RoutingKey> Routes { get; init; } = [];

    /// <summary>Most jobs it runs at once.</summary>
    public int Concurrency { get; init; }

    /// <summary>Jobs it held a lease on at its last heartbeat.</summary>
    public int InFlight { get; init; }

    /// <summary>When it started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>Its last heartbeat.</summary>
    public DateTimeOffset LastHeartbeat { get; init; }
}

/// <summary>Processed and failed executions over time (<see cref="IBananasAdmin.GetThroughputAsync"/>).</summary>
public sealed record ThroughputStats
{
    /// <summary>The route, or null for the sum over every route.</summary>
    public RoutingKey? Route { get; init; }

    /// <summary>The last 60 minutes, one point per UTC minute, oldest first; the current (partial) minute is last.</summary>
    public required IReadOnlyList<ThroughputPoint> Minutes { get; init; }

    /// <summary>The requested number of UTC days, one point per day, oldest first; today (partial) is last.</summary>
    public required IReadOnlyList<ThroughputPoint> Days { get; init; }
}

/// <summary>Counts of one minute or one day.</summary>
/// <param name="Start">Start of the minute or day (UTC).</param>
/// <param name="Processed">Executions whose outcome was recorded: completed plus failed.</param>
/// <param name="Failed">Executions that failed (retried or dead-lettered).</param>
public readonly record struct ThroughputPoint(DateTimeOffset Start, long Processed, long Failed);
