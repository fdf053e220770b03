namespace Bananas.Tasks;

/// <summary>Per-enqueue options. Anything left null takes the task's or the client's default.</summary>
public sealed record JobOptions
{
    /// <summary>Route; validated (<see cref="BananasRules.RoutingKeyForm"/>).</summary>
    public string? Route { get; init; }
    /// <summary>Priority within the route.</summary>
    public Priority? Priority { get; init; }
    /// <summary>Retries after the first failure.</summary>
    public int? MaxRetries { get; init; }
    /// <summary>Execution timeout for this job.</summary>
    public TimeSpan? Timeout { get; init; }
    /// <summary>Run no earlier than this long from now.</summary>
    public TimeSpan? Delay { get; init; }
    /// <summary>Run no earlier than this time (wins over <see cref="Delay"/>).</summary>
    public DateTimeOffset? RunAt { get; init; }
    /// <summary>Free text for people.</summary>
    public string? Description { get; init; }
    /// <summary>Job id to use (idempotent enqueue: a second enqueue with the same id is a no-op).</summary>
    public JobId? JobId { get; init; }
    /// <summary>W3C traceparent to carry; defaults to the current Activity's.</summary>
    public string? TraceParent { get; init; }
    /// <summary>Makes the job unique for this scope (<see cref="UniqueScope"/>); null or None: not unique.</summary>
    public UniqueScope? Unique { get; init; }
    /// <summary>
    /// The unique key's text (1-1024 characters), with <see cref="Unique"/>; null: the payload JSON, i.e. all the
    /// arguments. The generated proxy sets it from the parameters <c>UniqueBy</c> names (<see cref="Proxies.TaskProxySupport.UniqueKey"/>).
    /// Keys are per task name: the same text under two tasks does not collide.
    /// </summary>
    public string? UniqueKey { get; init; }
    /// <summary>
    /// With <see cref="UniqueScope.ForPeriod"/>, the period (required, positive); with the other scopes, an optional
    /// upper bound on how long the key is held.
    /// </summary>
    public TimeSpan? UniqueFor { get; init; }
    /// <summary>
    /// The caller will wait for this job's outcome (the generated <c>EnqueueAndWaitAsync</c> sets it): the job is marked
    /// for a result notice at enqueue, so a job that finishes before the wait begins still publishes its outcome, and a
    /// retention-zero job is kept <see cref="Engine.QueueEngineOptions.WaitedResultRetention"/> for the waiter to read.
    /// </summary>
    public bool AwaitResult { get; init; }
    /// <summary>A rate limit on the starts of this task's jobs across all workers (<see cref="Bananas.Tasks.RateLimit"/>); null: none.</summary>
    public RateLimit? RateLimit { get; init; }
    /// <summary>
    /// With <see cref="RateLimit"/>, the partition's text (e.g. a tenant id, 1-1024 characters): each partition has a
    /// limit of its own. Null: one limit for the task.
    /// </summary>
    public string? RateKey { get; init; }
    /// <summary>
    /// With <see cref="RateLimit"/>, whose jobs share it: the task's (default), or the route's (every job on the route that
    /// sets <see cref="LimitScope.Route"/> starts under one limit, whatever its task; with <see cref="RateKey"/>, per partition).
    /// </summary>
    public LimitScope? RateScope { get; init; }
    /// <summary>
    /// At most this many jobs of the task (or of its route, <see cref="ConcurrencyScope"/>; or of one partition,
    /// <see cref="ConcurrencyKey"/>) run at once across every worker and process; null: no limit. A job over the limit
    /// waits (status <see cref="JobStatus.Waiting"/>, its attempt not counted) until a running one finishes; a crashed
    /// worker's slots come back when its leases expire. docs/flow-control.md "Concurrency limits".
    /// </summary>
    public int? ConcurrencyLimit { get; init; }
    /// <summary>With <see cref="ConcurrencyLimit"/>, the partition's text (1-1024 characters): each has a limit of its own.</summary>
    public string? ConcurrencyKey { get; init; }
    /// <summary>With <see cref="ConcurrencyLimit"/>, whose jobs share it: the task's (default) or the route's.</summary>
    public LimitScope? ConcurrencyScope { get; init; }
    /// <summary>
    /// FIFO per key (1-1024 characters): jobs of the task with the same key run one at a time, in enqueue order; other
    /// keys run in parallel. A job behind another waits (status <see cref="JobStatus.Waiting"/>). Null: no sequence.
    /// docs/flow-control.md "Sequences".
    /// </summary>
    public string? SequenceKey { get; init; }
    /// <summary>With <see cref="SequenceKey"/>, what a dead job holds (<see cref="Bananas.Tasks.SequenceHold"/>); null: UntilCompletedOrDead.</summary>
    public SequenceHold? SequenceHold { get; init; }
    /// <summary>
    /// Debounce: a job of the task with the same <see cref="DebounceKey"/> that is still scheduled has its arguments
    /// replaced and its due time pushed back to this long from now, instead of a second job being created; a new job runs
    /// this long from now (unless <see cref="RunAt"/> or <see cref="Delay"/> says otherwise). From 1 ms to 366 days.
    /// docs/flow-control.md "Debounce and replace".
    /// </summary>
    public TimeSpan? Debounce { get; init; }
    /// <summary>
    /// Replace: a job of the task with the same <see cref="DebounceKey"/> that has not started (pending, scheduled or
    /// waiting) has its arguments replaced, its due time kept, instead of a second job being created.
    /// </summary>
    public bool Replace { get; init; }
    /// <summary>
    /// With <see cref="Debounce"/> or <see cref="Replace"/>, the key's text (1-1024 characters); null: one key for the
    /// task. The generated proxy sets it from the parameters <c>DebounceBy</c> names.
    /// </summary>
    public string? DebounceKey { get; init; }
}
