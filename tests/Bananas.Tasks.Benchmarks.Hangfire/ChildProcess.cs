using System.Diagnostics;

namespace Bananas.Tasks.Benchmarks.Hangfire;

/// <summary>This program started again as another role (the latency worker), and the lines it prints back.</summary>
internal static class ChildProcess
{
    public static Process StartSelf(params string[] args)
    {
        var processPath = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot find this program's executable to start the latency worker.");
        var info = new ProcessStartInfo(processPath) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(processPath) == "dotnet") info.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        return Process.Start(info) ?? throw new InvalidOperationException($"Could not start {processPath}.");
    }

    /// <summary>Reads lines until one starts with <paramref name="prefix"/>; returns the rest of it. Other lines are passed on.</summary>
    public static async Task<string> ExpectAsync(Process child, string prefix, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        while (true)
        {
            string? line;
            try
            {
                line = await child.StandardOutput.ReadLineAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"The Hangfire latency worker (pid {child.Id}) printed no '{prefix}' line within {limit.TotalSeconds:0} s.");
            }
            if (line is null)
            {
                await child.WaitForExitAsync(CancellationToken.None);
                throw new InvalidOperationException($"The Hangfire latency worker (pid {child.Id}) exited with code {child.ExitCode} before printing '{prefix}'; its error is above.");
            }
            if (line.StartsWith(prefix, StringComparison.Ordinal)) return line[prefix.Length..].Trim();
            Console.WriteLine(line);
        }
    }

    /// <summary>Waits for <paramref name="task"/>, or throws naming <paramref name="what"/> after <paramref name="limit"/>.</summary>
    public static async Task WithTimeout(Task task, TimeSpan limit, string what)
    {
        if (await Task.WhenAny(task, Task.Delay(limit)) != task)
            throw new TimeoutException($"{what} did not finish within {limit.TotalSeconds:0} s (is a worker stuck or Redis unreachable?).");
        await task;
    }
}
