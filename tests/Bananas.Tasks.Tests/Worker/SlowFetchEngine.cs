using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Tests.Worker;

/// <summary>
/// An engine whose first fetch that leases jobs comes back only after <paramref name="delay"/>, and after another worker's
/// maintenance has recovered those expired leases: what a fetch queued behind a Redis restart or a long client stall
/// delivers. Everything else goes straight to <paramref name="inner"/>.
/// </summary>
internal sealed class SlowFetchEngine(IQueueEngine inner, TimeSpan delay) : IQueueEngine
{
    private int _delayed;

    /// <summary>The ids the delayed fetch delivered (their leases recovered before it returned).</summary>
    public IReadOnlyList<JobId> DelayedIds { get; private set; } = [];

    public string Name => inner.Name;

    public Task<bool> ReportProgressAsync(JobId id, string leaseToken, string progressJson, CancellationToken cancellationToken = default) =>
        inner.ReportProgressAsync(id, leaseToken, progressJson, cancellationToken);

    public Task<IAsyncDisposable> SubscribeProgressAsync(JobId id, Action<string> onProgress, CancellationToken cancellationToken = default) =>
        inner.SubscribeProgressAsync(id, onProgress, cancellationToken);

    public async Task<IReadOnlyList<FetchedJob>> FetchAsync(FetchRequest request, CancellationToken cancellationToken = default)
    {
        var fetched = await inner.FetchAsync(request, cancellationToken);
        if (fetched.Count > 0 && Interlocked.Exchange(ref _delayed, 1) == 0)
        {
            await Task.Delay(delay, CancellationToken.None);
            await inner.RecoverExpiredLeasesAsync(1000, CancellationToken.None);
            DelayedIds = fetched.Select(j => j.Id).ToList();
        }
        return fetched;
    }

    public Task<bool> EnqueueAsync(JobRecord job, CancellationToken cancellationToken = default) => inner.EnqueueAsync(job, cancellationToken);
    public Task<EnqueueOutcome> TryEnqueueAsync(JobRecord job, CancellationToken cancellationToken = default) => inner.TryEnqueueAsync(job, cancellationToken);
    public Task<int> EnqueueManyAsync(IReadOnlyList<JobRecord> jobs, CancellationToken cancellationToken = default) => inner.EnqueueManyAsync(jobs, cancellationToken);
    public Task<IReadOnlyList<bool>> AckAsync(IReadOnlyList<JobCompletion> completions, CancellationToken cancellationToken = default) => inner.AckAsync(completions, cancellationToken);
    public Task<FailOutcome> FailAsync(JobFailure failure, CancellationToken cancellationToken = default) => inner.FailAsync(failure, cancellationToken);
    public Task<bool> SnoozeAsync(JobSnooze snooze, CancellationToken cancellationToken = default) => inner.SnoozeAsync(snooze, cancellationToken);
    public Task<IReadOnlyList<JobId>> RenewLeasesAsync(IReadOnlyList<LeaseRef> leases, TimeSpan leaseDuration, CancellationToken cancellationToken = default) => inner.RenewLeasesAsync(leases, leaseDuration, cancellationToken);
    public Task<bool> ReleaseAsync(LeaseRef lease, CancellationToken cancellationToken = default) => inner.ReleaseAsync(lease, cancellationToken);
    public Task<int> PromoteDueAsync(int maxJobs, CancellationToken cancellationToken = default) => inner.PromoteDueAsync(maxJobs, cancellationToken);
    public Task<int> RecoverExpiredLeasesAsync(int maxJobs, CancellationToken cancellationToken = default) => inner.RecoverExpiredLeasesAsync(maxJobs, cancellationToken);
    public Task<MaintenanceRound> MaintainAsync(int maxJobs, CancellationToken cancellationToken = default) => inner.MaintainAsync(maxJobs, cancellationToken);
    public Task<DateTimeOffset?> GetNextScheduledAsync(CancellationToken cancellationToken = default) => inner.GetNextScheduledAsync(cancellationToken);
    public Task<JobRecord?> GetJobAsync(JobId id, CancellationToken cancellationToken = default) => inner.GetJobAsync(id, cancellationToken);
    public Task<QueueDepths> GetQueueDepthsAsync(IReadOnlyList<RoutingKey>? routes = null, CancellationToken cancellationToken = default) => inner.GetQueueDepthsAsync(routes, cancellationToken);
    public Task<IReadOnlyList<JobRecord>> ListDeadAsync(int offset, int count, CancellationToken cancellationToken = default) => inner.ListDeadAsync(offset, count, cancellationToken);
    public Task<bool> RequeueDeadAsync(JobId id, CancellationToken cancellationToken = default) => inner.RequeueDeadAsync(id, cancellationToken);
    public Task<bool> DeleteDeadAsync(JobId id, CancellationToken cancellationToken = default) => inner.DeleteDeadAsync(id, cancellationToken);
    public Task<JobResult?> GetResultAsync(JobId id, CancellationToken cancellationToken = default) => inner.GetResultAsync(id, cancellationToken);
    public Task<JobResult> WaitForResultAsync(JobId id, CancellationToken cancellationToken) => inner.WaitForResultAsync(id, cancellationToken);
    public Task<CancelOutcome> CancelAsync(JobId id, CancellationToken cancellationToken = default) => inner.CancelAsync(id, cancellationToken);
    public Task<IAsyncDisposable> SubscribeWakeUpAsync(IReadOnlyList<RoutingKey> routes, Action<RoutingKey?> onWake, CancellationToken cancellationToken = default) => inner.SubscribeWakeUpAsync(routes, onWake, cancellationToken);
    public Task<IAsyncDisposable> SubscribeCancellationsAsync(Action<JobId> onCancel, CancellationToken cancellationToken = default) => inner.SubscribeCancellationsAsync(onCancel, cancellationToken);
    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
