using Bananas.Tasks.Engine;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>The conformance suite on the per-route layout (<see cref="RedisRouteShardedEngine"/>) on one real Redis, a fresh prefix per test.</summary>
public sealed class RedisPerRouteConformanceTests : QueueEngineConformanceTests
{
    public RedisPerRouteConformanceTests(ITestOutputHelper output) => Output = output;

    protected override async Task<IQueueEngine> CreateEngineAsync(QueueEngineOptions options)
    {
        var server = await RedisServer.GetAsync();
        options.Prefix = RedisServer.NewPrefix();
        options.RedisLayout = RedisKeyLayout.ClusterPerRoute;
        return RedisEngines.Create(server.Connection, options);
    }
}

/// <summary>
/// The conformance suite on a real Redis Cluster (3 masters, 3 replicas, <see cref="RedisClusterSet"/>) with the per-route
/// layout: each route of a test is its own hash slot, so one test's routes are on several masters.
/// </summary>
[Trait("Tier", "cluster")]
public sealed class RedisClusterPerRouteConformanceTests : QueueEngineConformanceTests
{
    public RedisClusterPerRouteConformanceTests(ITestOutputHelper output) => Output = output;

    protected override async Task<IQueueEngine> CreateEngineAsync(QueueEngineOptions options)
    {
        var cluster = await RedisClusterSet.GetSharedAsync();
        options.Prefix = RedisServer.NewPrefix();
        options.RedisLayout = RedisKeyLayout.ClusterPerRoute;
        return RedisEngines.Create(cluster.Connection, options);
    }
}
