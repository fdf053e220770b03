using System.Globalization;
using StackExchange.Redis;

namespace Bananas.Tasks.Benchmarks.Infrastructure;

/// <summary>
/// Readings from INFO that every side's measurement uses the same way (the harness, and the Hangfire child process):
/// commands executed (commandstats, which counts the commands inside scripts too), CPU time and used memory.
/// </summary>
internal static class RedisStats
{
    /// <summary>Commands a measurement's own readings add (the INFO calls), left out of every per-job count.</summary>
    public static bool IsMeasurement(string command) => command == "info";

    /// <summary>Calls per command from INFO commandstats (e.g. <c>evalsha</c> → 12).</summary>
    public static async Task<Dictionary<string, long>> CommandStatsAsync(IServer server, string field = "calls")
    {
        var raw = await server.InfoRawAsync("commandstats").ConfigureAwait(false) ?? "";
        var stats = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in raw.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!line.StartsWith("cmdstat_", StringComparison.Ordinal)) continue;
            var colon = line.IndexOf(':');
            var name = line["cmdstat_".Length..colon];
            foreach (var part in line[(colon + 1)..].Split(','))
                if (part.StartsWith(field + "=", StringComparison.Ordinal))
                    stats[name] = long.Parse(part[(field.Length + 1)..], CultureInfo.InvariantCulture);
        }
        return stats;
    }

    /// <summary>Calls per command between two commandstats readings, without the measurement's own INFO calls and without zeros.</summary>
    public static Dictionary<string, long> Delta(Dictionary<string, long> before, Dictionary<string, long> after) =>
        after.Select(kv => (kv.Key, Calls: kv.Value - before.GetValueOrDefault(kv.Key)))
            .Where(c => c.Calls > 0 && !IsMeasurement(c.Key))
            .ToDictionary(c => c.Key, c => c.Calls, StringComparer.Ordinal);

    /// <summary>used_memory from INFO memory, bytes.</summary>
    public static async Task<long> UsedMemoryAsync(IServer server)
    {
        var raw = await server.InfoRawAsync("memory").ConfigureAwait(false) ?? "";
        foreach (var line in raw.Split('\n', StringSplitOptions.TrimEntries))
            if (line.StartsWith("used_memory:", StringComparison.Ordinal))
                return long.Parse(line["used_memory:".Length..], CultureInfo.InvariantCulture);
        throw new InvalidOperationException("INFO memory has no used_memory line.");
    }

    /// <summary>CPU seconds Redis has used (INFO cpu: used_cpu_user + used_cpu_sys).</summary>
    public static async Task<double> CpuSecondsAsync(IServer server)
    {
        var raw = await server.InfoRawAsync("cpu").ConfigureAwait(false) ?? "";
        double total = 0;
        foreach (var line in raw.Split('\n', StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("used_cpu_user:", StringComparison.Ordinal) || line.StartsWith("used_cpu_sys:", StringComparison.Ordinal))
                total += double.Parse(line[(line.IndexOf(':') + 1)..], CultureInfo.InvariantCulture);
        }
        return total;
    }
}
