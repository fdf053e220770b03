using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Bananas.Tasks.Redis;
using StackExchange.Redis;

namespace Bananas.Tasks.Benchmarks.Infrastructure;

/// <summary>
/// The one Redis both sides use: <c>REDIS_URL</c> when set, else a private <c>redis-server</c> on a free loopback port
/// with persistence off (<c>--save '' --appendonly no</c>), stopped when the harness ends. Holds an admin connection
/// for FLUSHALL and INFO.
/// </summary>
internal sealed class RedisHost : IAsyncDisposable
{
    private readonly Process? _process;
    private EventHandler? _killOnExit;

    private RedisHost(string host, int port, string source, Process? process, ConnectionMultiplexer admin, string version)
    {
        Host = host;
        Port = port;
        Source = source;
        _process = process;
        Admin = admin;
        Version = version;
    }

    public string Host { get; }
    public int Port { get; }
    /// <summary>StackExchange.Redis configuration string.</summary>
    public string Endpoint => $"{Host}:{Port}";
    /// <summary>Where the server came from, for the report.</summary>
    public string Source { get; }
    /// <summary>redis_version from INFO server.</summary>
    public string Version { get; }
    /// <summary>Admin connection of the harness (FLUSHALL, INFO, CONFIG).</summary>
    public ConnectionMultiplexer Admin { get; }

    /// <summary>The server behind <see cref="Admin"/>, for INFO readings.</summary>
    public IServer Server => Admin.GetServer(Admin.GetEndPoints()[0]);

    public static async Task<RedisHost> StartAsync()
    {
        var url = Environment.GetEnvironmentVariable("REDIS_URL");
        if (!string.IsNullOrWhiteSpace(url))
        {
            var options = RedisConnectionString.Parse(url);
            var endpoint = options.EndPoints.Count == 1 ? options.EndPoints[0] : throw new ArgumentException($"REDIS_URL '{url}' names {options.EndPoints.Count} endpoints; the harness needs exactly one server.");
            var (host, port) = endpoint switch
            {
                DnsEndPoint dns => (dns.Host, dns.Port),
                IPEndPoint ip => (ip.Address.ToString(), ip.Port),
                _ => throw new ArgumentException($"REDIS_URL '{url}' has an endpoint of an unknown kind ({endpoint}); expected host:port."),
            };
            var admin = await ConnectAdminAsync($"{host}:{port}").ConfigureAwait(false);
            return new RedisHost(host, port, "REDIS_URL", null, admin, await ReadVersionAsync(admin).ConfigureAwait(false));
        }

        var serverPath = FindOnPath("redis-server")
            ?? throw new InvalidOperationException("redis-server is not on PATH and REDIS_URL is not set. Install Redis (apt-get install -y redis-server) or set REDIS_URL=redis://host:port.");
        var port2 = FreePort();
        var process = Process.Start(new ProcessStartInfo(serverPath)
        {
            ArgumentList = { "--port", port2.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes", "--loglevel", "warning" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"Could not start {serverPath}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // An unhandled error must not leave the private server running; DisposeAsync removes this again.
        EventHandler killOnExit = (_, _) => { if (!process.HasExited) process.Kill(); };
        AppDomain.CurrentDomain.ProcessExit += killOnExit;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"redis-server exited at start with code {process.ExitCode} (port {port2}).");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port2).ConfigureAwait(false);
                break;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50).ConfigureAwait(false);
            }
        }
        var connection = await ConnectAdminAsync($"127.0.0.1:{port2}").ConfigureAwait(false);
        return new RedisHost("127.0.0.1", port2, $"private redis-server on 127.0.0.1:{port2} (--save '' --appendonly no)", process, connection,
            await ReadVersionAsync(connection).ConfigureAwait(false)) { _killOnExit = killOnExit };
    }

    /// <summary>A new connection for a client or worker (each process-like role gets its own, as it would in production).</summary>
    /// <summary>A new connection whose commands go to <paramref name="database"/> (SELECT); the listing scenario keeps its two sizes apart so.</summary>
    public Task<ConnectionMultiplexer> ConnectAsync(int database = 0) =>
        ConnectionMultiplexer.ConnectAsync(database == 0 ? Endpoint : $"{Endpoint},defaultDatabase={database.ToString(CultureInfo.InvariantCulture)}");

    public Task FlushAsync() => Server.FlushAllDatabasesAsync();

    /// <summary>
    /// Calls per command from INFO commandstats (e.g. <c>evalsha</c> → 12); with <paramref name="field"/> <c>usec</c>, the
    /// microseconds Redis spent in each command (a script's own commands included in its time).
    /// </summary>
    public Task<Dictionary<string, long>> CommandStatsAsync(string field = "calls") => RedisStats.CommandStatsAsync(Server, field);

    /// <summary>used_memory from INFO memory, bytes.</summary>
    public Task<long> UsedMemoryAsync() => RedisStats.UsedMemoryAsync(Server);

    public async ValueTask DisposeAsync()
    {
        await Admin.DisposeAsync().ConfigureAwait(false);
        if (_killOnExit is not null) AppDomain.CurrentDomain.ProcessExit -= _killOnExit;
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
        _process?.Dispose();
    }

    private static async Task<ConnectionMultiplexer> ConnectAdminAsync(string endpoint)
    {
        var options = ConfigurationOptions.Parse(endpoint);
        options.AllowAdmin = true;
        options.AbortOnConnectFail = true;
        // FLUSHALL of a million jobs with their results takes seconds; the default 5 s timeout is too short for it.
        options.AsyncTimeout = 120_000;
        options.SyncTimeout = 120_000;
        return await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
    }

    private static async Task<string> ReadVersionAsync(ConnectionMultiplexer admin)
    {
        var server = admin.GetServer(admin.GetEndPoints()[0]);
        var raw = await server.InfoRawAsync("server").ConfigureAwait(false) ?? "";
        foreach (var line in raw.Split('\n', StringSplitOptions.TrimEntries))
            if (line.StartsWith("redis_version:", StringComparison.Ordinal)) return line["redis_version:".Length..];
        return "unknown";
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    internal static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
