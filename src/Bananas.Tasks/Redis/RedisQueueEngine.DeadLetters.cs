using Bananas.Tasks.Engine;
using StackExchange.Redis;

namespace Bananas.Tasks.Redis;

public sealed partial class RedisQueueEngine
{
    /// <inheritdoc/>
    public async Task<bool> RequeueDeadAsync(JobId id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var placement = await ReadPlacementAsync(id).ConfigureAwait(false);
        RedisKey[] keys = placement.Missing || placement.Error is not null
            ? [_keys.Dead, _keys.Job(id), _keys.Result(id)]
            : [_keys.Dead, _keys.Job(id), _keys.Result(id), _keys.Queue(placement.Route, placement.Priority)];
        var reply = await RedisScripts.RequeueDead.EvaluateAsync(Db, keys, [_keys.Prefix, id.Value, JobHashCodec.FormatTime(Now)]).ConfigureAwait(false);
        if (reply.Resp2Type == ResultType.BulkString || reply.Resp2Type == ResultType.SimpleString)
            throw new InvalidOperationException($"Cannot requeue dead job {id}: {placement.Error}. Fix the record or delete the job.");
        return (long)reply == 1;
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteDeadAsync(JobId id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var reply = await RedisScripts.DeleteDead.EvaluateAsync(Db, [_keys.Dead, _keys.Job(id), _keys.Result(id)], [id.Value]).ConfigureAwait(false);
        return (long)reply == 1;
    }
}
