using Bananas.Tasks.Engine;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>The cluster key layout (docs/wire-format.md "Cluster layout"): the classic names under the prefix as a hash tag, all in one slot.</summary>
[Trait("Tier", "cluster")]
public sealed class RedisClusterLayoutTests
{
    [Fact]
    public void The_cluster_layout_is_the_classic_names_under_the_prefix_as_a_hash_tag()
    {
        var classic = new RedisKeys("shop");
        var cluster = new RedisKeys("shop", RedisKeyLayout.Cluster);
        var id = JobId.New();

        Assert.Equal("shop:route:gpu:queue:high", (string)classic.Queue(RoutingKey.Parse("gpu"), Priority.High)!);
        Assert.Equal("{shop}:route:gpu:queue:high", (string)cluster.Queue(RoutingKey.Parse("gpu"), Priority.High)!);
        Assert.Equal("{shop}:job:" + id.Value, (string)cluster.Job(id)!);
        Assert.Equal("{shop}:queue:scheduled", (string)cluster.Scheduled!);
        Assert.Equal("{shop}:notify:gpu", cluster.RouteNotify(RoutingKey.Parse("gpu")).ToString());
        Assert.Equal("shop", cluster.Name);
        Assert.Equal("{shop}", cluster.Prefix);
        Assert.Throws<ArgumentException>(() => new RedisKeys("{shop}", RedisKeyLayout.Cluster));
    }

    [Fact]
    public async Task Every_key_a_job_leaves_on_a_cluster_is_in_the_slot_of_the_prefix()
    {
        var cluster = await RedisClusterSet.GetSharedAsync();
        var prefix = RedisServer.NewPrefix();
        var engine = new RedisQueueEngine(cluster.Connection, new QueueEngineOptions { Prefix = prefix, RedisLayout = RedisKeyLayout.Cluster });
        var unique = new JobRecord { Id = JobId.New(), Name = "work", Payload = "{}", RoutingKey = RoutingKey.Parse("gpu"), Priority = Priority.High, MaxRetries = 0, UniqueLock = "work:order-1", UniqueScope = UniqueScope.WhileQueuedOrRunning };
        var later = new JobRecord { Id = JobId.New(), Name = "work", Payload = "{}", RoutingKey = RoutingKey.Parse("cpu"), Priority = Priority.Low, MaxRetries = 0, ScheduledFor = DateTimeOffset.UtcNow.AddHours(1) };
        await engine.EnqueueAsync(unique);
        await engine.EnqueueAsync(later);
        var fetched = await engine.FetchAsync(new FetchRequest([new RouteDemand(RoutingKey.Parse("gpu"), 10)], 10, TimeSpan.FromSeconds(30), "w1"));
        Assert.Single(fetched);
        await engine.FailAsync(new JobFailure(fetched[0].Id, fetched[0].LeaseToken, "boom", "X", true, DateTimeOffset.UtcNow, TimeSpan.Zero));

        var slot = await cluster.SlotOfAsync("{" + prefix + "}");
        var master = await cluster.MasterOfAsync(slot);
        var server = cluster.Connection.GetServer("127.0.0.1", master.Port);
        var keys = new List<string>();
        await foreach (var key in server.KeysAsync(pattern: "{" + prefix + "}:*")) keys.Add(key!);

        Assert.Contains("{" + prefix + "}:job:" + unique.Id.Value, keys);
        Assert.Contains("{" + prefix + "}:queue:dead", keys);
        Assert.Contains("{" + prefix + "}:queue:scheduled", keys);
        Assert.Contains("{" + prefix + "}:routes", keys);
        foreach (var key in keys) Assert.Equal(slot, await cluster.SlotOfAsync(key));
        // nothing under the classic names anywhere in the cluster
        foreach (var endpoint in cluster.Connection.GetEndPoints())
        {
            var node = cluster.Connection.GetServer(endpoint);
            if (node.IsReplica) continue;
            await foreach (var key in node.KeysAsync(pattern: prefix + ":*")) Assert.Fail($"classic key {key} on {endpoint}");
        }
    }

    [Fact]
    public async Task Wake_ups_are_sharded_publishes_on_the_cluster_layout()
    {
        var cluster = await RedisClusterSet.GetSharedAsync();
        var prefix = RedisServer.NewPrefix();
        var engine = new RedisQueueEngine(cluster.Connection, new QueueEngineOptions { Prefix = prefix, RedisLayout = RedisKeyLayout.Cluster });
        var name = "{" + prefix + "}:notify:gpu";
        var sharded = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var plain = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscriber = cluster.Connection.GetSubscriber();
        await subscriber.SubscribeAsync(RedisChannel.Sharded(name), (_, m) => sharded.TrySetResult(m!));
        await subscriber.SubscribeAsync(RedisChannel.Literal(name), (_, m) => plain.TrySetResult(m!));
        try
        {
            await engine.EnqueueAsync(new JobRecord { Id = JobId.New(), Name = "work", Payload = "{}", RoutingKey = RoutingKey.Parse("gpu"), Priority = Priority.Normal, MaxRetries = 0 });

            Assert.Same(sharded.Task, await Task.WhenAny(sharded.Task, Task.Delay(TimeSpan.FromSeconds(10))));
            Assert.Equal("gpu", await sharded.Task);
            await Task.Delay(300);
            Assert.False(plain.Task.IsCompleted, "a plain SUBSCRIBE got the wake-up: the script used PUBLISH, which every node of the cluster relays");
        }
        finally
        {
            await subscriber.UnsubscribeAllAsync();
        }
    }
}
