using System.Diagnostics;
using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Infrastructure;

/// <summary>
/// A real Redis Cluster on loopback ports: redis-server processes with <c>cluster-enabled yes</c>, joined by
/// <c>redis-cli --cluster create … --cluster-replicas N</c> (issue 12: "a 3-master / 3-replica cluster from redis-server
/// processes"). Each node's cluster bus gets a free port of its own (<c>cluster-port</c>), so no port + 10000 rule. A
/// node is declared failed after <c>cluster-node-timeout</c> 2 s, so a killed master's replica takes over in about 3 s.
/// Start returns when every replica is in sync (<c>master_link_status:up</c>): a replica promoted before its first
/// copy would take over with an empty dataset.
/// </summary>
public sealed class RedisClusterSet : IAsyncDisposable
{
    private static readonly Lazy<Task<RedisClusterSet>> s_shared = new(async () =>
    {
        var set = await StartAsync();
        set.StopOnProcessExit();
        return set;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    private RedisClusterSet(List<RedisProcess> nodes, ConnectionMultiplexer connection)
    {
        Nodes = nodes;
        Connection = connection;
    }

    /// <summary>One cluster for the whole test run (3 masters, 3 replicas), started on first use; tests isolate themselves by prefix.</summary>
    public static Task<RedisClusterSet> GetSharedAsync() => s_shared.Value;

    /// <summary>Every node process, masters first as created (their roles change after a failover).</summary>
    public IReadOnlyList<RedisProcess> Nodes { get; }

    /// <summary>A multiplexer to the whole cluster (StackExchange.Redis discovers the nodes and follows MOVED/ASK).</summary>
    public ConnectionMultiplexer Connection { get; }

    /// <summary>The StackExchange.Redis configuration of the cluster: every node's endpoint.</summary>
    public string Configuration => string.Join(",", Nodes.Select(n => "127.0.0.1:" + n.Port));

    /// <summary>Starts <paramref name="masters"/> masters with <paramref name="replicasPerMaster"/> replicas each and waits until every node says <c>cluster_state:ok</c>.</summary>
    public static async Task<RedisClusterSet> StartAsync(int masters = 3, int replicasPerMaster = 1, bool persistent = false)
    {
        var nodes = new List<RedisProcess>();
        try
        {
            for (int i = 0; i < masters * (1 + replicasPerMaster); i++)
            {
                var node = new RedisProcess(persistent,
                    "--cluster-enabled", "yes",
                    "--cluster-config-file", "nodes.conf",
                    "--cluster-port", RedisProcess.FreePort().ToString(),
                    "--cluster-node-timeout", "2000",
                    "--cluster-replica-validity-factor", "0",
                    "--repl-diskless-sync-delay", "0");
                nodes.Add(node);
                await node.StartAsync();
            }
            var create = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            create.ArgumentList.Add("--cluster");
            create.ArgumentList.Add("create");
            foreach (var node in nodes) create.ArgumentList.Add("127.0.0.1:" + node.Port);
            create.ArgumentList.Add("--cluster-replicas");
            create.ArgumentList.Add(replicasPerMaster.ToString());
            create.ArgumentList.Add("--cluster-yes");
            using (var cli = Process.Start(create) ?? throw new InvalidOperationException("Could not start redis-cli (it comes with redis-server: apt-get install -y redis-server)."))
            {
                var output = cli.StandardOutput.ReadToEndAsync();
                var error = cli.StandardError.ReadToEndAsync();
                await cli.WaitForExitAsync();
                if (cli.ExitCode != 0) throw new InvalidOperationException($"redis-cli --cluster create exited with {cli.ExitCode}: {await output}{await error}");
            }
            foreach (var node in nodes)
                await WaitAsync(async () => (await ClusterInfoAsync(node.Port)).Contains("cluster_state:ok"), $"node {node.Port} to say cluster_state:ok");
            // a replica promoted before its first sync would take over with an empty dataset: wait until every one is in sync
            foreach (var node in nodes)
                await WaitAsync(async () => await InfoAsync(node.Port, "replication") is { } info && (info.Contains("role:master") || info.Contains("master_link_status:up")), $"node {node.Port} to be in sync with its master");
            var options = ConfigurationOptions.Parse(string.Join(",", nodes.Select(n => "127.0.0.1:" + n.Port)));
            options.AbortOnConnectFail = false;
            options.AllowAdmin = true;
            var connection = await ConnectionMultiplexer.ConnectAsync(options);
            // every master must be known with its slots before the first script runs
            await WaitAsync(() => Task.FromResult(connection.GetEndPoints().Count(e => connection.GetServer(e) is { IsConnected: true, IsReplica: false }) >= masters), "the client to see every master");
            return new RedisClusterSet(nodes, connection);
        }
        catch
        {
            foreach (var node in nodes) await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>The slot of a key, as the cluster computes it (<c>CLUSTER KEYSLOT</c>).</summary>
    public async Task<int> SlotOfAsync(string key) => (int)await Connection.GetDatabase().ExecuteAsync("CLUSTER", "KEYSLOT", key);

    /// <summary>The node process that serves <paramref name="slot"/> as master now.</summary>
    public async Task<RedisProcess> MasterOfAsync(int slot)
    {
        foreach (var node in Nodes.Where(n => n.ProcessId is not null))
        {
            var shards = await ClusterCommandAsync(node.Port, "SLOTS");
            if (shards is null) continue;
            foreach (var range in (RedisResult[])shards!)
            {
                var parts = (RedisResult[])range!;
                if ((int)parts[0] <= slot && slot <= (int)parts[1])
                {
                    var port = (int)((RedisResult[])parts[2]!)[1];
                    return Nodes.First(n => n.Port == port);
                }
            }
        }
        throw new InvalidOperationException($"No live node reports a master for slot {slot}.");
    }

    private static async Task<RedisResult?> ClusterCommandAsync(int port, string sub)
    {
        try
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions { EndPoints = { { "127.0.0.1", port } }, AbortOnConnectFail = true, ConnectTimeout = 1000, AllowAdmin = true });
            return await connection.GetServer("127.0.0.1", port).ExecuteAsync("CLUSTER", sub);
        }
        catch (RedisException)
        {
            return null;
        }
    }

    private static async Task<string?> InfoAsync(int port, string section)
    {
        try
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions { EndPoints = { { "127.0.0.1", port } }, AbortOnConnectFail = true, ConnectTimeout = 1000, AllowAdmin = true });
            return (await connection.GetServer("127.0.0.1", port).ExecuteAsync("INFO", section)).ToString();
        }
        catch (RedisException)
        {
            return null;
        }
    }

    private static async Task<string> ClusterInfoAsync(int port) => (await ClusterCommandAsync(port, "INFO"))?.ToString() ?? "";

    internal static async Task WaitAsync(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out after {seconds} s waiting for {what}.");
            await Task.Delay(100);
        }
    }

    private void StopOnProcessExit()
    {
        foreach (var node in Nodes) node.StopOnProcessExit();
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        foreach (var node in Nodes) await node.DisposeAsync();
    }
}
