using Bananas.Tasks.Admin;
using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Redis;

public sealed partial class RedisQueueEngine : IQueueEngineAdmin
{
    /// <inheritdoc/>
    public Task<QueueOverview> GetOverviewAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    /// <inheritdoc/>
    public Task<JobPage> ListJobsAsync(JobListQuery query, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    /// <inheritdoc/>
    public Task<JobDetails?> GetJobDetailsAsync(JobId id, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    /// <inheritdoc/>
    public Task<DeadLetterBatchResult> DeadLetterBatchAsync(DeadLetterAction action, DeadLetterSelection selection, int maxJobs, string? cursor, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    /// <inheritdoc/>
    public Task<bool> SetPausedAsync(RoutingKey route, bool paused, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    /// <inheritdoc/>
    public Task<IReadOnlyList<RoutingKey>> GetPausedRoutesAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    /// <inheritdoc/>
    public Task RecordWorkerHeartbeatAsync(WorkerHeartbeat heartbeat, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    /// <inheritdoc/>
    public Task RemoveWorkerAsync(string workerId, IReadOnlyList<ThroughputIncrement> counts, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    /// <inheritdoc/>
    public Task<IReadOnlyList<WorkerInfo>> ListWorkersAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    /// <inheritdoc/>
    public Task<ThroughputStats> GetThroughputAsync(RoutingKey? route, int days, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
