using Bananas.Tasks.Engine;
using StackExchange.Redis;

namespace Bananas.Tasks.Redis;

public sealed partial class RedisQueueEngine
{
    /// <inheritdoc/>
    public async Task<CancelOutcome> CancelAsync(JobId id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        RedisResult reply;
        try
        {
            reply = await RedisScripts.Cancel.EvaluateAsync(Db,
                [_keys.Job(id), _keys.Scheduled],
                [_keys.Prefix, id.Value, JobHashCodec.FormatTime(Now), ResultTtlMs]).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (MalformedRecord(ex) is { } error)
        {
            throw new InvalidOperationException($"Cannot cancel pending job {id}: {error}. The worker that fetches it fails it with that error.", ex);
        }
        return reply.ToString() switch
        {
            "notfound" => CancelOutcome.NotFound,
            "cancelled" => CancelOutcome.Cancelled,
            "signalled" => CancelOutcome.Signalled,
            "finished" => CancelOutcome.AlreadyFinished,
            var other => throw new InvalidOperationException($"{RedisScripts.Cancel.File} returned '{other}'; expected notfound, cancelled, signalled or finished."),
        };
    }
}
