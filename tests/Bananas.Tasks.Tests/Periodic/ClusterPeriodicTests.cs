using Bananas.Tasks.Engine;
using Bananas.Tasks.Periodic;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;

namespace Bananas.Tasks.Tests.Periodic;

/// <summary>The cron store contract on a real Redis Cluster, with the cluster key layout.</summary>
[Trait("Tier", "cluster")]
public sealed class RedisClusterCronStoreTests : CronStoreContractTests
{
    protected override async Task<ICronStore> CreateStoreAsync() =>
        new RedisCronStore((await RedisClusterSet.GetSharedAsync()).Connection, RedisServer.NewPrefix(), RedisKeyLayout.Cluster);
}

/// <summary>Every scheduler test with the cron store and the engine on a real Redis Cluster.</summary>
[Trait("Tier", "cluster")]
public sealed class PeriodicSchedulerRedisClusterTests : PeriodicSchedulerTests
{
    private readonly string _prefix = RedisServer.NewPrefix();

    protected override async Task<ICronStore> CreateStoreAsync() =>
        new RedisCronStore((await RedisClusterSet.GetSharedAsync()).Connection, _prefix, RedisKeyLayout.Cluster);

    protected override async Task<Func<TimeProvider, IQueueEngine>?> EngineFactoryAsync()
    {
        var cluster = await RedisClusterSet.GetSharedAsync();
        return time => new RedisQueueEngine(cluster.Connection, new QueueEngineOptions { Prefix = _prefix, RedisLayout = RedisKeyLayout.Cluster, TimeProvider = time });
    }
}

/// <summary>Every scheduler test with the engine on the per-route layout on a real Redis Cluster (the cron store under the global tag).</summary>
[Trait("Tier", "cluster")]
public sealed class PeriodicSchedulerRedisClusterPerRouteTests : PeriodicSchedulerTests
{
    private readonly string _prefix = RedisServer.NewPrefix();

    protected override async Task<ICronStore> CreateStoreAsync() =>
        new RedisCronStore((await RedisClusterSet.GetSharedAsync()).Connection, _prefix, RedisKeyLayout.ClusterPerRoute);

    protected override async Task<Func<TimeProvider, IQueueEngine>?> EngineFactoryAsync()
    {
        var cluster = await RedisClusterSet.GetSharedAsync();
        return time => RedisEngines.Create(cluster.Connection, new QueueEngineOptions { Prefix = _prefix, RedisLayout = RedisKeyLayout.ClusterPerRoute, TimeProvider = time });
    }
}
