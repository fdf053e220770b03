using Bananas.Tasks.Client;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;

namespace Bananas.Tasks.Cli.Tests;

/// <summary>The tool on a real Redis Cluster (issue 12): the layout is picked from the server, or given by --layout / REDIS_LAYOUT.</summary>
[Trait("Tier", "cluster")]
public sealed class ClusterCommandTests
{
    [Fact]
    public async Task On_a_cluster_the_tool_reads_the_cluster_layout_unless_told_otherwise()
    {
        var cluster = await RedisClusterSet.GetSharedAsync();
        var prefix = RedisServer.NewPrefix();
        var client = new BananasClient(new RedisQueueEngine(cluster.Connection, new QueueEngineOptions { Prefix = prefix, RedisLayout = RedisKeyLayout.Cluster }));
        var id = await client.EnqueueAsync("ok", "{}", new JobOptions { Route = "gpu", Priority = Priority.High });

        var queues = (await Cli.RunAsync(cluster.Configuration, "queues", "--json", "--prefix", prefix)).Json();
        Assert.Contains(queues.GetProperty("routes").EnumerateArray(), r => r.GetProperty("route").GetString() == "gpu");
        var job = (await Cli.RunAsync(cluster.Configuration, "job", id.Value, "--json", "--layout", "cluster", "--prefix", prefix)).Json();
        Assert.Equal("pending", job.GetProperty("job").GetProperty("status").GetString());

        var classic = await Cli.RunAsync(cluster.Configuration, "queues", "--layout", "classic", "--prefix", prefix);
        Assert.Equal(4, classic.ExitCode);
        Assert.Contains("REDIS_LAYOUT=cluster", classic.Error);

        var bad = await Cli.RunAsync(cluster.Configuration, "queues", "--layout", "sharded", "--prefix", prefix);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("Invalid --layout 'sharded': expected classic", bad.Error);
    }

    [Fact]
    public async Task The_tool_reads_the_per_route_layout_when_told_or_recorded()
    {
        var cluster = await RedisClusterSet.GetSharedAsync();
        var prefix = RedisServer.NewPrefix();
        var client = new BananasClient(new RedisRouteShardedEngine(cluster.Connection, new QueueEngineOptions { Prefix = prefix, RedisLayout = RedisKeyLayout.ClusterPerRoute }));
        var id = await client.EnqueueAsync("ok", "{}", new JobOptions { Route = "gpu", Priority = Priority.High });

        var queues = (await Cli.RunAsync(cluster.Configuration, "queues", "--json", "--layout", "cluster-per-route", "--prefix", prefix)).Json();
        var gpu = Assert.Single(queues.GetProperty("routes").EnumerateArray(), r => r.GetProperty("route").GetString() == "gpu");
        Assert.Equal(1, gpu.GetProperty("high").GetInt64());
        var job = (await Cli.RunAsync(cluster.Configuration, "job", id.Value, "--json", "--layout", "cluster-per-route", "--prefix", prefix)).Json();
        Assert.Equal("pending", job.GetProperty("job").GetProperty("status").GetString());
        // with no --layout, the tool reads the layout the prefix records
        var found = (await Cli.RunAsync(cluster.Configuration, "job", id.Value, "--json", "--prefix", prefix)).Json();
        Assert.Equal("pending", found.GetProperty("job").GetProperty("status").GetString());
    }
}
