using StackExchange.Redis;
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
        var reply = (RedisResult[])(await RedisScripts.Promote.EvaluateAsync(Db,
            [_keys.Scheduled, _keys.Dead, _keys.Leases],
            [_keys.Prefix, JobHashCodec.FormatUnixSeconds(now), JobHashCodec.FormatTime(now), maxJobs, ResultTtlMs]).ConfigureAwait(false))!;
        ReportMaintenanceRefusal(reply[1].ToString(), reply[2].ToString());
        return (int)(long)reply[0];
    }

    /// <inheritdoc/>
    public async Task<int> RecoverExpiredLeasesAsync(int maxJobs, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (maxJobs <= 0) return 0;
        var now = Now;
        var reply = (RedisResult[])(await RedisScripts.Recover.EvaluateAsync(Db,
            [_keys.Leases, _keys.Dead],
            [_keys.Prefix, LeaseNow(now), JobHashCodec.FormatTime(now), maxJobs, ResultTtlMs]).ConfigureAwait(false))!;
        ReportMaintenanceRefusal(reply[1].ToString(), reply[2].ToString());
        return (int)(long)reply[0];
    }

    /// <inheritdoc/>
    /// <remarks>
    /// One call of maintain-4.lua, which also reads the marker of the dataset check (<see cref="CheckDatasetAsync"/>):
    /// a round that finds it gone reports <c>dataset_emptied</c> as that check does (<see cref="MaintainChecksDataset"/>).
    /// </remarks>
    public async Task<MaintenanceRound> MaintainAsync(int maxJobs, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxJobs);
        var now = Now;
        var reply = (RedisResult[])(await RedisScripts.Maintain.EvaluateAsync(Db,
            [_keys.Scheduled, _keys.Leases, _keys.Dead, _keys.Instance],
            [_keys.Prefix, JobHashCodec.FormatUnixSeconds(now), LeaseNow(now), JobHashCodec.FormatTime(now), maxJobs, ResultTtlMs]).ConfigureAwait(false))!;
        var nextDue = reply[2].ToString();
        var nextLease = reply[3].ToString();
        if ((long)reply[4] == 0 && Volatile.Read(ref _markerWritten) == 1) await ReportDatasetEmptiedAsync().ConfigureAwait(false);
        ReportMaintenanceRefusal(reply[6].ToString(), reply[7].ToString());
        return new MaintenanceRound(
            (int)(long)reply[0],
            (int)(long)reply[1],
            nextDue.Length == 0 ? null : JobHashCodec.FromUnixSeconds(double.Parse(nextDue, System.Globalization.CultureInfo.InvariantCulture)),
            nextLease.Length == 0 ? null : now + TimeSpan.FromMilliseconds(ParseMs(nextLease) - ParseMs(reply[5].ToString())));
    }

    /// <inheritdoc/>
    public bool MaintainChecksDataset => true;

    /// <summary>
    /// A maintenance step stopped at a key Redis refused (an ACL on a job key or its queue, built in the script): that
    /// job and the later ones were left as they are, for a worker with the rights. Degrades health like a refused fetch.
    /// </summary>
    private void ReportMaintenanceRefusal(string key, string error)
    {
        if (key.Length == 0) return;
        Incidents.Report("refused", key, $"Redis refused a command on {key} ({error}); maintenance left that job and the later ones as they were, for a worker with the rights", degrades: true);
    }

    private static double ParseMs(string text) => double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public async Task<DateTimeOffset?> GetNextScheduledAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var first = await Db.SortedSetRangeByRankWithScoresAsync(_keys.Scheduled, 0, 0).ConfigureAwait(false);
        return first.Length == 0 ? null : JobHashCodec.FromUnixSeconds(first[0].Score);
    }
}
