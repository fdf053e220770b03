using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Redis;

public sealed partial class RedisQueueEngine
{
    /// <inheritdoc/>
    public async Task<int> PromoteDueAsync(int maxJobs, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (maxJobs <= 0) return 0;
        var now = Now;
        var reply = await RedisScripts.Promote.EvaluateAsync(Db,
            [_keys.Scheduled, _keys.Dead, _keys.Leases],
            [_keys.Prefix, JobHashCodec.FormatUnixSeconds(now), JobHashCodec.FormatTime(now), maxJobs, ResultTtlMs]).ConfigureAwait(false);
        return (int)(long)reply;
    }

    /// <inheritdoc/>
    public async Task<int> RecoverExpiredLeasesAsync(int maxJobs, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (maxJobs <= 0) return 0;
        var now = Now;
        var reply = await RedisScripts.Recover.EvaluateAsync(Db,
            [_keys.Leases, _keys.Dead],
            [_keys.Prefix, UnixMs(now), JobHashCodec.FormatTime(now), maxJobs, ResultTtlMs]).ConfigureAwait(false);
        return (int)(long)reply;
    }

    /// <inheritdoc/>
    public async Task<DateTimeOffset?> GetNextScheduledAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var first = await Db.SortedSetRangeByRankWithScoresAsync(_keys.Scheduled, 0, 0).ConfigureAwait(false);
        return first.Length == 0 ? null : JobHashCodec.FromUnixSeconds(first[0].Score);
    }
}
