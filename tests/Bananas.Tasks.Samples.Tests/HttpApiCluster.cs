using System.Diagnostics;
using System.Net;
using Bananas.Tasks.Tests.Infrastructure;

namespace Bananas.Tasks.Samples.Tests;

/// <summary>
/// The README's two-node set-up, for real: a redis-server, node-a (API only: RUN_WORKER=false) and node-b (API and
/// worker), each the built HttpApi dll as a child process on its own loopback port, both with REDIS_URL. Task durations
/// are scaled to 2% (email 20 ms … report 100 ms) so the tests stay fast. Everything is stopped in DisposeAsync.
/// </summary>
public class HttpApiCluster : IAsyncLifetime
{
    private readonly RedisProcess _redis = new(persistent: false);

    /// <summary>Starts the Redis the nodes share and returns the settings that point them at it.</summary>
    protected virtual async Task<Dictionary<string, string?>> StartRedisAsync()
    {
        await _redis.StartAsync();
        return new() { ["REDIS_URL"] = _redis.Url };
    }

    /// <summary>Stops what <see cref="StartRedisAsync"/> started.</summary>
    protected virtual ValueTask StopRedisAsync() => _redis.DisposeAsync();

    private Dictionary<string, string?> _redisSettings = new();

    public SampleProcess NodeA { get; private set; } = null!;
    public SampleProcess NodeB { get; private set; } = null!;
    public HttpClient A { get; private set; } = null!;
    public HttpClient B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _redisSettings = await StartRedisAsync();
        try
        {
            (NodeA, A) = StartNode("node-a", runWorker: false);
            (NodeB, B) = StartNode("node-b", runWorker: true);
            await Task.WhenAll(WaitReadyAsync(NodeA, A), WaitReadyAsync(NodeB, B));
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Both nodes' output, for failure messages.</summary>
    public string Logs => $"--- node-a ---\n{NodeA?.Output}\n--- node-b ---\n{NodeB?.Output}";

    private (SampleProcess, HttpClient) StartNode(string nodeId, bool runWorker)
    {
        var url = $"http://127.0.0.1:{SampleProcess.FreePort()}";
        var process = SampleProcess.Start("HttpApi", ["--urls", url], new Dictionary<string, string?>(_redisSettings)
        {
            ["NODE_ID"] = nodeId,
            ["RUN_WORKER"] = runWorker ? "true" : "false",
            ["TASK_DURATION_SCALE"] = "0.02",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        });
        return (process, new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) });
    }

    private static async Task WaitReadyAsync(SampleProcess node, HttpClient client)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (node.HasExited) throw new InvalidOperationException($"HttpApi exited at start with code {node.ExitCode}:\n{node.Output}");
            try
            {
                using var response = await client.GetAsync("/tasks/stats");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            if (watch.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException($"HttpApi did not answer within 30 s:\n{node.Output}");
            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        A?.Dispose();
        B?.Dispose();
        if (NodeA is not null) await NodeA.DisposeAsync();
        if (NodeB is not null) await NodeB.DisposeAsync();
        await StopRedisAsync();
    }
}

/// <summary>
/// The same two nodes on a real Redis Cluster of 3 masters with 2 replicas each (every job on 3 nodes, the example's
/// "replicated 3×"), REDIS_URL naming the masters and REDIS_LAYOUT=cluster.
/// </summary>
public sealed class HttpApiOnRedisCluster : HttpApiCluster
{
    private RedisClusterSet? _cluster;

    protected override async Task<Dictionary<string, string?>> StartRedisAsync()
    {
        _cluster = await RedisClusterSet.StartAsync(masters: 3, replicasPerMaster: 2);
        return new() { ["REDIS_URL"] = _cluster.Configuration, ["REDIS_LAYOUT"] = "cluster" };
    }

    protected override ValueTask StopRedisAsync() => _cluster?.DisposeAsync() ?? ValueTask.CompletedTask;
}
