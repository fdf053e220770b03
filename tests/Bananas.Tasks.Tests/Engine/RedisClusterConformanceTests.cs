using Bananas.Tasks.Engine;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>
/// The conformance suite on a real Redis Cluster (3 masters, 3 replicas, <see cref="RedisClusterSet"/>) with the cluster
/// key layout, a fresh prefix per test: the prefixes hash to different slots, so the tests spread over the masters.
/// </summary>
[Trait("Tier", "cluster")]
public sealed class RedisClusterConformanceTests : QueueEngineConformanceTests
{
    public RedisClusterConformanceTests(ITestOutputHelper output) => Output = output;

    protected override async Task<IQueueEngine> CreateEngineAsync(QueueEngineOptions options)
    {
        var cluster = await RedisClusterSet.GetSharedAsync();
        options.Prefix = RedisServer.NewPrefix();
        options.RedisLayout = RedisKeyLayout.Cluster;
        return new RedisQueueEngine(cluster.Connection, options);
    }
}
