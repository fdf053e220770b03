using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Bananas.Tasks.Benchmarks.Tasks;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Bananas.Tasks.Benchmarks.Infrastructure;

/// <summary>
/// A worker in a process of its own, so its CPU time and memory are its own (scenarios 4 and 6) and the producer
/// does not share its thread pool (scenario 3; <c>Stopwatch</c> timestamps are CLOCK_MONOTONIC, so they compare across processes). The harness starts
/// itself again with <c>--child idle|drain …</c>; the child talks back through lines on stdout:
/// <c>READY</c> (latency), <c>MEASURE-START</c>, <c>MEASURE-END {json}</c> (idle) and <c>RESULT {json}</c>.
/// </summary>
internal static class ChildWorker
{
    public static bool IsChild(string[] args) => args.Length > 0 && args[0] == "--child";

    /// <summary>Starts the harness executable as a child worker.</summary>
    public static Process Start(params string[] args) => StartWith("--child", args);

    /// <summary>Starts the harness executable again with <paramref name="flag"/> (<c>--child</c>, <c>--hangfire</c>) and <paramref name="args"/>.</summary>
    public static Process StartWith(string flag, params string[] args)
    {
        var processPath = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot find the harness executable to start a child worker.");
        var info = new ProcessStartInfo(processPath) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(processPath) == "dotnet")
            info.ArgumentList.Add(typeof(ChildWorker).Assembly.Location);
        info.ArgumentList.Add(flag);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        return Process.Start(info) ?? throw new InvalidOperationException($"Could not start the child worker {processPath}.");
    }

    /// <summary>Reads child lines until one starts with <paramref name="prefix"/>; returns the rest of it.</summary>
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
                throw new TimeoutException($"The child worker (pid {child.Id}) printed no '{prefix}' line within {limit.TotalSeconds:0} s.");
            }
            if (line is null)
            {
                await child.WaitForExitAsync(CancellationToken.None);
                throw new InvalidOperationException($"The child worker (pid {child.Id}) exited with code {child.ExitCode} before printing '{prefix}'; its error is above.");
            }
            if (line.StartsWith(prefix, StringComparison.Ordinal)) return line[prefix.Length..].Trim();
            Console.WriteLine("    child: " + line);
        }
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 2; i + 1 < args.Length; i += 2) options[args[i]] = args[i + 1];
        string Option(string name) => options.TryGetValue(name, out var value) ? value : throw new ArgumentException($"child worker: {name} is required.");
        var mode = args.Length > 1 ? args[1] : "";
        await using var connection = await ConnectionMultiplexer.ConnectAsync(Option("--redis"));
        switch (mode)
        {
            case "idle":
            {
                var seconds = int.Parse(Option("--seconds"), CultureInfo.InvariantCulture);
                using var host = WorkerHost.Build(connection, o => o.RoutingKeys = ["r1", "r2", "r3"]);
                await host.StartAsync();
                await Task.Delay(TimeSpan.FromSeconds(3)); // start-up traffic (subscribe, first fetch, first maintenance) is over
                using var self = Process.GetCurrentProcess();
                var cpu0 = self.TotalProcessorTime;
                var started = Stopwatch.GetTimestamp();
                Console.WriteLine("MEASURE-START");
                await Task.Delay(TimeSpan.FromSeconds(seconds));
                self.Refresh();
                var cpu = (self.TotalProcessorTime - cpu0).TotalMilliseconds;
                var wall = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                Console.WriteLine("MEASURE-END " + JsonSerializer.Serialize(new Dictionary<string, double> { ["cpuMs"] = cpu, ["wallMs"] = wall, ["rssBytes"] = ProcStatus("VmRSS") }));
                await host.StopAsync();
                return 0;
            }
            case "drain":
            {
                var count = int.Parse(Option("--count"), CultureInfo.InvariantCulture);
                var concurrency = int.Parse(Option("--concurrency"), CultureInfo.InvariantCulture);
                using var host = WorkerHost.Build(connection, o => o.Concurrency = concurrency);
                DrainProbe.Reset(count);
                await host.StartAsync();
                await BenchContext.WithTimeout(DrainProbe.Done, TimeSpan.FromMinutes(15), $"The child worker's drain of {count:N0} jobs");
                var elapsed = Stopwatch.GetElapsedTime(DrainProbe.FirstStart);
                Console.WriteLine("RESULT " + JsonSerializer.Serialize(new Dictionary<string, double>
                {
                    ["perSecond"] = count / elapsed.TotalSeconds, ["peakRssBytes"] = ProcStatus("VmHWM"), ["rssBytes"] = ProcStatus("VmRSS"),
                }));
                await host.StopAsync();
                return 0;
            }
            case "latency":
            {
                var count = int.Parse(Option("--count"), CultureInfo.InvariantCulture);
                var warmup = int.Parse(Option("--warmup"), CultureInfo.InvariantCulture);
                var concurrency = int.Parse(Option("--concurrency"), CultureInfo.InvariantCulture);
                using var host = WorkerHost.Build(connection, o => o.Concurrency = concurrency);
                LatencyProbe.Reset(warmup + count, count);
                await host.StartAsync();
                Console.WriteLine("READY");
                await BenchContext.WithTimeout(LatencyProbe.Done, TimeSpan.FromMinutes(5), $"The child worker's {warmup + count:N0} latency probes");
                var sorted = LatencyProbe.Sorted();
                Console.WriteLine("RESULT " + JsonSerializer.Serialize(new Dictionary<string, double>
                {
                    ["p50"] = Percentiles.Of(sorted, 0.5), ["p99"] = Percentiles.Of(sorted, 0.99), ["p999"] = Percentiles.Of(sorted, 0.999), ["max"] = sorted[^1],
                }));
                await host.StopAsync();
                return 0;
            }
            default:
                throw new ArgumentException($"child worker: mode '{mode}' is unknown; expected idle, drain or latency.");
        }
    }

    /// <summary>A size from /proc/self/status (e.g. VmRSS, VmHWM) in bytes.</summary>
    private static double ProcStatus(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (!line.StartsWith(field + ":", StringComparison.Ordinal)) continue;
            var parts = line[(field.Length + 1)..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            return double.Parse(parts[0], CultureInfo.InvariantCulture) * 1024;
        }
        throw new InvalidOperationException($"/proc/self/status has no {field} line (the memory numbers need Linux).");
    }
}
