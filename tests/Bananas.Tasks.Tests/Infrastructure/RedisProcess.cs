using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Bananas.Tasks.Tests.Infrastructure;

/// <summary>
/// A dedicated redis-server this test owns, so it can be stopped and started again on the same port
/// (append-only file on, in a temp folder, so data survives a restart). For Redis-down tests.
/// </summary>
public sealed class RedisProcess : IAsyncDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bananas-redis-" + Guid.NewGuid().ToString("N")[..8]);
    private Process? _process;

    public RedisProcess()
    {
        Port = FreePort();
        Directory.CreateDirectory(_dir);
    }

    public int Port { get; }

    public string Url => $"redis://127.0.0.1:{Port}";

    /// <summary>True when redis-server is on PATH (these tests need their own server process).</summary>
    public static bool Available => FindRedisServer() is not null;

    public async Task StartAsync()
    {
        var exe = FindRedisServer() ?? throw new InvalidOperationException("redis-server is not on PATH: install it (apt-get install -y redis-server).");
        _process = Process.Start(new ProcessStartInfo(exe)
        {
            ArgumentList = { "--port", Port.ToString(), "--bind", "127.0.0.1", "--dir", _dir, "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--loglevel", "warning" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
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

    private static string? FindRedisServer() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Where(d => d.Length > 0).Select(d => Path.Combine(d, "redis-server")).FirstOrDefault(File.Exists);

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
