using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace Bananas.Tasks.Samples.Tests;

/// <summary>
/// A built sample run as a child process (<c>dotnet samples/X/bin/{Configuration}/net10.0/X.dll args</c>) with its
/// output captured. Dispose kills it (and its process tree) if it is still running.
/// </summary>
public sealed class SampleProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SampleProcess(Process process) => _process = process;

    /// <summary>Everything the process wrote to stdout and stderr so far, in order.</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The sample's built dll, e.g. <c>samples/HttpApi/bin/Release/net10.0/HttpApi.dll</c>.</summary>
    public static string SampleDll(string sample)
    {
        var metadata = typeof(SampleProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value);
        var path = Path.Combine(metadata["SamplesRoot"]!, sample, "bin", metadata["SamplesConfiguration"]!, "net10.0", sample + ".dll");
        if (!File.Exists(path)) throw new FileNotFoundException($"The sample is not built: {path} is missing (dotnet build Bananas.Tasks.sln builds it).", path);
        return path;
    }

    /// <summary>
    /// Starts <c>dotnet {sample dll} {args}</c> in a temp working folder with these environment variables (a null value
    /// removes the variable). The Bananas and ASP.NET variables of the test process are removed first, so only what the
    /// test sets reaches the sample.
    /// </summary>
    public static SampleProcess Start(string sample, IEnumerable<string> args, IReadOnlyDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(SampleDll(sample));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var name in new[] { "REDIS_URL", "DOTNET_ENVIRONMENT", "ASPNETCORE_ENVIRONMENT", "ASPNETCORE_URLS", "WORKER_ROUTING_KEYS", "WORKER_CONCURRENCY", "WORKER_ROUTE_CONCURRENCY", "LOG_LEVEL", "MAX_RETRIES" })
            start.Environment.Remove(name);
        foreach (var (name, value) in environment)
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {sample}.");
        var sampleProcess = new SampleProcess(process);
        process.OutputDataReceived += (_, e) => sampleProcess.Append(e.Data);
        process.ErrorDataReceived += (_, e) => sampleProcess.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return sampleProcess;
    }

    /// <summary>Waits for the process to exit; false (and the process is killed) when it runs past <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            _process.WaitForExit(); // drains the redirected output
            return true;
        }
        catch (OperationCanceledException)
        {
            Kill();
            return false;
        }
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            // it was killed; nothing more to wait for
        }
        _process.Dispose();
    }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }
}
