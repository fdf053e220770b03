using Bananas.Tasks.Engine;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;

namespace Bananas.Tasks.Tests.Worker;

/// <summary>Every worker test on a real Redis Cluster (3 masters, 3 replicas) with the cluster key layout.</summary>
[Trait("Tier", "cluster")]
public sealed class RedisClusterWorkerTests : WorkerTests
{
    protected override async Task<IQueueEngine> CreateEngineAsync()
    {
        var cluster = await RedisClusterSet.GetSharedAsync();
        return new RedisQueueEngine(cluster.Connection, new QueueEngineOptions { Prefix = RedisServer.NewPrefix(), RedisLayout = RedisKeyLayout.Cluster });
    }
}

/// <summary>Every worker test on a real Redis Cluster with the per-route layout: each route its own hash slot.</summary>
[Trait("Tier", "cluster")]
public sealed class RedisClusterPerRouteWorkerTests : WorkerTests
{
    protected override async Task<IQueueEngine> CreateEngineAsync()
    {
        var cluster = await RedisClusterSet.GetSharedAsync();
        return RedisEngines.Create(cluster.Connection, new QueueEngineOptions { Prefix = RedisServer.NewPrefix(), RedisLayout = RedisKeyLayout.ClusterPerRoute });
    }
}
