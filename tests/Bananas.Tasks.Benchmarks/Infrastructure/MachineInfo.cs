using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Bananas.Tasks.Benchmarks.Infrastructure;

/// <summary>The machine description the report carries: cores, CPU model, RAM, OS, Redis, .NET, Node and BullMQ versions.</summary>
internal sealed record MachineInfo(int Cores, string CpuModel, double RamGiB, string Os, string Redis, string DotNet, string? Node, string? BullMq, string GitCommit)
{
    public static MachineInfo Collect(RedisHost redis, BullMqRunner? bullMq, string repoRoot) => new(
        Environment.ProcessorCount,
        ReadCpuModel(),
        ReadRamGiB(),
        RuntimeInformation.OSDescription,
        $"redis-server {redis.Version}, {redis.Source}",
        $"{RuntimeInformation.FrameworkDescription} ({(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC)",
        bullMq?.NodeVersion,
        bullMq?.BullMqVersion,
        ReadGitCommit(repoRoot));

    /// <summary>The 1, 5 and 15 minute load averages from /proc/loadavg, e.g. <c>0.52 0.40 0.31</c> (other work on the box skews the numbers).</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string ReadCpuModel()
    {
        if (!File.Exists("/proc/cpuinfo")) return RuntimeInformation.ProcessArchitecture.ToString();
        var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':') + 1)..].Trim();
    }

    private static double ReadRamGiB()
    {
        if (!File.Exists("/proc/meminfo")) return double.NaN;
        var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        var kb = double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return kb / 1024 / 1024;
    }

    private static string ReadGitCommit(string repoRoot)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = repoRoot, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "rev-parse", "--short", "HEAD" }) info.ArgumentList.Add(arg);
        using var process = Process.Start(info);
        if (process is null) return "unknown";
        var commit = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return process.ExitCode == 0 && commit.Length > 0 ? commit : "unknown";
    }
}
