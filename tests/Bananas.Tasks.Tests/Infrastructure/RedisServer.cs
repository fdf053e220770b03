using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
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

        var redisServer = FindOnPath("redis-server");
        if (redisServer is not null)
        {
            var port = FreePort();
            var process = Process.Start(new ProcessStartInfo(redisServer)
            {
                ArgumentList = { "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes", "--loglevel", "warning" },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            }) ?? throw new InvalidOperationException("Could not start redis-server.");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(process);
            var endpoint = $"127.0.0.1:{port}";
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (true)
            {
                if (process.HasExited) throw new InvalidOperationException($"redis-server exited at start with code {process.ExitCode}.");
                try
                {
                    using var probe = new TcpClient();
                    await probe.ConnectAsync(IPAddress.Loopback, port);
                    break;
                }
                catch (SocketException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(50);
                }
            }
            return new RedisServer(endpoint, $"redis://{endpoint}", $"redis-server {redisServer} (pid {process.Id})", await ConnectAsync(endpoint));
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

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited) { process.Kill(); process.WaitForExit(5000); }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    private static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            if (dir.Length == 0) continue;
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
