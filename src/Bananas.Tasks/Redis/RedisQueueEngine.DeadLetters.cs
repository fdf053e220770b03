using Bananas.Tasks.Engine;
using StackExchange.Redis;

namespace Bananas.Tasks.Redis;

public sealed partial class RedisQueueEngine
{
    /// <inheritdoc/>
    public async Task<bool> RequeueDeadAsync(JobId id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var reply = await RedisScripts.RequeueDead.EvaluateAsync(Db,
                [_keys.Dead, _keys.Job(id), _keys.Result(id)],
                [_keys.Prefix, id.Value, JobHashCodec.FormatTime(Now)]).ConfigureAwait(false);
            return (long)reply == 1;
        }
        catch (RedisServerException ex) when (MalformedRecord(ex) is { } error)
        {
            throw new InvalidOperationException($"Cannot requeue dead job {id}: {error}. Fix the record or delete the job.", ex);
        }
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteDeadAsync(JobId id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var reply = await RedisScripts.DeleteDead.EvaluateAsync(Db, [_keys.Dead, _keys.Job(id), _keys.Result(id)], [id.Value, _keys.Prefix, JobHashCodec.FormatTime(Now)]).ConfigureAwait(false);
        return (long)reply == 1;
    }
}
