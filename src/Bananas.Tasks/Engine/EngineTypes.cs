namespace Bananas.Tasks.Engine;

/// <summary>How many jobs a worker wants, and from which routes, in serving order.</summary>
/// <param name="Routes">Routes in serving order with the most jobs each may contribute (its free per-route capacity).</param>
/// <param name="MaxJobs">Most jobs in total.</param>
/// <param name="LeaseDuration">How long the lease lasts unless renewed.</param>
/// <param name="WorkerId">Who takes the lease (stored on the job).</param>
public sealed record FetchRequest(IReadOnlyList<RouteDemand> Routes, int MaxJobs, TimeSpan LeaseDuration, string WorkerId);

/// <summary>A route and the most jobs a fetch may take from it.</summary>
public readonly record struct RouteDemand(RoutingKey Route, int MaxJobs);

/// <summary>A reference to a held lease.</summary>
public readonly record struct LeaseRef(JobId Id, string LeaseToken);

/// <summary>
/// A leased job. <see cref="Job"/> is null when the stored record could not be read
/// (<see cref="DecodeError"/> says why); the worker then fails the job permanently.
/// </summary>
public sealed record FetchedJob(JobId Id, string LeaseToken, RoutingKey Route, JobRecord? Job, string? DecodeError)
{
    /// <summary>The lease of this job.</summary>
    public LeaseRef Lease => new(Id, LeaseToken);
}

/// <summary>What an enqueue did (<see cref="IQueueEngine.TryEnqueueAsync"/>).</summary>
/// <param name="Stored">True when the job was stored and queued.</param>
/// <param name="DuplicateOf">For a unique job not stored, the job holding its lock; for a debounce or replace that updated a
/// waiting job instead of storing one (<paramref name="Replaced"/>), that job; null otherwise (stored, or the id existed).</param>
/// <param name="Replaced">True when the enqueue replaced the arguments of a waiting job with the same debounce key.</param>
public readonly record struct EnqueueOutcome(bool Stored, JobId? DuplicateOf, bool Replaced = false);

/// <summary>A successful execution.</summary>
/// <param name="Id">The job.</param>
/// <param name="LeaseToken">The lease it ran under.</param>
/// <param name="ResultJson">The handler's return value as JSON; null (or empty) for a task that returns nothing.</param>
/// <param name="Duration">How long the execution ran.</param>
/// <param name="KeepCompleted">How long the completed record is kept: null for the engine's
/// <see cref="QueueEngineOptions.KeepCompleted"/>; <see cref="TimeSpan.Zero"/> deletes it at completion (kept for
/// <see cref="QueueEngineOptions.WaitedResultRetention"/> when someone waits for its result).</param>
public readonly record struct JobCompletion(JobId Id, string LeaseToken, string? ResultJson, TimeSpan Duration, TimeSpan? KeepCompleted = null);

/// <summary>A failed execution.</summary>
/// <param name="Id">The job.</param>
/// <param name="LeaseToken">The lease it ran under.</param>
/// <param name="Error">Message stored on the job.</param>
/// <param name="ErrorType">Exception type name stored on the job.</param>
/// <param name="Permanent">True: dead-letter now, no retry.</param>
/// <param name="RetryAt">When the retry becomes due, if one is left.</param>
/// <param name="Duration">How long the execution ran.</param>
public readonly record struct JobFailure(JobId Id, string LeaseToken, string Error, string ErrorType, bool Permanent, DateTimeOffset RetryAt, TimeSpan Duration);

/// <summary>A snoozed execution: the handler threw <see cref="Snooze"/>, so the job runs again later without the attempt counting.</summary>
/// <param name="Id">The job.</param>
/// <param name="LeaseToken">The lease it ran under.</param>
/// <param name="RunAt">When the job becomes due again (it is scheduled until then, like a retry).</param>
/// <param name="Duration">How long the execution ran (for telemetry; not stored).</param>
public readonly record struct JobSnooze(JobId Id, string LeaseToken, DateTimeOffset RunAt, TimeSpan Duration);

/// <summary>What one <see cref="IQueueEngine.MaintainAsync"/> round did, and when the next one is needed.</summary>
/// <param name="Promoted">Due scheduled jobs queued.</param>
/// <param name="Recovered">Expired leases taken back (queued again or dead-lettered).</param>
/// <param name="NextDue">Due time of the earliest job still scheduled; null when none is.</param>
/// <param name="NextLeaseDeadline">The earliest lease deadline of any worker after the round, on the engine's clock (a deadline on the Redis server's clock is carried over by its distance from the server's now); null when no job is leased.</param>
public sealed record MaintenanceRound(int Promoted, int Recovered, DateTimeOffset? NextDue, DateTimeOffset? NextLeaseDeadline);

/// <summary>What <see cref="IQueueEngine.FailAsync"/> did.</summary>
public enum FailOutcome
{
    /// <summary>Scheduled for another attempt.</summary>
    Retrying,
    /// <summary>In the dead letter queue.</summary>
    DeadLettered,
    /// <summary>The lease was no longer held (expired and recovered, or cancelled): nothing changed.</summary>
    LeaseLost,
}

/// <summary>What <see cref="IQueueEngine.CancelAsync"/> did.</summary>
public enum CancelOutcome
{
    /// <summary>No such job.</summary>
    NotFound,
    /// <summary>Removed before it ran; it never will.</summary>
    Cancelled,
    /// <summary>Running: its CancellationToken was signalled.</summary>
    Signalled,
    /// <summary>Already completed or failed.</summary>
    AlreadyFinished,
}

/// <summary>A finished job's outcome, kept for the result TTL.</summary>
public sealed record JobResult
{
    /// <summary>The job.</summary>
    public required JobId Id { get; init; }
    /// <summary><see cref="JobStatus.Completed"/> or <see cref="JobStatus.Failed"/>.</summary>
    public required JobStatus Status { get; init; }
    /// <summary>The handler's return value as JSON, when it returned one.</summary>
    public string? ResultJson { get; init; }
    /// <summary>Final error message of a failed job.</summary>
    public string? Error { get; init; }
    /// <summary>Final error's exception type name.</summary>
    public string? ErrorType { get; init; }
    /// <summary>When it finished.</summary>
    public DateTimeOffset CompletedAt { get; init; }
    /// <summary>How long the last execution ran.</summary>
    public TimeSpan Duration { get; init; }
}

/// <summary>Queue depths at one moment.</summary>
public sealed record QueueDepths
{
    /// <summary>Pending jobs per route and priority.</summary>
    public required IReadOnlyDictionary<RoutingKey, RouteDepth> Routes { get; init; }
    /// <summary>Jobs waiting for their due time (delayed and retries).</summary>
    public long Scheduled { get; init; }
    /// <summary>Jobs under lease.</summary>
    public long Processing { get; init; }
    /// <summary>Jobs in the dead letter queue.</summary>
    public long Dead { get; init; }
}

/// <summary>Pending jobs of one route.</summary>
public readonly record struct RouteDepth(long High, long Normal, long Low)
{
    /// <summary>All pending jobs of the route.</summary>
    public long Total => High + Normal + Low;
}

/// <summary>Engine-wide settings.</summary>
public sealed class QueueEngineOptions
{
    /// <summary>Key prefix; default <c>bananas</c>.</summary>
    public string Prefix { get; set; } = "bananas";
    /// <summary>
    /// How the Redis engine names its keys: <see cref="RedisKeyLayout.Classic"/> (the default, one Redis or Sentinel) or
    /// <see cref="RedisKeyLayout.Cluster"/> (the prefix as a hash tag, for Redis Cluster) or <see cref="RedisKeyLayout.ClusterPerRoute"/>
    /// (one hash tag per route; build the engine with <see cref="Redis.RedisEngines.Create"/>). The in-memory engine ignores it.
    /// </summary>
    public RedisKeyLayout RedisLayout { get; set; } = RedisKeyLayout.Classic;
    /// <summary>How long the records of finished jobs (with their results) are kept; default 24 hours. Dead jobs are kept until requeued or deleted.</summary>
    public TimeSpan ResultTtl { get; set; } = TimeSpan.FromHours(24);
    /// <summary>
    /// How long a completed job's record is kept when its task sets nothing else: null (the default) for
    /// <see cref="ResultTtl"/>; <see cref="TimeSpan.Zero"/> deletes it at completion (Sidekiq's and BullMQ's
    /// <c>removeOnComplete</c>). Dead jobs are never removed by this policy.
    /// </summary>
    public TimeSpan? KeepCompleted { get; set; }
    /// <summary>
    /// How long a job whose retention is zero is kept after completion when someone waits for its result
    /// (<c>EnqueueAndWaitAsync</c>, <c>WaitForResultAsync</c>), so the waiter can read it; default 1 minute.
    /// </summary>
    public TimeSpan WaitedResultRetention { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>
    /// Clock for every time the engine writes or compares, except lease deadlines on the Redis engine when
    /// <see cref="LeaseClock"/> says the server's clock.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
    /// <summary>
    /// Which clock measures lease deadlines on the Redis engine; default <see cref="Engine.LeaseClock.Auto"/> (the Redis
    /// server's clock on the system clock, the <see cref="TimeProvider"/> otherwise).
    /// </summary>
    public LeaseClock LeaseClock { get; set; } = LeaseClock.Auto;
    /// <summary>
    /// Largest payload a fetch hands to a worker, in UTF-8 bytes; default 1 MiB (the hosted engine takes
    /// <c>BananasOptions.MaxPayloadBytes</c>, the client's limit). A job whose payload is larger (a foreign producer, a
    /// client with a higher limit) is dead-lettered by the fetch as <c>PayloadTooLarge</c>, naming its size and the
    /// limit, without its bytes crossing the network; the rest of the batch runs.
    /// </summary>
    public int MaxPayloadBytes { get; set; } = 1024 * 1024;

    /// <summary>A copy with another prefix and layout (the partitions of the per-route layout).</summary>
    internal QueueEngineOptions With(string prefix, RedisKeyLayout layout) => new()
    {
        Prefix = prefix,
        RedisLayout = layout,
        ResultTtl = ResultTtl,
        KeepCompleted = KeepCompleted,
        WaitedResultRetention = WaitedResultRetention,
        TimeProvider = TimeProvider,
        LeaseClock = LeaseClock,
        MaxPayloadBytes = MaxPayloadBytes,
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range (both engines' constructors call it).</summary>
    internal void Validate(string parameterName)
    {
        if (ResultTtl <= TimeSpan.Zero)
            throw new ArgumentException($"QueueEngineOptions.ResultTtl is {ResultTtl}; expected a positive duration, e.g. 24:00:00.", parameterName);
        if (KeepCompleted is { } keep && keep < TimeSpan.Zero)
            throw new ArgumentException($"QueueEngineOptions.KeepCompleted is {keep}; expected zero (delete at completion), a positive duration, or null for ResultTtl.", parameterName);
        if (WaitedResultRetention <= TimeSpan.Zero)
            throw new ArgumentException($"QueueEngineOptions.WaitedResultRetention is {WaitedResultRetention}; expected a positive duration, e.g. 00:01:00.", parameterName);
        if (TimeProvider is null)
            throw new ArgumentException("QueueEngineOptions.TimeProvider is null; expected a clock, e.g. TimeProvider.System.", parameterName);
        if (RedisLayout is not (RedisKeyLayout.Classic or RedisKeyLayout.Cluster or RedisKeyLayout.ClusterPerRoute))
            throw new ArgumentException($"QueueEngineOptions.RedisLayout is {RedisLayout}; expected Classic, Cluster or ClusterPerRoute.", parameterName);
        if (LeaseClock is not (LeaseClock.Auto or LeaseClock.Server or LeaseClock.Engine))
            throw new ArgumentException($"QueueEngineOptions.LeaseClock is {LeaseClock}; expected Auto, Server or Engine.", parameterName);
        if (MaxPayloadBytes < 2)
            throw new ArgumentException($"QueueEngineOptions.MaxPayloadBytes is {MaxPayloadBytes}; expected at least 2 (the payload is a JSON object), e.g. 1048576.", parameterName);
    }
}
