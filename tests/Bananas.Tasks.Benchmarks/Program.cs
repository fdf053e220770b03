// Bananas.Tasks benchmark harness: scenarios 1-6 of issue 6 and the bare-engine ceiling, side by side with BullMQ
// on one redis-server. See README.md beside this file.
using System.Diagnostics;
using Bananas.Tasks.Benchmarks;
using Bananas.Tasks.Benchmarks.Hangfire;
using Bananas.Tasks.Benchmarks.Infrastructure;
using Bananas.Tasks.Benchmarks.Scenarios;

if (ChildWorker.IsChild(args)) return await ChildWorker.RunAsync(args);

BenchOptions? options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}
if (options is null)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

var repoRoot = FindRepoRoot();
var startedAt = DateTimeOffset.UtcNow;
var loadAtStart = MachineInfo.LoadAverage();
Console.WriteLine($"Load average at start: {loadAtStart} on {Environment.ProcessorCount} cores");
var clock = Stopwatch.StartNew();
await using var redis = await RedisHost.StartAsync();
Console.WriteLine($"Redis {redis.Version}: {redis.Source}");
var bullMq = options.BullMq ? await BullMqRunner.PrepareAsync(repoRoot, redis) : null;
if (bullMq is not null) Console.WriteLine($"BullMQ {bullMq.BullMqVersion} on Node {bullMq.NodeVersion}");
var hangfire = options.Hangfire && options.Scenarios.Any(id => id is "1" or "2" or "3")
    ? await HangfireRunner.PrepareAsync(repoRoot, redis, BenchContext.WarmupFor(options)) : null;
if (hangfire is not null) Console.WriteLine($"Hangfire: {hangfire.Settings}");
var results = new Results();
var context = new BenchContext(redis, options, results, bullMq, hangfire, repoRoot);

var scenarios = new Dictionary<string, (string Title, Func<BenchContext, Task> Run)>
{
    ["1"] = ("enqueue throughput", EnqueueScenario.RunAsync),
    ["2"] = ("end-to-end no-op throughput", DrainScenario.RunAsync),
    ["bare"] = ("bare engine", BareEngineScenario.RunAsync),
    ["3"] = ("latency", LatencyScenario.RunAsync),
    ["4"] = ("idle cost", IdleScenario.RunAsync),
    ["5"] = ("mixed routes and priorities", MixedScenario.RunAsync),
    ["6"] = ("memory", MemoryScenario.RunAsync),
    ["listing"] = ("admin listing page cost", ListingScenario.RunAsync),
    ["flow"] = ("flow control cost", FlowControlScenario.RunAsync),
    ["cluster"] = ("cluster layout cost", ClusterScenario.RunAsync),
};
foreach (var id in options.Scenarios)
{
    var (title, run) = scenarios[id];
    Console.WriteLine($"== scenario {id}: {title}");
    await run(context);
}
await redis.FlushAsync();

var machine = MachineInfo.Collect(redis, bullMq, repoRoot);
var report = Report.Render(context, machine, startedAt, clock.Elapsed, loadAtStart, MachineInfo.LoadAverage());
Console.WriteLine();
Console.WriteLine(report);
var output = options.OutputPath ?? (options.All ? Path.Combine(repoRoot, "docs", "benchmarks.md") : null);
if (output is not null)
{
    Report.Write(output, report);
    Console.WriteLine($"Report written to {output}.");
}
Console.WriteLine($"Finished in {clock.Elapsed.TotalMinutes:0.0} minutes.");
return 0;

static string FindRepoRoot()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Bananas.Tasks.sln"))) return dir.FullName;
    }
    throw new InvalidOperationException("Cannot find the repository root (the folder with Bananas.Tasks.sln) above the current directory or the harness binary.");
}
