using System.Diagnostics;
using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Infrastructure;

/// <summary>
/// A real Sentinel deployment on loopback ports: one master and one replica (redis-server processes) watched by three
/// sentinels (redis-server --sentinel), quorum 2, a master declared down after 1 s. For the failover tests
/// (issue 12: "Sentinel: 1 master, 1 replica, 3 sentinels; kill the master under load").
/// </summary>
internal sealed class RedisSentinelSet : IAsyncDisposable
{
    public const string Service = "bananas-master";

    private readonly List<(Process Process, int Port, string Dir)> _sentinels = new();

    private RedisSentinelSet(RedisProcess master, RedisProcess replica)
    {
        Master = master;
        Replica = replica;
    }

    public RedisProcess Master { get; }
    public RedisProcess Replica { get; }

    /// <summary>The <c>REDIS_URL</c> of the deployment: the three sentinels and the service.</summary>
    public string Url => "redis-sentinel://" + string.Join(",", _sentinels.Select(s => "127.0.0.1:" + s.Port)) + "/" + Service;

    public static async Task<RedisSentinelSet> StartAsync()
    {
        var master = new RedisProcess(persistent: false);
        await master.StartAsync();
        var replica = new RedisProcess(false, "--replicaof", "127.0.0.1", master.Port.ToString());
        await replica.StartAsync();
        var set = new RedisSentinelSet(master, replica);
        try
        {
            await WaitAsync(async () => (await InfoAsync(replica.Port, "replication")).Contains("master_link_status:up"), "the replica to sync with the master");
            for (int i = 0; i < 3; i++) set._sentinels.Add(StartSentinel(master.Port));
            foreach (var (_, port, _) in set._sentinels)
            {
                await WaitAsync(async () =>
                {
                    var info = await InfoAsync(port, "sentinel");
                    return info.Contains("status=ok") && info.Contains("slaves=1") && info.Contains("sentinels=3");
                }, $"sentinel {port} to see the master, its replica and the other sentinels");
            }
            return set;
        }
        catch
        {
            await set.DisposeAsync();
            throw;
        }
    }

    /// <summary>The master's port the sentinels report now.</summary>
    public async Task<int?> MasterPortAsync()
    {
        foreach (var (_, port, _) in _sentinels)
        {
            try
            {
                await using var connection = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions { EndPoints = { { "127.0.0.1", port } }, CommandMap = CommandMap.Sentinel, AbortOnConnectFail = true, ConnectTimeout = 1000 });
                var address = connection.GetServer("127.0.0.1", port).SentinelGetMasterAddressByName(Service);
                if (address is System.Net.IPEndPoint ip) return ip.Port;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // that sentinel is busy, slow (a timeout is not a RedisException) or down: ask the next
            }
        }
        return null;
    }

    private static (Process, int, string) StartSentinel(int masterPort)
    {
        var port = RedisProcess.FreePort();
        var dir = Path.Combine(Path.GetTempPath(), "bananas-sentinel-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var conf = Path.Combine(dir, "sentinel.conf");
        File.WriteAllText(conf, $"""
            port {port}
            bind 127.0.0.1
            dir {dir}
            sentinel monitor {Service} 127.0.0.1 {masterPort} 2
            sentinel down-after-milliseconds {Service} 1000
            sentinel failover-timeout {Service} 5000
            sentinel parallel-syncs {Service} 1

            """);
        var exe = RedisProcess.FindRedisServer() ?? throw new InvalidOperationException("redis-server is not on PATH: install it (apt-get install -y redis-server; .ci/run does).");
        var start = new ProcessStartInfo(exe) { ArgumentList = { conf, "--sentinel" }, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start redis-server --sentinel.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, port, dir);
    }

    private static async Task<string> InfoAsync(int port, string section)
    {
        try
        {
            // a sentinel speaks only the sentinel commands: StackExchange.Redis needs to know it is one
            var options = new ConfigurationOptions { EndPoints = { { "127.0.0.1", port } }, AbortOnConnectFail = true, ConnectTimeout = 1000, AllowAdmin = true };
            if (section == "sentinel") options.CommandMap = CommandMap.Sentinel;
            await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
            return await connection.GetServer("127.0.0.1", port).InfoRawAsync(section) ?? "";
        }
        catch (RedisException)
        {
            return "";
        }
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out after 30 s waiting for {what}.");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (process, _, dir) in _sentinels)
        {
            try
            {
                if (!process.HasExited) { process.Kill(); await process.WaitForExitAsync(); }
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
        await Replica.DisposeAsync();
        await Master.DisposeAsync();
    }
}
