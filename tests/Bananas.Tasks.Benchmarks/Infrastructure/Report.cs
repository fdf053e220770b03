using System.Globalization;
using System.Text;
using Bananas.Tasks.Benchmarks.Scenarios;

namespace Bananas.Tasks.Benchmarks.Infrastructure;

/// <summary>
/// The Markdown report: machine, command, one table (Bananas, BullMQ, ratio per scenario), the issue's targets with
/// met/missed, and the raw runs. When the output file already has the analysis marker, everything after it (the
/// hand-written analysis) is kept.
/// </summary>
internal static class Report
{
    public const string AnalysisMarker = "<!-- hand-written analysis below: the harness keeps everything after this line -->";

    private sealed record Row(string Scenario, string Label, string Metric, string Unit, bool HigherIsBetter, string Format, bool Compare = true);

    public static string Render(BenchContext context, MachineInfo machine, DateTimeOffset startedAt, TimeSpan duration, string loadAtStart, string loadAtEnd)
    {
        var sizes = context.Sizes;
        var results = context.Results;
        var text = new StringBuilder();
        text.AppendLine("# Benchmarks: Bananas.Tasks against BullMQ and Hangfire");
        text.AppendLine();
        text.AppendLine($"Produced by `{context.Options.CommandLine}` on {startedAt:yyyy-MM-dd HH:mm} UTC (commit {machine.GitCommit}, {duration.TotalMinutes:0.0} minutes).");
        text.AppendLine("All systems ran in the same run, against the same Redis, on the same machine. Numbers vary from run to run and machine to machine: the ratios are what count.");
        text.AppendLine();
        text.AppendLine("## Machine");
        text.AppendLine();
        text.AppendLine($"- CPU: {machine.CpuModel}, {machine.Cores} cores");
        text.AppendLine($"- RAM: {machine.RamGiB:0.0} GiB; OS: {machine.Os}");
        text.AppendLine($"- Load average (1/5/15 min) at start: {loadAtStart}; at end: {loadAtEnd} (other processes on the machine share its cores)");
        text.AppendLine($"- Redis: {machine.Redis}");
        text.AppendLine($"- .NET: {machine.DotNet}");
        text.AppendLine(machine.Node is null ? "- Node / BullMQ: not run (--no-bullmq)" : $"- Node: {machine.Node}; BullMQ {machine.BullMq} (npm package `bullmq`, installed by tests/Bananas.Tasks.Benchmarks/bullmq/install.sh)");
        text.AppendLine(context.Hangfire is { } hangfireRunner
            ? $"- Hangfire (scenarios 1-3, tests/Bananas.Tasks.Benchmarks.Hangfire, a process of its own per measured run like BullMQ's Node process): {hangfireRunner.Settings}"
            : "- Hangfire: not run (--no-hangfire, or none of scenarios 1-3)");
        text.AppendLine();
        text.AppendLine("## Results");
        text.AppendLine();
        var runs = context.Options.Runs;
        text.AppendLine(runs == 1
            ? "Each cell: the one run's value. Ratios: how many times better Bananas is (throughput: Bananas ÷ the other; latency and bytes: the other ÷ Bananas)."
            : $"Each cell: median of {runs} runs (min–max). Ratios of the medians: how many times better Bananas is (throughput: Bananas ÷ the other; latency and bytes: the other ÷ Bananas).");
        text.AppendLine($"Hangfire drains {sizes.HangfireDrain:N0} jobs ({sizes.HangfireDrainSerial:N0} at concurrency 1) and enqueues {sizes.HangfireEnqueue:N0}: its rates are a fraction of the others', and a rate is what is compared. It has no batch enqueue.");
        text.AppendLine();
        text.AppendLine("| # | Scenario | Unit | Bananas | BullMQ | Hangfire | ÷ BullMQ | ÷ Hangfire |");
        text.AppendLine("|---|---|---|---:|---:|---:|---:|---:|");
        foreach (var row in Rows(sizes))
        {
            var bananas = results.Get(row.Metric, Side.Bananas);
            var bull = results.Get(row.Metric, Side.BullMq);
            var hangfire = results.Get(row.Metric, Side.Hangfire);
            if (bananas is null && bull is null && hangfire is null) continue;
            text.AppendLine($"| {row.Scenario} | {row.Label} | {row.Unit} | {Cell(bananas, row.Format)} | {Cell(bull, row.Format)} | {Cell(hangfire, row.Format)} | {RowRatio(row, bananas, bull)} | {RowRatio(row, bananas, hangfire)} |");
            if (row.Metric == DrainScenario.Metric(sizes.Concurrencies[^1])) AppendBestDrain(text, context, "drain, best concurrency of each", DrainScenario.Best);
            if (row.Metric == DrainScenario.RemovedMetric(sizes.RemovedConcurrencies[^1])) AppendBestDrain(text, context, "drain with completed jobs removed, best concurrency of each", DrainScenario.BestRemoved);
        }
        text.AppendLine();
        AppendIssue15Targets(text, context);
        AppendTargets(text, context);
        AppendProfile(text, context);
        AppendCommands(text, context);
        text.AppendLine("## Runs");
        text.AppendLine();
        foreach (var row in Rows(sizes))
        {
            foreach (var side in Sides.All)
                if (results.Get(row.Metric, side) is { } summary)
                    text.AppendLine($"- {row.Scenario} {row.Label}, {Sides.Name(side)}: {string.Join(", ", summary.Runs.Select(v => Format(v, row.Format)))} {row.Unit}");
        }
        foreach (var note in results.Notes) text.AppendLine("- " + note);
        text.AppendLine();
        return text.ToString();
    }

    /// <summary>Writes the report; keeps a hand-written analysis that follows <see cref="AnalysisMarker"/> in the existing file.</summary>
    public static void Write(string path, string report)
    {
        var analysis = "";
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path);
            var at = existing.IndexOf(AnalysisMarker, StringComparison.Ordinal);
            if (at >= 0) analysis = existing[at..];
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, analysis.Length > 0 ? report + analysis : report + AnalysisMarker + Environment.NewLine);
    }

    private static IEnumerable<Row> Rows(Sizes sizes)
    {
        yield return new Row("1", $"enqueue, single calls, {sizes.InFlight} in flight ({sizes.EnqueueSingle:N0} jobs)", EnqueueScenario.Single, "jobs/s", true, "N0");
        yield return new Row("1", $"enqueue, batches of {sizes.Batch:N0} ({sizes.EnqueueBatch:N0} jobs)", EnqueueScenario.Batch, "jobs/s", true, "N0");
        foreach (var c in sizes.Concurrencies)
            yield return new Row("2", $"drain {sizes.Drain:N0} no-op jobs, concurrency {c}", DrainScenario.Metric(c), "jobs/s", true, "N0");
        foreach (var c in sizes.RemovedConcurrencies)
            yield return new Row("2", $"drain {sizes.Drain:N0} no-op jobs, completed jobs removed (BullMQ `removeOnComplete: true`, Bananas `KeepCompleted = 0`), concurrency {c}", DrainScenario.RemovedMetric(c), "jobs/s", true, "N0");
        yield return new Row("2", $"bare engine: fetch/ack scripts in {BareEngineScenario.Loops} loops, batches of {BareEngineScenario.BatchSize}, no worker", BareEngineScenario.Metric, "jobs/s", true, "N0", Compare: false);
        yield return new Row("3", $"latency p50, {sizes.Latency:N0} jobs at {sizes.LatencyRate:N0}/s", LatencyScenario.P50, "ms", false, "0.00");
        yield return new Row("3", "latency p99", LatencyScenario.P99, "ms", false, "0.00");
        yield return new Row("3", "latency p99.9", LatencyScenario.P999, "ms", false, "0.00");
        yield return new Row("4", $"idle worker, 3 routes, {sizes.IdleSeconds} s: commands sent", IdleScenario.Sent, "commands/s", false, "0.00", Compare: false);
        yield return new Row("4", "idle: commands Redis executed (commandstats, incl. inside scripts)", IdleScenario.Executed, "commands/s", false, "0.00", Compare: false);
        yield return new Row("4", "idle: worker CPU", IdleScenario.Cpu, "% of a core", false, "0.00", Compare: false);
        yield return new Row("5", "mixed 3 routes × 3 priorities: offered (80 % of producer + worker at once)", MixedScenario.Offered, "jobs/s", true, "N0", Compare: false);
        yield return new Row("5", "mixed: achieved", MixedScenario.Achieved, "jobs/s", true, "N0", Compare: false);
        yield return new Row("5", "mixed: p99 enqueue → start", MixedScenario.P99, "ms", false, "0.00", Compare: false);
        yield return new Row("5", "mixed: strict-priority violations", MixedScenario.Violations, "jobs", false, "0", Compare: false);
        yield return new Row("6", $"memory: Redis per queued job ({sizes.MemoryJobs:N0} jobs, {sizes.MemoryPayloadBytes} B payload)", MemoryScenario.BytesPerJob, "bytes", false, "N0");
        yield return new Row("6", "memory: worker peak RSS while draining them", MemoryScenario.PeakRss, "MiB", false, "0.0", Compare: false);
        yield return new Row("6", "memory: drain rate of those jobs, concurrency 64", MemoryScenario.DrainRate, "jobs/s", true, "N0", Compare: false);
        foreach (var state in new[] { "pending", "dead" })
            foreach (var jobs in new[] { sizes.ListingSmall, sizes.ListingLarge })
                yield return new Row("listing", $"admin page of 50 {state} jobs with {jobs:N0} pending + {jobs:N0} dead", ListingScenario.Metric(state, jobs), "ms", false, "0.000", Compare: false);
        yield return new Row("flow", $"flow control: plain single enqueue, {sizes.InFlight} in flight ({sizes.EnqueueSingle:N0} jobs)", FlowControlScenario.Plain, "jobs/s", true, "N0", Compare: false);
        yield return new Row("flow", "flow control: unique enqueue (WhileQueued), a key per job: the lock taken each time", FlowControlScenario.UniqueNew, "jobs/s", true, "N0", Compare: false);
        yield return new Row("flow", "flow control: unique enqueue over 1,000 keys: duplicates answered from the lock", FlowControlScenario.UniqueDuplicate, "jobs/s", true, "N0", Compare: false);
        yield return new Row("flow", $"flow control: drain of plain jobs at concurrency {FlowControlScenario.DrainConcurrencyLevel} ({sizes.Drain:N0} jobs)", FlowControlScenario.DrainPlain, "jobs/s", true, "N0", Compare: false);
        yield return new Row("flow", "flow control: drain under a rate limit (1,000 partitions of 1,000/s: checked, never binding)", FlowControlScenario.DrainRate, "jobs/s", true, "N0", Compare: false);
        yield return new Row("flow", "flow control: drain under a concurrency limit (10,000: checked, never binding)", FlowControlScenario.DrainConcurrency, "jobs/s", true, "N0", Compare: false);
        yield return new Row("flow", "flow control: drain of 1,000 sequences (each completion queues its sequence's next job)", FlowControlScenario.DrainSequence, "jobs/s", true, "N0", Compare: false);
    }

    private delegate (int Concurrency, Summary Summary)? BestOf(Results results, Side side, Sizes sizes);

    private static void AppendBestDrain(StringBuilder text, BenchContext context, string label, BestOf best)
    {
        var bananas = best(context.Results, Side.Bananas, context.Sizes);
        var bull = best(context.Results, Side.BullMq, context.Sizes);
        var hangfire = best(context.Results, Side.Hangfire, context.Sizes);
        if (bananas is null && bull is null && hangfire is null) return;
        static string BestCell((int Concurrency, Summary Summary)? b) => b is null ? "—" : $"{Cell(b.Value.Summary, "N0")} (c={b.Value.Concurrency})";
        static string Ratio((int Concurrency, Summary Summary)? a, (int Concurrency, Summary Summary)? b) =>
            a is null || b is null ? "—" : FormatRatio(a.Value.Summary.Median / b.Value.Summary.Median);
        text.AppendLine($"| 2 | **{label}** | jobs/s | **{BestCell(bananas)}** | {BestCell(bull)} | {BestCell(hangfire)} | **{Ratio(bananas, bull)}** | **{Ratio(bananas, hangfire)}** |");
    }

    private static string RowRatio(Row row, Summary? bananas, Summary? other) =>
        row.Compare && bananas is not null && other is not null ? FormatRatio(row.HigherIsBetter ? bananas.Median / other.Median : other.Median / bananas.Median) : "—";

    /// <summary>The performance issue's targets: figure, value now, target, met.</summary>
    private static void AppendIssue15Targets(StringBuilder text, BenchContext context)
    {
        var results = context.Results;
        var sizes = context.Sizes;
        var lines = new List<string>();
        void Target(string figure, string now, string target, bool? met) =>
            lines.Add($"| {figure} | {now} | {target} | {(met is null ? "not measured" : met.Value ? "met" : "**missed**")} |");
        double? Median(string metric, Side side) => results.Get(metric, side)?.Median;
        static string Ms(double? v) => v is { } x ? Format(x, "0.00") + " ms" : "—";
        static string Us(double? v) => v is { } x ? Format(x, "0.0") + " µs" : "—";
        void RatioTarget(string figure, double? bananas, double? other, string unit, string format, double atLeast, string bananasAt = "", string otherAt = "")
        {
            var ratio = bananas is { } a && other is { } b && b != 0 ? a / b : (double?)null;
            var now = ratio is { } r ? $"{FormatRatio(r)} ({Format(bananas!.Value, format)}{bananasAt} vs {Format(other!.Value, format)}{otherAt} {unit})" : "—";
            Target(figure, now, $"≥ {Format(atLeast, "0.0")}×", ratio is { } v ? v >= atLeast : null);
        }
        static string At((int Concurrency, Summary Summary)? best) => best is null ? "" : $" at c={best.Value.Concurrency}";

        var bestBananas = DrainScenario.Best(results, Side.Bananas, sizes);
        var bestBull = DrainScenario.Best(results, Side.BullMq, sizes);
        RatioTarget("best drain, completed jobs kept (both sides keep them)", bestBananas?.Summary.Median, bestBull?.Summary.Median, "jobs/s", "N0", 3, At(bestBananas), At(bestBull));
        var removedBananas = DrainScenario.BestRemoved(results, Side.Bananas, sizes);
        var removedBull = DrainScenario.BestRemoved(results, Side.BullMq, sizes);
        RatioTarget("best drain, completed jobs removed (BullMQ `removeOnComplete: true`)", removedBananas?.Summary.Median, removedBull?.Summary.Median, "jobs/s", "N0", 3, At(removedBananas), At(removedBull));
        foreach (var c in new[] { 1, 16 })
            RatioTarget($"drain at concurrency {c}", Median(DrainScenario.Metric(c), Side.Bananas), Median(DrainScenario.Metric(c), Side.BullMq), "jobs/s", "N0", 2);

        var cpuNet = Median(BenchContext.ProfileClient(DrainScenario.Metric(1)), Side.Bananas);
        var cpuNode = Median(BenchContext.ProfileClient(DrainScenario.Metric(1)), Side.BullMq);
        Target("drain at concurrency 1: .NET CPU per job", $"{Us(cpuNet)} (Node {Us(cpuNode)})", "≤ Node's", cpuNet is { } n && cpuNode is { } m ? n <= m : null);
        var profiled = bestBananas?.Concurrency;
        var redisUs = profiled is { } pc ? Median(BenchContext.ProfileRedis(DrainScenario.Metric(pc)), Side.Bananas) : null;
        var netUs = profiled is { } pc2 ? Median(BenchContext.ProfileClient(DrainScenario.Metric(pc2)), Side.Bananas) : null;
        Target($"drain profile (Bananas' best drain{At(bestBananas)}): Redis µs per job", Us(redisUs), "≤ 7 µs", redisUs is { } r ? r <= 7 : null);
        Target($"drain profile (Bananas' best drain{At(bestBananas)}): .NET µs per job", Us(netUs), "≤ 9 µs", netUs is { } u ? u <= 9 : null);

        foreach (var (label, metric) in new[] { ("p50", LatencyScenario.P50), ("p99", LatencyScenario.P99), ("p99.9", LatencyScenario.P999) })
        {
            var bananas = Median(metric, Side.Bananas);
            var bull = Median(metric, Side.BullMq);
            var limit = label == "p99" ? 1.5 : double.PositiveInfinity;
            Target($"latency at {sizes.LatencyRate:N0} jobs/s: {label}", $"{Ms(bananas)} (BullMQ {Ms(bull)})", label == "p99" ? "≤ BullMQ's and ≤ 1.5 ms" : "≤ BullMQ's",
                bananas is { } b && bull is { } o ? b <= o && b <= limit : null);
        }
        RatioTarget("enqueue, single calls (64 in flight)", Median(EnqueueScenario.Single, Side.Bananas), Median(EnqueueScenario.Single, Side.BullMq), "jobs/s", "N0", 2.5);
        RatioTarget($"enqueue, batches of {sizes.Batch:N0}", Median(EnqueueScenario.Batch, Side.Bananas), Median(EnqueueScenario.Batch, Side.BullMq), "jobs/s", "N0", 3.3);
        var mixed = Median(MixedScenario.P99, Side.Bananas);
        Target("mixed 3×3 at 80 %: p99 enqueue → start", Ms(mixed), "≤ 20 ms", mixed is { } x ? x <= 20 : null);
        var bytes = Median(MemoryScenario.BytesPerJob, Side.Bananas);
        var bullBytes = Median(MemoryScenario.BytesPerJob, Side.BullMq);
        Target("Redis bytes per queued job", $"{(bytes is { } y ? Format(y, "N0") : "—")} (BullMQ {(bullBytes is { } z ? Format(z, "N0") : "—")})", "≤ BullMQ's (same run)",
            bytes is { } b2 && bullBytes is { } o2 ? b2 <= o2 : null);

        text.AppendLine("## Targets (performance issue)");
        text.AppendLine();
        text.AppendLine("Medians of this run. A figure whose scenario or side did not run is \"not measured\".");
        text.AppendLine();
        text.AppendLine("| Figure | Now | Target | Met? |");
        text.AppendLine("|---|---|---|---|");
        foreach (var line in lines) text.AppendLine(line);
        text.AppendLine();
    }

    private static void AppendTargets(StringBuilder text, BenchContext context)
    {
        var results = context.Results;
        var lines = new List<string>();
        void Target(string name, double? measured, string shown, Func<double, bool> met)
        {
            if (measured is not { } value || double.IsNaN(value)) return;
            lines.Add($"| {name} | {shown} | {(met(value) ? "met" : "**missed**")} |");
        }
        double? Median(string metric, Side side) => results.Get(metric, side)?.Median;
        double? Ratio(double? a, double? b) => a is { } x && b is { } y && y != 0 ? x / y : null;

        var bestBananas = DrainScenario.Best(results, Side.Bananas, context.Sizes)?.Summary.Median;
        var bestBull = DrainScenario.Best(results, Side.BullMq, context.Sizes)?.Summary.Median;
        var bare = Median(BareEngineScenario.Metric, Side.Bananas);
        var processing = Ratio(bestBananas, bestBull);
        Target("processing: best drain ≥ 3× BullMQ's best drain", processing, $"{processing:0.00}×", v => v >= 3);
        var share = Ratio(bestBananas, bare);
        Target("processing: hosted worker ≥ 60 % of the bare engine", share, $"{share * 100:0} % ({bestBananas:N0} of {bare:N0} jobs/s)", v => v >= 0.6);
        var single = Ratio(Median(EnqueueScenario.Single, Side.Bananas), Median(EnqueueScenario.Single, Side.BullMq));
        Target("enqueue: single (64 in flight) ≥ 1.5× BullMQ `add`", single, $"{single:0.00}×", v => v >= 1.5);
        var batch = Ratio(Median(EnqueueScenario.Batch, Side.Bananas), Median(EnqueueScenario.Batch, Side.BullMq));
        Target("enqueue: batch ≥ 2× BullMQ `addBulk`", batch, $"{batch:0.00}×", v => v >= 2);
        var p50 = Median(LatencyScenario.P50, Side.Bananas);
        var p50Bull = Median(LatencyScenario.P50, Side.BullMq) ?? double.PositiveInfinity;
        Target("latency at 2,000 jobs/s: p50 ≤ 1 ms and ≤ BullMQ's", p50, $"{p50:0.00} ms (BullMQ {p50Bull:0.00} ms)", v => v <= 1 && v <= p50Bull);
        var p99 = Median(LatencyScenario.P99, Side.Bananas);
        var p99Bull = Median(LatencyScenario.P99, Side.BullMq) ?? double.PositiveInfinity;
        Target("latency at 2,000 jobs/s: p99 ≤ 5 ms and ≤ BullMQ's", p99, $"{p99:0.00} ms (BullMQ {p99Bull:0.00} ms)", v => v <= 5 && v <= p99Bull);
        var sent = Median(IdleScenario.Sent, Side.Bananas);
        Target("idle: ≤ 1 Redis command per second per worker", sent, $"{sent:0.00} commands/s sent ({Median(IdleScenario.Executed, Side.Bananas):0.00}/s executed incl. inside scripts)", v => v <= 1);
        var cpu = Median(IdleScenario.Cpu, Side.Bananas);
        Target("idle: < 1 % CPU", cpu, $"{cpu:0.00} % of one core", v => v < 1);
        var violations = results.Get(MixedScenario.Violations, Side.Bananas)?.Max;
        Target("mixed: no lower-priority job starts while a higher one of its route waits", violations, $"{violations:0} violations (worst run)", v => v == 0);
        if (lines.Count == 0) return;
        text.AppendLine("## Targets (issue 6)");
        text.AppendLine();
        text.AppendLine("| Target | Measured (medians) | |");
        text.AppendLine("|---|---|---|");
        foreach (var line in lines) text.AppendLine(line);
        text.AppendLine();
    }

    private static void AppendProfile(StringBuilder text, BenchContext context)
    {
        var results = context.Results;
        var rows = Rows(context.Sizes).Where(r => results.Get(BenchContext.ProfileRedis(r.Metric), Side.Bananas) is not null).ToList();
        if (rows.Count == 0) return;
        text.AppendLine("## Profile: CPU per job");
        text.AppendLine();
        text.AppendLine("CPU time spent per job over each measured window (medians): by Redis (INFO cpu, used_cpu_user + used_cpu_sys) and by the");
        text.AppendLine("client process (the harness for Bananas — producer and in-process worker; the Node process for BullMQ; the Hangfire");
        text.AppendLine("process for Hangfire). Redis runs one thread, so 1,000,000 ÷ its µs/job is the ceiling that side can reach with Redis");
        text.AppendLine("alone on a whole core.");
        text.AppendLine();
        text.AppendLine("| # | Scenario | Redis µs/job, Bananas | Redis µs/job, BullMQ | Redis µs/job, Hangfire | client µs/job, Bananas (.NET) | client µs/job, BullMQ (Node) | client µs/job, Hangfire (.NET) |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            string Us(string metric, Side side) => results.Get(metric, side) is { } s ? Format(s.Median, "0.0") : "—";
            string Cells(string metric) => string.Join(" | ", Sides.All.Select(side => Us(metric, side)));
            text.AppendLine($"| {row.Scenario} | {row.Label} | {Cells(BenchContext.ProfileRedis(row.Metric))} | {Cells(BenchContext.ProfileClient(row.Metric))} |");
        }
        text.AppendLine();
    }

    /// <summary>Redis commands per job of every profiled scenario, per side, with the most frequent ones.</summary>
    private static void AppendCommands(StringBuilder text, BenchContext context)
    {
        var results = context.Results;
        var rows = Rows(context.Sizes).Where(r => Sides.All.Any(side => results.Commands(r.Metric, side) is not null)).ToList();
        if (rows.Count == 0) return;
        text.AppendLine("## Profile: Redis commands per job");
        text.AppendLine();
        text.AppendLine("Commands Redis executed per job over the measured runs (INFO commandstats deltas summed over the runs ÷ their jobs;");
        text.AppendLine("a script call counts once and so does each `redis.call` inside it; the harness's own INFO calls are left out). In");
        text.AppendLine("parentheses: without the script calls themselves, i.e. `redis.call`s plus plain commands. Below the table: the most");
        text.AppendLine("frequent commands per job.");
        text.AppendLine();
        text.AppendLine("| # | Scenario | Bananas | BullMQ | Hangfire |");
        text.AppendLine("|---|---|---:|---:|---:|");
        foreach (var row in rows)
        {
            string Cell(Side side) => results.Commands(row.Metric, side) is { } t ? $"{Format(t.PerJob, "0.0")} ({Format(t.PerJobWithoutScriptCalls, "0.0")})" : "—";
            text.AppendLine($"| {row.Scenario} | {row.Label} | {string.Join(" | ", Sides.All.Select(Cell))} |");
        }
        text.AppendLine();
        foreach (var row in rows)
            foreach (var side in Sides.All)
                if (results.Commands(row.Metric, side) is { } tally)
                    text.AppendLine($"- {row.Scenario} {row.Label}, {Sides.Name(side)}: " +
                        string.Join(", ", tally.Top(8).Where(t => t.PerJob >= 0.005).Select(t => $"{t.Command} {Format(t.PerJob, "0.00")}")));
        text.AppendLine();
    }

    private static string Cell(Summary? summary, string format) => summary switch
    {
        null => "—",
        { Runs.Count: 1 } => Format(summary.Median, format),
        _ => $"{Format(summary.Median, format)} ({Format(summary.Min, format)}–{Format(summary.Max, format)})",
    };

    private static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string FormatRatio(double ratio) => ratio.ToString("0.00", CultureInfo.InvariantCulture) + "×";
}
