using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Bananas.Tasks.Benchmarks.Infrastructure;

namespace Bananas.Tasks.Benchmarks.Hangfire;

/// <summary>
/// Runs one measured run of the Hangfire side (tests/Bananas.Tasks.Benchmarks.Hangfire, built with the harness) in a
/// fresh process against the same Redis, and returns the numbers of its RESULT line, as <see cref="BullMqRunner"/>
/// does for <c>bench.mjs</c>.
/// </summary>
internal sealed class HangfireRunner
{
    private const string Project = "Bananas.Tasks.Benchmarks.Hangfire";
    private readonly RedisHost _redis;
    private readonly TimeSpan _warmup;
    private readonly string _program;

    private HangfireRunner(RedisHost redis, TimeSpan warmup, string program, string settings)
    {
        _redis = redis;
        _warmup = warmup;
        _program = program;
        Settings = settings;
    }

    /// <summary>Versions and settings of the Hangfire side, as the report prints them.</summary>
    public string Settings { get; }

    /// <summary>Finds the Hangfire program beside the harness's build output (same configuration) and reads its settings.</summary>
    public static async Task<HangfireRunner> PrepareAsync(string repoRoot, RedisHost redis, TimeSpan warmup)
    {
        var harnessProject = Path.Combine(repoRoot, "tests", "Bananas.Tasks.Benchmarks");
        var output = Path.GetRelativePath(harnessProject, AppContext.BaseDirectory);
        var dll = Path.GetFullPath(Path.Combine(repoRoot, "tests", Project, output, Project + ".dll"));
        if (!File.Exists(dll))
            throw new InvalidOperationException($"The Hangfire side is not built: {dll} is missing (build tests/Bananas.Tasks.Benchmarks, which builds it, or run with --no-hangfire).");
        var runner = new HangfireRunner(redis, warmup, dll, "");
        using var child = runner.Start(["settings"]);
        var settings = await ChildWorker.ExpectAsync(child, "SETTINGS", TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        await child.WaitForExitAsync().ConfigureAwait(false);
        return new HangfireRunner(redis, warmup, dll, settings);
    }

    public async Task<Dictionary<string, double>> RunAsync(string mode, IReadOnlyDictionary<string, int> options)
    {
        var args = new List<string> { mode, "--redis", _redis.Endpoint, "--warmup-seconds", ((int)_warmup.TotalSeconds).ToString(CultureInfo.InvariantCulture) };
        foreach (var (name, value) in options)
        {
            args.Add("--" + name);
            args.Add(value.ToString(CultureInfo.InvariantCulture));
        }
        using var child = Start(args);
        string line;
        try
        {
            line = await ChildWorker.ExpectAsync(child, "RESULT", TimeSpan.FromMinutes(15)).ConfigureAwait(false);
            await child.WaitForExitAsync().ConfigureAwait(false);
        }
        finally
        {
            // a run that timed out must not go on polling the shared Redis under the next scenarios (and its workers with it)
            if (!child.HasExited) { child.Kill(entireProcessTree: true); await child.WaitForExitAsync().ConfigureAwait(false); }
        }
        if (child.ExitCode != 0)
            throw new InvalidOperationException($"The Hangfire side ({Project} {string.Join(' ', args)}) exited with code {child.ExitCode}; its error is above.");
        using var json = JsonDocument.Parse(line);
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var property in json.RootElement.EnumerateObject())
            if (property.Value.ValueKind == JsonValueKind.Number) result[property.Name] = property.Value.GetDouble();
        return result;
    }

    private Process Start(IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(_program);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        return Process.Start(info) ?? throw new InvalidOperationException($"Could not start dotnet {_program}.");
    }
}
