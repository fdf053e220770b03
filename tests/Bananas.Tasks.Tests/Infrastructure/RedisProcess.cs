using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Bananas.Tasks.Tests.Infrastructure;

/// <summary>
/// A redis-server process on a free loopback port: the one place tests start Redis. A persistent one (append-only
/// file, fsync always, in a temp folder) keeps its data across <see cref="StopAsync"/>/<see cref="StartAsync"/> on
/// the same port, for Redis-down tests; a non-persistent one backs the shared test server.
/// </summary>
public sealed class RedisProcess : IAsyncDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bananas-redis-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly bool _persistent;
    private readonly string[] _extraArguments;
    private Process? _process;

    /// <param name="persistent">AOF with fsync on every write (restart tests), else no persistence.</param>
    /// <param name="extraArguments">More server arguments, e.g. <c>--requirepass</c> and a password.</param>
    public RedisProcess(bool persistent = true, params string[] extraArguments)
    {
        _persistent = persistent;
        _extraArguments = extraArguments;
        Port = FreePort();
        Directory.CreateDirectory(_dir);
    }

    /// <summary>The pid of the running server, or null.</summary>
    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    public int Port { get; }

    public string Url => $"redis://127.0.0.1:{Port}";

    /// <summary>True when redis-server is on PATH (these tests need their own server process).</summary>
    public static bool Available => FindRedisServer() is not null;

    public async Task StartAsync()
    {
        var exe = FindRedisServer() ?? throw new InvalidOperationException("redis-server is not on PATH: install it (apt-get install -y redis-server; .ci/run does).");
        var start = new ProcessStartInfo(exe)
        {
            ArgumentList = { "--port", Port.ToString(), "--bind", "127.0.0.1", "--dir", _dir, "--save", "", "--loglevel", "warning" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in _persistent ? new[] { "--appendonly", "yes", "--appendfsync", "always" } : new[] { "--appendonly", "no" })
            start.ArgumentList.Add(arg);
        foreach (var arg in _extraArguments) start.ArgumentList.Add(arg);
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start redis-server.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(50);
            }
            catch (SocketException) when (_process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited at start with code {_process.ExitCode}.");
            }
        }
    }

    public async Task StopAsync()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill();
            await p.WaitForExitAsync();
        }
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // a file still held by the dying server; the temp folder is cleaned by the OS
        }
    }

    /// <summary>Stops the server when the test process exits (for servers that live as long as the run).</summary>
    public void StopOnProcessExit() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        try
        {
            if (_process is { HasExited: false } p) { p.Kill(); p.WaitForExit(5000); }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    };

    internal static string? FindRedisServer() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Where(d => d.Length > 0).Select(d => Path.Combine(d, "redis-server")).FirstOrDefault(File.Exists);

    internal static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
