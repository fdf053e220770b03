using Bananas.Tasks.Engine;
using StackExchange.Redis;

namespace Bananas.Tasks.Redis;

public sealed partial class RedisQueueEngine
{
    /// <inheritdoc/>
    public Task<JobResult> WaitForResultAsync(JobId id, CancellationToken cancellationToken) =>
        _waiters.WaitAsync(id, _keys.ResultNotify(id), cancellationToken);

    /// <inheritdoc/>
    /// <remarks>
    /// Subscribes to <c>{prefix}:notify:{route}</c> for each route (callback with that route) and to
    /// <c>{prefix}:queue:scheduled:notify</c> (callback with null).
    /// </remarks>
    public async Task<IAsyncDisposable> SubscribeWakeUpAsync(IReadOnlyList<RoutingKey> routes, Action<RoutingKey?> onWake, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(onWake);
        cancellationToken.ThrowIfCancellationRequested();
        var subscriber = _connection.GetSubscriber();
        var subscriptions = new List<(RedisChannel Channel, Action<RedisChannel, RedisValue> Handler)>();
        foreach (var route in routes.Distinct())
        {
            var target = route;
            subscriptions.Add((_keys.RouteNotify(route), (_, _) => onWake(target)));
        }
        subscriptions.Add((_keys.ScheduledNotify, (_, _) => onWake(null)));
        var unsubscriber = new Unsubscriber(subscriber, subscriptions);
        try
        {
            foreach (var (channel, handler) in subscriptions)
                await subscriber.SubscribeAsync(channel, handler).ConfigureAwait(false);
        }
        catch
        {
            await unsubscriber.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return unsubscriber;
    }

    /// <inheritdoc/>
    /// <remarks>Subscribes to <c>{prefix}:cancel</c>; a message that is not a job id is ignored (the channel carries hints only).</remarks>
    public async Task<IAsyncDisposable> SubscribeCancellationsAsync(Action<JobId> onCancel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(onCancel);
        cancellationToken.ThrowIfCancellationRequested();
        var subscriber = _connection.GetSubscriber();
        Action<RedisChannel, RedisValue> handler = (_, message) =>
        {
            if (JobId.TryParse(message.ToString(), out var id)) onCancel(id);
        };
        await subscriber.SubscribeAsync(_keys.Cancel, handler).ConfigureAwait(false);
        return new Unsubscriber(subscriber, [(_keys.Cancel, handler)]);
    }

    private sealed class Unsubscriber(ISubscriber subscriber, List<(RedisChannel Channel, Action<RedisChannel, RedisValue> Handler)> subscriptions) : IAsyncDisposable
    {
        private int _disposed;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
            foreach (var (channel, handler) in subscriptions)
                await subscriber.UnsubscribeAsync(channel, handler).ConfigureAwait(false);
        }
    }
}
