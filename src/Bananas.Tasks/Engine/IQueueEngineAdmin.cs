using Bananas.Tasks.Admin;

namespace Bananas.Tasks.Engine;

/// <summary>
/// The admin side of an engine: what <see cref="BananasAdmin"/> (the user-facing <see cref="IBananasAdmin"/>) and the worker's
/// registration loop call. Both built-in engines implement it and pass the admin part of the conformance suite; a custom
/// <see cref="IQueueEngine"/> that does not implement it still runs jobs, and the admin API then throws
/// <see cref="NotSupportedException"/>. Arguments arrive checked by <see cref="BananasAdmin"/> (limits in range, names valid).
/// </summary>
public interface IQueueEngineAdmin
{
    /// <summary>See <see cref="IBananasAdmin.GetOverviewAsync"/>.</summary>
    Task<QueueOverview> GetOverviewAsync(CancellationToken cancellationToken = default);

    /// <summary>See <see cref="IBananasAdmin.ListJobsAsync"/>. The cursor format is the engine's (both built-in engines share <c>AdminCursor</c>).</summary>
    Task<JobPage> ListJobsAsync(JobListQuery query, CancellationToken cancellationToken = default);

    /// <summary>See <see cref="IBananasAdmin.GetJobAsync"/>.</summary>
    Task<JobDetails?> GetJobDetailsAsync(JobId id, CancellationToken cancellationToken = default);

    /// <summary>See <see cref="IBananasAdmin.RequeueDeadAsync(DeadLetterSelection, int, string?, CancellationToken)"/> (requeue) and <see cref="IBananasAdmin.DeleteDeadAsync(DeadLetterSelection, int, string?, CancellationToken)"/> (delete).</summary>
    Task<DeadLetterBatchResult> DeadLetterBatchAsync(DeadLetterAction action, DeadLetterSelection selection, int maxJobs, string? cursor, CancellationToken cancellationToken = default);

    /// <summary>Adds (<paramref name="paused"/> true) or removes the route from the paused set; true when that changed it. Resuming wakes the route's idle workers.</summary>
    Task<bool> SetPausedAsync(RoutingKey route, bool paused, CancellationToken cancellationToken = default);

    /// <summary>The paused routes, in ordinal order.</summary>
    Task<IReadOnlyList<RoutingKey>> GetPausedRoutesAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// One worker heartbeat, one atomic write: stores the worker's registration with <see cref="WorkerHeartbeat.Ttl"/>, adds
    /// its throughput counts, and forgets workers whose last heartbeat is older than their TTL.
    /// </summary>
    Task RecordWorkerHeartbeatAsync(WorkerHeartbeat heartbeat, CancellationToken cancellationToken = default);

    /// <summary>Removes a worker's registration (clean stop), adding its last counts first.</summary>
    Task RemoveWorkerAsync(string workerId, IReadOnlyList<ThroughputIncrement> counts, CancellationToken cancellationToken = default);

    /// <summary>See <see cref="IBananasAdmin.ListWorkersAsync"/>.</summary>
    Task<IReadOnlyList<WorkerInfo>> ListWorkersAsync(CancellationToken cancellationToken = default);

    /// <summary>See <see cref="IBananasAdmin.GetThroughputAsync"/>.</summary>
    Task<ThroughputStats> GetThroughputAsync(RoutingKey? route, int days, CancellationToken cancellationToken = default);
}

/// <summary>What a batched dead letter operation does to each selected job.</summary>
public enum DeadLetterAction
{
    /// <summary>Back to its queue, attempts reset.</summary>
    Requeue,
    /// <summary>Record, result and index entries deleted.</summary>
    Delete,
}

/// <summary>One worker heartbeat for <see cref="IQueueEngineAdmin.RecordWorkerHeartbeatAsync"/>.</summary>
/// <param name="Worker">The registration (its <see cref="WorkerInfo.LastHeartbeat"/> is the heartbeat's time).</param>
/// <param name="Ttl">How long the registration lives without another heartbeat.</param>
/// <param name="Counts">Outcomes counted since the last heartbeat that was written.</param>
public sealed record WorkerHeartbeat(WorkerInfo Worker, TimeSpan Ttl, IReadOnlyList<ThroughputIncrement> Counts);

/// <summary>Outcomes of one route in one UTC minute, to add to the counters.</summary>
/// <param name="Route">The route.</param>
/// <param name="Minute">Start of the UTC minute.</param>
/// <param name="Processed">Executions whose outcome was recorded (completed plus failed).</param>
/// <param name="Failed">Executions that failed (retry or dead).</param>
public readonly record struct ThroughputIncrement(RoutingKey Route, DateTimeOffset Minute, long Processed, long Failed);
