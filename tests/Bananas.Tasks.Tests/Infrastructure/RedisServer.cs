using StackExchange.Redis;
using Testcontainers.Redis;

namespace Bananas.Tasks.Tests.Infrastructure;

/// <summary>
/// One real Redis for the whole test run, found in this order: <c>REDIS_URL</c> if set; else a
/// <c>redis-server</c> started on a free loopback port (stopped when the test process exits); else
/// Testcontainers.Redis where Docker exists. Tests isolate themselves with a unique key prefix
/// (<see cref="NewPrefix"/>), so they may run in parallel. Never a mock.
/// </summary>
public sealed class RedisServer
{
    private static readonly Lazy<Task<RedisServer>> s_shared = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private RedisServer(string endpoint, string url, string source, ConnectionMultiplexer connection)
    {
        Endpoint = endpoint;
        Url = url;
        Source = source;
        Connection = connection;
    }

    /// <summary>The shared server, started on first use.</summary>
    public static Task<RedisServer> GetAsync() => s_shared.Value;

    /// <summary>StackExchange.Redis configuration string, e.g. <c>127.0.0.1:53412</c>.</summary>
    public string Endpoint { get; }

    /// <summary><c>redis://host:port</c> form, as <c>REDIS_URL</c> takes it.</summary>
    public string Url { get; }

    /// <summary>Where the server came from (for test output).</summary>
    public string Source { get; }

    /// <summary>A shared multiplexer to the server.</summary>
    public ConnectionMultiplexer Connection { get; }

    /// <summary>A key prefix no other test uses.</summary>
    public static string NewPrefix() => "bt-" + Guid.NewGuid().ToString("N")[..12];

    private static async Task<RedisServer> StartAsync()
    {
        var fromEnv = Environment.GetEnvironmentVariable("REDIS_URL");
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            var uri = new Uri(fromEnv);
            var endpoint = $"{uri.Host}:{(uri.Port > 0 ? uri.Port : 6379)}";
            return new RedisServer(endpoint, fromEnv, "REDIS_URL", await ConnectAsync(endpoint));
        }

        if (RedisProcess.Available)
        {
            var process = new RedisProcess(persistent: false);
            await process.StartAsync();
            process.StopOnProcessExit();
            var endpoint = $"127.0.0.1:{process.Port}";
            return new RedisServer(endpoint, process.Url, $"redis-server (pid {process.ProcessId})", await ConnectAsync(endpoint));
        }

        try
        {
            var container = new RedisBuilder("redis:7.0").Build();
            await container.StartAsync();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => container.DisposeAsync().AsTask().GetAwaiter().GetResult();
            var endpoint = container.GetConnectionString();
            return new RedisServer(endpoint, $"redis://{endpoint}", "Testcontainers.Redis", await ConnectAsync(endpoint));
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException(
                "No Redis for the integration tests: REDIS_URL is not set, redis-server is not on PATH (install it: apt-get install -y redis-server), and Testcontainers could not start a container: " + ex.Message, ex);
        }
    }

    private static async Task<ConnectionMultiplexer> ConnectAsync(string endpoint)
    {
        var options = ConfigurationOptions.Parse(endpoint);
        options.AbortOnConnectFail = false;
        options.AllowAdmin = true;
        var connection = await ConnectionMultiplexer.ConnectAsync(options);
        await connection.GetDatabase().PingAsync();
        return connection;
    }
}
