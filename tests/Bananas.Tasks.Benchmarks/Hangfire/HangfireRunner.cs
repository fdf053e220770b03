using System.Globalization;
using System.Text.Json;
using Bananas.Tasks.Benchmarks.Infrastructure;

namespace Bananas.Tasks.Benchmarks.Hangfire;

/// <summary>
/// Runs one measured run of the Hangfire side in a fresh process (<see cref="HangfireBench"/>) against the same Redis,
/// and returns the numbers of its RESULT line, as <see cref="BullMqRunner"/> does for <c>bench.mjs</c>.
/// </summary>
internal sealed class HangfireRunner(RedisHost redis, TimeSpan warmup)
{
    public async Task<Dictionary<string, double>> RunAsync(string mode, IReadOnlyDictionary<string, int> options)
    {
        var args = new List<string> { mode, "--redis", redis.Endpoint, "--warmup-seconds", ((int)warmup.TotalSeconds).ToString(CultureInfo.InvariantCulture) };
        foreach (var (name, value) in options)
        {
            args.Add("--" + name);
            args.Add(value.ToString(CultureInfo.InvariantCulture));
        }
        using var child = ChildWorker.StartWith(HangfireBench.Flag, [.. args]);
        var line = await ChildWorker.ExpectAsync(child, "RESULT", TimeSpan.FromMinutes(15));
        await child.WaitForExitAsync();
        if (child.ExitCode != 0)
            throw new InvalidOperationException($"The Hangfire child ({HangfireBench.Flag} {string.Join(' ', args)}) exited with code {child.ExitCode}; its error is above.");
        using var json = JsonDocument.Parse(line);
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var property in json.RootElement.EnumerateObject())
            if (property.Value.ValueKind == JsonValueKind.Number) result[property.Name] = property.Value.GetDouble();
        return result;
    }
}
