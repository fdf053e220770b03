using Bananas.Tasks.Engine;
using StackExchange.Redis;

namespace Bananas.Tasks.Redis;

public sealed partial class RedisQueueEngine
{
    /// <inheritdoc/>
    public async Task<CancelOutcome> CancelAsync(JobId id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var placement = await ReadPlacementAsync(id).ConfigureAwait(false);
        if (placement.Missing) return CancelOutcome.NotFound;
        RedisKey[] keys = placement.Error is not null
            ? [_keys.Job(id), _keys.Scheduled, _keys.Result(id)]
            : [_keys.Job(id), _keys.Scheduled, _keys.Result(id), _keys.Queue(placement.Route, placement.Priority)];
        var reply = await RedisScripts.Cancel.EvaluateAsync(Db, keys, [_keys.Prefix, id.Value, JobHashCodec.FormatTime(Now), ResultTtlMs]).ConfigureAwait(false);
        return reply.ToString() switch
        {
            "notfound" => CancelOutcome.NotFound,
            "cancelled" => CancelOutcome.Cancelled,
            "signalled" => CancelOutcome.Signalled,
            "finished" => CancelOutcome.AlreadyFinished,
            "unplaceable" => throw new InvalidOperationException($"Cannot cancel pending job {id}: {placement.Error}. The worker that fetches it fails it with that error."),
            var other => throw new InvalidOperationException($"cancel-4.lua returned '{other}'; expected notfound, cancelled, signalled or finished."),
        };
    }
}
