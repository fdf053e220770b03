using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Bananas.Tasks.Benchmarks.Infrastructure;

/// <summary>
/// Runs <c>bullmq/bench.mjs</c> (the BullMQ side of scenarios 1-3) with Node, once per measured run, against the same
/// Redis. Installs the pinned BullMQ into <c>bullmq/node_modules</c> (git-ignored) through <c>bullmq/install.sh</c> when missing.
/// </summary>
internal sealed class BullMqRunner
{
    private readonly string _directory;
    private readonly RedisHost _redis;

    private BullMqRunner(string directory, RedisHost redis, string nodeVersion, string bullMqVersion)
    {
        _directory = directory;
        _redis = redis;
        NodeVersion = nodeVersion;
        BullMqVersion = bullMqVersion;
    }

    public string NodeVersion { get; }
    public string BullMqVersion { get; }

    public static async Task<BullMqRunner> PrepareAsync(string repoRoot, RedisHost redis)
    {
        var directory = Path.Combine(repoRoot, "tests", "Bananas.Tasks.Benchmarks", "bullmq");
        if (!File.Exists(Path.Combine(directory, "bench.mjs")))
            throw new InvalidOperationException($"The BullMQ script is missing: {Path.Combine(directory, "bench.mjs")}.");
        if (RedisHost.FindOnPath("node") is null)
            throw new InvalidOperationException("node is not on PATH: the BullMQ side needs Node.js 20 or newer (or run with --no-bullmq).");
        var packageJson = Path.Combine(directory, "node_modules", "bullmq", "package.json");
        if (!File.Exists(packageJson))
        {
            Console.WriteLine("  installing BullMQ (bullmq/install.sh) ...");
            var (code, output) = await RunAsync("bash", [Path.Combine(directory, "install.sh")], directory).ConfigureAwait(false);
            if (code != 0) throw new InvalidOperationException($"bullmq/install.sh failed with exit code {code}:\n{output}");
        }
        var (_, node) = await RunAsync("node", ["--version"], directory).ConfigureAwait(false);
        using var package = JsonDocument.Parse(await File.ReadAllTextAsync(packageJson).ConfigureAwait(false));
        var version = package.RootElement.GetProperty("version").GetString() ?? "unknown";
        return new BullMqRunner(directory, redis, node.Trim(), version);
    }

    /// <summary>Runs one scenario of bench.mjs and returns its RESULT numbers (jobs, seconds, perSecond, p50, …).</summary>
    public async Task<Dictionary<string, double>> RunAsync(string scenario, IReadOnlyDictionary<string, int> options)
    {
        var args = new List<string> { "bench.mjs", "--scenario", scenario, "--host", _redis.Host, "--port", _redis.Port.ToString(CultureInfo.InvariantCulture) };
        foreach (var (name, value) in options)
        {
            args.Add("--" + name);
            args.Add(value.ToString(CultureInfo.InvariantCulture));
        }
        var (code, output) = await RunAsync("node", args, _directory).ConfigureAwait(false);
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        if (code != 0 || line is null)
            throw new InvalidOperationException($"node {string.Join(' ', args)} failed (exit code {code}):\n{output}");
        using var json = JsonDocument.Parse(line["RESULT ".Length..]);
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var property in json.RootElement.EnumerateObject())
            if (property.Value.ValueKind == JsonValueKind.Number) result[property.Name] = property.Value.GetDouble();
        return result;
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, IEnumerable<string> args, string directory)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        output.Append(await stdout.ConfigureAwait(false));
        var errors = await stderr.ConfigureAwait(false);
        if (errors.Length > 0) output.Append('\n').Append(errors);
        return (process.ExitCode, output.ToString());
    }
}
