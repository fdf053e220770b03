using System.Diagnostics;

namespace Bananas.Tasks.Chaos.Orchestration;

/// <summary>A process the orchestrator started (this same program in another role); stdout and stderr go to <c>{name}-{pid}.log</c>.</summary>
internal sealed class Child
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Child(string role, string name, Process process, StreamWriter log)
    {
        Role = role;
        Name = name;
        _process = process;
        _log = log;
        Pid = process.Id;
        StartedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    }

    public string Role { get; }
    public string Name { get; }
    public int Pid { get; }
    public long StartedAt { get; }
    /// <summary>Set when the orchestrator itself ended or signalled the process (kill -9, SIGTERM): its exit is not unexpected.</summary>
    public bool EndedByOrchestrator { get; set; }
    public bool HasExited => _process.HasExited;
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;
    /// <summary>Completes on the child's <c>READY</c> line (worker, scheduler) or <c>DONE</c> (producer).</summary>
    public Task Ready => _ready.Task;
    public Task Done => _done.Task;

    public static Child Start(string dir, string role, string name, IReadOnlyList<string> args)
    {
        var path = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find the chaos executable to start a child");
        var info = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(path) == "dotnet") info.ArgumentList.Add(typeof(Child).Assembly.Location);
        info.ArgumentList.Add(role);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.ArgumentList.Add("--parent-pid");
        info.ArgumentList.Add(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        info.Environment["DOTNET_TieredPGO"] = "0";
        info.Environment["DOTNET_TC_QuickJitForLoops"] = "1";
        info.Environment["DOTNET_gcServer"] = "0";
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {role} {name}");
        var log = new StreamWriter(Path.Combine(dir, $"{name}-{process.Id}.log")) { AutoFlush = true };
        var child = new Child(role, name, process, log);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            if (e.Data == "READY") child._ready.TrySetResult();
            if (e.Data == "DONE") child._done.TrySetResult();
            Write(log, e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            Write(log, "err: " + e.Data);
        };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) =>
        {
            child._ready.TrySetException(new InvalidOperationException($"{name} (pid {child.Pid}) exited before it was ready"));
            child._done.TrySetResult();
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    public async Task<bool> WaitForExitAsync(TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Kill()
    {
        EndedByOrchestrator = true;
        try
        {
            if (!_process.HasExited)
            {
                Infrastructure.Signals.Send(Pid, Infrastructure.Signals.SigCont);
                _process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    private static void Write(StreamWriter log, string line)
    {
        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // output after the scenario closed the log
            }
        }
    }

    public void CloseLog()
    {
        lock (_log) _log.Dispose();
    }
}
