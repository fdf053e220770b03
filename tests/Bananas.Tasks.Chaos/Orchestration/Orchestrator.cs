using System.Diagnostics;
using System.Globalization;
using Bananas.Tasks.Chaos.Infrastructure;
using Bananas.Tasks.Chaos.Scenarios;

namespace Bananas.Tasks.Chaos.Orchestration;

/// <summary>
/// <c>run</c>: starts a reaper, then per scenario its own redis-server (AOF on, free loopback port) and processes,
/// injects the faults, drains, runs the checker, and finally writes docs/reliability-report.md. Exits 1 on any
/// violation (known-open bad-input cases excepted), 0 otherwise. Everything it started is killed at the end, on
/// failure too, and by the reaper and the children's parent watchdogs if the orchestrator itself dies.
/// </summary>
internal static class Orchestrator
{
    public const string Usage = """
        Bananas.Tasks chaos suite (issue 9). Roles:
          run [--ci] [--scenario a,b] [--report path] [--known-open id,id|none] [--keep]
              orchestrate; without --scenario runs all and writes docs/reliability-report.md
          worker | producer | scheduler | reaper   (started by run; see README.md)
        Scenarios: kill9, flowkill, wfkill, sigstop, sigterm, poison, redis-kill-always, redis-kill-everysec, storm, partition, cron, badinput
        """;

    public static async Task<int> RunAsync(Args args)
    {
        var ci = args.Flag("--ci");
        var settings = new RunSettings(ci);
        if (args.Get("--known-open") is { } open)
            KnownOpen.Active = open == "none" ? new(StringComparer.Ordinal) : open.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var all = new List<Scenario>
        {
            new KillWorkersScenario(), new FlowGatesUnderKillsScenario(), new WorkflowsUnderKillsScenario(), new PauseWorkerScenario(), new GracefulShutdownScenario(), new PoisonScenario(),
            new RedisKillScenario("always"), new RedisKillScenario("everysec"), new StormScenario(), new PartitionScenario(),
            new CronScenario(), new BadInputScenario(),
        };
        var chosen = all;
        if (args.Get("--scenario") is { } names)
        {
            var wanted = names.Split(',', StringSplitOptions.RemoveEmptyEntries);
            var unknown = wanted.Where(n => all.All(s => s.Name != n)).ToList();
            if (unknown.Count > 0)
            {
                Console.Error.WriteLine($"unknown scenario(s) {string.Join(", ", unknown)}\n{Usage}");
                return 2;
            }
            chosen = all.Where(s => wanted.Contains(s.Name)).ToList();
        }

        var repo = FindRepoRoot();
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var root = Path.Combine(repo, "artifacts", "chaos", stamp);
        Directory.CreateDirectory(root);
        var pidFile = Path.Combine(root, "pids.txt");
        File.WriteAllText(pidFile, "");
        var reaper = Child.Start(root, "reaper", "reaper", ["--pidfile", pidFile]);
        var budget = TimeSpan.FromMinutes(ci ? 11.5 : 40);
        using var guard = new Timer(_ =>
        {
            Console.Error.WriteLine($"chaos: the run exceeded its budget of {budget.TotalMinutes} min; killing everything and failing");
            Reaper.KillAll(pidFile);
            Environment.Exit(3);
        }, null, budget, Timeout.InfiniteTimeSpan);

        var clock = Stopwatch.StartNew();
        var startedAt = DateTimeOffset.UtcNow;
        var load = LoadAverage();
        var results = new List<(Scenario Scenario, ScenarioResult Result)>();
        Console.WriteLine($"chaos: {(ci ? "CI" : "full")} run of {chosen.Count} scenario(s) on {Environment.ProcessorCount} cores (load {load}); artifacts in {root}");
        try
        {
            foreach (var scenario in chosen)
            {
                var result = new ScenarioResult { Name = scenario.Name, Title = scenario.Title };
                var sw = Stopwatch.StartNew();
                Console.WriteLine($"== {scenario.Name}: {scenario.Title}");
                ScenarioContext? ctx = null;
                try
                {
                    ctx = await ScenarioContext.StartAsync(root, scenario.Name, pidFile, scenario.Fsync);
                    await scenario.RunAsync(ctx, settings, result);
                    var crashed = ctx.UnexpectedExits(c => scenario.WorkersMayCrash && c.Role == "worker");
                    await ctx.StopChildrenAsync(TimeSpan.FromSeconds(6));
                    foreach (var c in crashed) result.Violate($"{c.Role} {c.Name} (pid {c.Pid}) exited unexpectedly with code {c.ExitCode}");
                    if (scenario.CheckOptions is { } check) await Checker.CheckAsync(ctx, ctx.Plan, result, check);
                }
                catch (Exception ex)
                {
                    result.Violate($"the scenario itself failed: {ex.GetType().Name}: {ex.Message}");
                    Console.WriteLine(ex);
                }
                finally
                {
                    if (ctx is not null) await ctx.DisposeAsync();
                }
                result.Duration = sw.Elapsed;
                results.Add((scenario, result));
                Console.WriteLine(Report.Line(result));
                foreach (var v in result.Violations) Console.WriteLine("   VIOLATION " + v);
                foreach (var o in result.Open) Console.WriteLine("   open      " + o);
            }
        }
        finally
        {
            reaper.Kill();
            Reaper.KillAll(pidFile);
        }

        var command = "dotnet run --project tests/Bananas.Tasks.Chaos -c Release" + " -- run" + (ci ? " --ci" : "") +
                      (args.Get("--scenario") is { } sc ? $" --scenario {sc}" : "") + (args.Get("--known-open") is { } ko ? $" --known-open {ko}" : "");
        var report = Report.Render(results, command, startedAt, clock.Elapsed, load, LoadAverage(), ci);
        var output = args.Get("--report") ?? (args.Get("--scenario") is null ? Path.Combine(repo, "docs", "reliability-report.md") : Path.Combine(root, "reliability-report.md"));
        File.WriteAllText(output, report);
        Console.WriteLine($"chaos: report written to {output}; {clock.Elapsed.TotalMinutes:0.0} min");
        if (!args.Flag("--keep") && results.All(r => r.Result.Passed))
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // a log still open; artifacts/ is ignored by git
            }
        }
        var failed = results.Where(r => !r.Result.Passed).Select(r => r.Scenario.Name).ToList();
        Console.WriteLine(failed.Count == 0 ? "chaos: all invariants held" : $"chaos: FAILED in {string.Join(", ", failed)} (artifacts kept in {root})");
        return failed.Count == 0 ? 0 : 1;
    }

    internal static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static string FindRepoRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Bananas.Tasks.sln"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root (the folder with Bananas.Tasks.sln)");
    }
}
