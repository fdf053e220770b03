using Bananas.Tasks.Engine;
using StackExchange.Redis;

namespace Bananas.Tasks.Redis;

/// <summary>Makes the Redis engine of a layout (<see cref="QueueEngineOptions.RedisLayout"/>).</summary>
public static class RedisEngines
{
    /// <summary>
    /// A <see cref="RedisRouteShardedEngine"/> for <see cref="RedisKeyLayout.ClusterPerRoute"/>, a <see cref="RedisQueueEngine"/>
    /// for the other layouts, on a connection the caller owns.
    /// </summary>
    public static IQueueEngine Create(IConnectionMultiplexer connection, QueueEngineOptions? options = null) =>
        options?.RedisLayout == RedisKeyLayout.ClusterPerRoute
            ? new RedisRouteShardedEngine(connection, options)
            : new RedisQueueEngine(connection, options);

    /// <summary>
    /// The layout a deployment of <paramref name="prefix"/> runs on, read from the server (the CLI, when no layout is
    /// given): on a Redis Cluster the tagged layout the prefix records in <c>{prefix}:layout</c> (written by its first
    /// client or worker), <see cref="RedisKeyLayout.Cluster"/> when none is recorded; elsewhere <see cref="RedisKeyLayout.Classic"/>.
    /// </summary>
    public static async Task<RedisKeyLayout> DetectLayoutAsync(IConnectionMultiplexer connection, string prefix)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!RedisQueueEngine.OnCluster(connection)) return RedisKeyLayout.Classic;
        var marker = (string?)await connection.GetDatabase().StringGetAsync(new RedisKeys(prefix, RedisKeyLayout.Cluster).LayoutMarker).ConfigureAwait(false);
        return RedisKeyLayouts.Parse(marker) is RedisKeyLayout.ClusterPerRoute ? RedisKeyLayout.ClusterPerRoute : RedisKeyLayout.Cluster;
    }

    /// <summary>The keys of the global things (cron schedules, workers) of a Redis engine, whatever its layout; null for another engine.</summary>
    internal static RedisKeys? GlobalKeys(IQueueEngine engine) => engine switch
    {
        RedisQueueEngine redis => redis.Keys,
        RedisRouteShardedEngine sharded => sharded.Global.Keys,
        _ => null,
    };
}
