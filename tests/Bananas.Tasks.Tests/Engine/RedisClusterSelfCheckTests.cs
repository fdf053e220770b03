using Bananas.Tasks.Engine;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>The start-up eviction check on a cluster reads the policy of the master that holds the prefix's slot, not of whichever node answers.</summary>
[Trait("Tier", "cluster")]
public sealed class RedisClusterSelfCheckTests
{
    [Fact]
    public async Task The_eviction_policy_checked_is_the_one_of_the_master_holding_the_prefix()
    {
        await using var cluster = await RedisClusterSet.StartAsync(masters: 3, replicasPerMaster: 0);
        var prefix = RedisServer.NewPrefix();
        var master = await cluster.MasterOfAsync(await cluster.SlotOfAsync("{" + prefix + "}"));
        await using (var admin = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{master.Port},allowAdmin=true"))
            await admin.GetServer("127.0.0.1", master.Port).ConfigSetAsync("maxmemory-policy", "allkeys-lru");

        // several engines, so a keyless check would land on the other masters (noeviction) most of the time
        for (int i = 0; i < 6; i++)
        {
            var engine = new RedisQueueEngine(cluster.Connection, new QueueEngineOptions { Prefix = prefix, RedisLayout = RedisKeyLayout.Cluster });
            await engine.CheckAtStartAsync();
            Assert.Contains(engine.Incidents.Active(), n => n.Kind == "eviction_policy" && n.Detail.Contains("'allkeys-lru'"));
        }
    }
}
