using System.Globalization;
using System.Text.Json;
using Bananas.Tasks.Benchmarks.Infrastructure;

namespace Bananas.Tasks.Benchmarks.Scenarios;

/// <summary>
/// Scenario 4, idle cost: a hosted worker in a process of its own serves 3 routes with nothing to do. After 3 s of
/// start-up, for the measured window (30 s): the Redis commands it sends per second (a MONITOR connection counts
/// top-level commands from its connections; a script call counts once), the commands Redis executed per second
/// (the INFO commandstats delta, which also counts the commands inside scripts), and its CPU time as % of one core.
/// </summary>
internal static class IdleScenario
{
    public const string Sent = "idle.sent";
    public const string Executed = "idle.executed";
    public const string Cpu = "idle.cpu";

    public static async Task RunAsync(BenchContext context)
    {
        var seconds = context.Sizes.IdleSeconds;
        await context.RepeatAsync($"4 idle worker, 3 routes, {seconds} s", async run =>
        {
            var harnessAddresses = await ClientAddressesAsync(context.Redis);
            using var child = ChildWorker.Start("idle", "--redis", context.Redis.Endpoint, "--seconds", seconds.ToString(CultureInfo.InvariantCulture));
            await ChildWorker.ExpectAsync(child, "MEASURE-START", TimeSpan.FromSeconds(60));
            var before = await context.Redis.CommandStatsAsync();
            await using var monitor = await MonitorCounter.StartAsync(context.Redis.Host, context.Redis.Port, harnessAddresses);
            var end = await ChildWorker.ExpectAsync(child, "MEASURE-END", TimeSpan.FromSeconds(seconds + 60));
            var after = await context.Redis.CommandStatsAsync();
            await monitor.DisposeAsync();
            await child.WaitForExitAsync();
            if (child.ExitCode != 0) throw new InvalidOperationException($"The idle child worker exited with code {child.ExitCode}.");

            var measured = JsonSerializer.Deserialize<Dictionary<string, double>>(end)!;
            var wall = measured["wallMs"] / 1000;
            var sent = monitor.Sent;
            var sentPerSecond = sent.Values.Sum() / wall;
            var executed = after.Sum(kv => kv.Value - before.GetValueOrDefault(kv.Key)) - HarnessCommands(before, after);
            var cpuPercent = measured["cpuMs"] / measured["wallMs"] * 100;
            context.Results.Add(Sent, Side.Bananas, sentPerSecond);
            context.Results.Add(Executed, Side.Bananas, executed / wall);
            context.Results.Add(Cpu, Side.Bananas, cpuPercent);
            Console.Write($"{sentPerSecond:0.00} commands/s sent, {executed / wall:0.00}/s executed, CPU {cpuPercent:0.00} % ");
            context.Results.Note($"Idle run {run}: sent in {wall:0.0} s: {Describe(sent)}; executed inside scripts: {monitor.InScripts}; " +
                $"commandstats delta: {Describe(after.ToDictionary(kv => kv.Key, kv => kv.Value - before.GetValueOrDefault(kv.Key)).Where(kv => kv.Value > 0).ToDictionary())}; " +
                $"RSS {measured["rssBytes"] / 1048576:0.0} MiB.");
        });
    }

    /// <summary>Addresses of the connections open now (the harness's own), so MONITOR ignores them.</summary>
    private static async Task<List<string>> ClientAddressesAsync(RedisHost redis)
    {
        var server = redis.Admin.GetServer(redis.Admin.GetEndPoints()[0]);
        var clients = await server.ClientListAsync();
        return clients.Select(c => c.Address?.ToString() ?? "").Where(a => a.Length > 0).ToList();
    }

    /// <summary>Commands the harness itself ran during the window: its INFO calls.</summary>
    private static long HarnessCommands(Dictionary<string, long> before, Dictionary<string, long> after) =>
        after.GetValueOrDefault("info") - before.GetValueOrDefault("info") + after.GetValueOrDefault("monitor") - before.GetValueOrDefault("monitor");

    private static string Describe(Dictionary<string, long> counts) =>
        counts.Count == 0 ? "none" : string.Join(", ", counts.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {kv.Value}"));
}
