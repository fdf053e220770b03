using Bananas.Tasks.Engine;
using StackExchange.Redis;

namespace Bananas.Tasks.Redis;

public sealed partial class RedisQueueEngine
{
    /// <inheritdoc/>
    /// <remarks>One call of <c>progress-2.lua</c>: <c>HSET progress progress_at</c> on the job hash when the lease is held, then <c>PUBLISH {prefix}:progress:{id}</c>.</remarks>
    public async Task<bool> ReportProgressAsync(JobId id, string leaseToken, string progressJson, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leaseToken);
        ProgressRules.Validate(progressJson, nameof(progressJson));
        cancellationToken.ThrowIfCancellationRequested();
        var reply = await RedisScripts.Progress.EvaluateAsync(Db,
            [_keys.Job(id), _keys.Leases],
            [_keys.Prefix, id.Value, leaseToken, progressJson, JobHashCodec.FormatTime(Now)]).ConfigureAwait(false);
        return (long)reply == 1;
    }

    /// <inheritdoc/>
    /// <remarks>Subscribes to <c>{prefix}:progress:{id}</c>; each message is the JSON text of one report.</remarks>
    public async Task<IAsyncDisposable> SubscribeProgressAsync(JobId id, Action<string> onProgress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(onProgress);
        cancellationToken.ThrowIfCancellationRequested();
        var subscriber = _connection.GetSubscriber();
        var channel = _keys.Progress(id);
        Action<RedisChannel, RedisValue> handler = (_, message) =>
        {
            if (!message.IsNullOrEmpty) onProgress(message.ToString());
        };
        await subscriber.SubscribeAsync(channel, handler).ConfigureAwait(false);
        return new Unsubscriber(subscriber, [(channel, handler)]);
    }
}
