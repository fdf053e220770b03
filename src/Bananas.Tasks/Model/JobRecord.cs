namespace Bananas.Tasks;

/// <summary>
/// A job as stored by an engine (the Redis hash <c>bananas:job:{id}</c>, fields in <c>docs/wire-format.md</c>).
/// </summary>
public sealed record JobRecord
{
    /// <summary>Identity.</summary>
    public required JobId Id { get; init; }
    /// <summary>Task name, e.g. <c>process_image</c>.</summary>
    public required string Name { get; init; }
    /// <summary>Arguments as JSON text: an object keyed by parameter name.</summary>
    public required string Payload { get; init; }
    /// <summary>Priority within its route.</summary>
    public Priority Priority { get; init; } = Priority.Normal;
    /// <summary>Route (queue family) the job is served from.</summary>
    public RoutingKey RoutingKey { get; init; } = RoutingKey.Default;
    /// <summary>Current state.</summary>
    public JobStatus Status { get; init; } = JobStatus.Pending;
    /// <summary>Executions started so far.</summary>
    public int Attempts { get; init; }
    /// <summary>How many times a handler snoozed the job (<see cref="Snooze"/>); a snooze does not count as an attempt.</summary>
    public int Snoozes { get; init; }
    /// <summary>Retries after the first failure: at most <c>MaxRetries + 1</c> executions.</summary>
    public int MaxRetries { get; init; } = 3;
    /// <summary>Per-job execution timeout; null uses the worker's <c>JOB_TIMEOUT</c>.</summary>
    public TimeSpan? Timeout { get; init; }
    /// <summary>Last failure message.</summary>
    public string? Error { get; init; }
    /// <summary>Last failure's exception type name.</summary>
    public string? ErrorType { get; init; }
    /// <summary>Free text for people.</summary>
    public string? Description { get; init; }
    /// <summary>W3C traceparent of the enqueuing code.</summary>
    public string? TraceParent { get; init; }
    /// <summary>When it was enqueued.</summary>
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>Last state change.</summary>
    public DateTimeOffset UpdatedAt { get; init; }
    /// <summary>Due time of a scheduled job or a retry.</summary>
    public DateTimeOffset? ScheduledFor { get; init; }
    /// <summary>Start of the latest execution.</summary>
    public DateTimeOffset? StartedAt { get; init; }
    /// <summary>When it completed or failed for good.</summary>
    public DateTimeOffset? CompletedAt { get; init; }
    /// <summary>The worker holding the lease, while processing.</summary>
    public string? WorkerId { get; init; }
    /// <summary>
    /// Every failed attempt, oldest first, at most the last <see cref="JobError.MaxKept"/>: kept when a later attempt
    /// completes (which clears <see cref="Error"/> and <see cref="ErrorType"/>). Empty for records written before it existed.
    /// </summary>
    public IReadOnlyList<JobError> ErrorHistory { get; init; } = [];
    /// <summary>
    /// True when a waiter asked for this job's outcome at enqueue (<see cref="JobOptions.AwaitResult"/>; hash field
    /// <c>notify_result</c>): its completion publishes a notice and a retention-zero record is kept for the waiter.
    /// </summary>
    public bool NotifyResult { get; init; }
    /// <summary>
    /// The unique lock this job holds, <c>{task}:{SHA-256 of the key text, hex}</c> (the Redis key is
    /// <c>{prefix}:unique:{lock}</c>), or null for a job that is not unique.
    /// </summary>
    public string? UniqueLock { get; init; }
    /// <summary>The unique scope of <see cref="UniqueLock"/>; <see cref="UniqueScope.None"/> when not unique.</summary>
    public UniqueScope UniqueScope { get; init; }
    /// <summary>The period (ForPeriod) or upper bound of the unique lock; null for none.</summary>
    public TimeSpan? UniqueFor { get; init; }
    /// <summary>
    /// The rate limit's bucket this job starts under, <c>{task}</c> or <c>{task}:{SHA-256 of the partition, hex}</c> (the
    /// Redis key is <c>{prefix}:rate:{bucket}</c>), or null when its task has no rate limit.
    /// </summary>
    public string? RateBucket { get; init; }
    /// <summary>
    /// Whose bucket <see cref="RateBucket"/> is: <see cref="LimitScope.Task"/> (the Redis key is <c>{prefix}:rate:{bucket}</c>)
    /// or <see cref="LimitScope.Route"/> (the bucket is <c>route:{route}:rate[:{SHA-256}]</c>, the key <c>{prefix}:{bucket}</c>,
    /// among the route's keys). Hash field <c>rate_scope</c> = <c>route</c>; absent: the task's.
    /// </summary>
    public LimitScope RateScope { get; init; }
    /// <summary>The rate limit of <see cref="RateBucket"/>; null when none.</summary>
    public RateLimit? RateLimit { get; init; }
    /// <summary>
    /// The start slot a fetch reserved for this job when the rate limit deferred it (it waits in the scheduled set until
    /// then); the fetch at or after that time runs it without taking another slot. Null otherwise.
    /// </summary>
    public DateTimeOffset? RateSlot { get; init; }
    /// <summary>
    /// The concurrency gate this job runs under, as the key after the prefix: <c>conc:{task}</c>,
    /// <c>conc:{task}:{SHA-256 of the partition, hex}</c>, <c>route:{route}:conc</c> or <c>route:{route}:conc:{SHA-256}</c>
    /// (a ZSET of the running ids; its waiting jobs in the LIST <c>…:waiting</c>). Null without a limit.
    /// </summary>
    public string? ConcurrencyKey { get; init; }
    /// <summary>The limit of <see cref="ConcurrencyKey"/>; null when none.</summary>
    public int? ConcurrencyLimit { get; init; }
    /// <summary>The sequence this job belongs to, <c>{task}:{SHA-256 of the key text, hex}</c> (the Redis LIST <c>{prefix}:seq:{lock}</c>); null when none.</summary>
    public string? SequenceLock { get; init; }
    /// <summary>What a dead job of <see cref="SequenceLock"/> holds.</summary>
    public SequenceHold SequenceHold { get; init; }
    /// <summary>The debounce key this job answers to, <c>{task}</c> or <c>{task}:{SHA-256 of the key text, hex}</c>; null when none.</summary>
    public string? DebounceLock { get; init; }
    /// <summary>The mode of <see cref="DebounceLock"/>.</summary>
    public DebounceMode DebounceMode { get; init; }
    /// <summary>The debounce window (with <see cref="DebounceMode.Debounce"/>); null otherwise.</summary>
    public TimeSpan? DebounceWindow { get; init; }
    /// <summary>
    /// While <see cref="JobStatus.Waiting"/>, the gate it waits at, as the key after the prefix: <c>conc:…:waiting</c>
    /// (a concurrency limit's waiting list) or <c>seq:{lock}</c> (its sequence). Null otherwise.
    /// </summary>
    public string? WaitingOn { get; init; }
    /// <summary>
    /// The handler's latest progress report as JSON text (an <c>IProgress&lt;T&gt;</c> parameter, hash field
    /// <c>progress</c>), at most <see cref="Engine.ProgressRules.MaxBytes"/> bytes; null when it never reported. Kept after
    /// the job finishes and across retries (a new attempt replaces it when it reports).
    /// </summary>
    public string? Progress { get; init; }
    /// <summary>The workflow this job is a step of, and its place there; null for a job outside any workflow.</summary>
    public Workflows.WorkflowStepLink? Workflow { get; init; }
    /// <summary>When <see cref="Progress"/> was stored (hash field <c>progress_at</c>); null when it never reported.</summary>
    public DateTimeOffset? ProgressAt { get; init; }
}

/// <summary>One failed attempt of a job.</summary>
/// <param name="Attempt">The execution number that failed (1 = the first run).</param>
/// <param name="ErrorType">Exception type name, or <c>LeaseExpired</c>, <c>JobTimeout</c>, …</param>
/// <param name="Error">The message, at most <see cref="MaxMessageLength"/> characters.</param>
/// <param name="At">When the failure was recorded.</param>
public sealed record JobError(int Attempt, string ErrorType, string Error, DateTimeOffset At)
{
    /// <summary>How many failed attempts a record keeps (the latest).</summary>
    public const int MaxKept = 10;

    /// <summary>Longest message kept per attempt.</summary>
    public const int MaxMessageLength = 1000;
}
