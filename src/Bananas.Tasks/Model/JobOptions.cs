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
}
