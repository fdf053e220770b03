using Bananas.Tasks.Engine;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>
/// The classic layout on a Redis Cluster (issue 12): a connection to one fails at once with a message that says what to
/// set, instead of CROSSSLOT errors in the middle of the first scripts; the cluster layout is accepted there. A real
/// one-node cluster (cluster-enabled, every slot assigned to it).
/// </summary>
public sealed class RedisClusterRefusalTests
{
    [Fact]
    public async Task A_cluster_connection_on_the_classic_layout_is_refused_with_what_to_set()
    {
        await using var node = new RedisProcess(false, "--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + Guid.NewGuid().ToString("N")[..8] + ".conf");
        await node.StartAsync();
        await using (var admin = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{node.Port},allowAdmin=true"))
            await admin.GetDatabase().ExecuteAsync("CLUSTER", "ADDSLOTSRANGE", "0", "16383");
        await using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{node.Port}");
        Assert.Contains(connection.GetEndPoints(), e => connection.GetServer(e).ServerType == ServerType.Cluster);

        var error = Assert.Throws<NotSupportedException>(() => new RedisQueueEngine(connection, new QueueEngineOptions { Prefix = RedisServer.NewPrefix() }));

        Assert.Contains("is a Redis Cluster", error.Message);
        Assert.Contains("REDIS_LAYOUT=cluster", error.Message);
        Assert.Contains("RedisKeyLayout.Cluster", error.Message);
        Assert.Contains("docs/scaling.md", error.Message);

        var engine = new RedisQueueEngine(connection, new QueueEngineOptions { Prefix = RedisServer.NewPrefix(), RedisLayout = RedisKeyLayout.Cluster });
        Assert.Equal(RedisKeyLayout.Cluster, engine.Layout);
    }
}
