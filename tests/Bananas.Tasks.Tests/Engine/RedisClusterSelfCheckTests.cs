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

    [Fact]
    public async Task A_user_whose_scripts_cannot_run_the_migration_check_is_told_what_to_grant()
    {
        var cluster = await RedisClusterSet.GetSharedAsync();
        var user = "probe" + Guid.NewGuid().ToString("N")[..8];
        // the client's own topology discovery (CLUSTER NODES/SLOTS) stays allowed; only the scripts' KEYSLOT is refused
        foreach (var node in cluster.Nodes)
            await cluster.Connection.GetServer("127.0.0.1", node.Port).ExecuteAsync("ACL", "SETUSER", user, "on", ">pw", "~*", "&*", "+@all", "-cluster|keyslot");
        await using var limited = await ConnectionMultiplexer.ConnectAsync(cluster.Configuration + $",user={user},password=pw");
        var prefix = RedisServer.NewPrefix();

        var refused = new RedisQueueEngine(limited, new QueueEngineOptions { Prefix = prefix, RedisLayout = RedisKeyLayout.Cluster });
        await refused.CheckAtStartAsync();
        var incident = Assert.Single(refused.Incidents.Active(), n => n.Kind == "migration_check_unavailable");
        Assert.Contains("CLUSTER KEYSLOT", incident.Detail);
        Assert.Contains("+cluster|keyslot and +cluster|nodes", incident.Detail);
        Assert.False(incident.Degrades);
        // the engine still works for that user: the check passes, the scripts run
        Assert.True(await refused.EnqueueAsync(new JobRecord { Id = JobId.New(), Name = "noop", Payload = "{}" }));

        var allowed = new RedisQueueEngine(cluster.Connection, new QueueEngineOptions { Prefix = prefix, RedisLayout = RedisKeyLayout.Cluster });
        await allowed.CheckAtStartAsync();
        Assert.DoesNotContain(allowed.Incidents.Active(), n => n.Kind == "migration_check_unavailable");
    }
}
