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
        text.AppendLine("# Benchmarks: Bananas.Tasks against BullMQ");
        text.AppendLine();
        text.AppendLine($"Produced by `{context.Options.CommandLine}` on {startedAt:yyyy-MM-dd HH:mm} UTC (commit {machine.GitCommit}, {duration.TotalMinutes:0.0} minutes).");
        text.AppendLine("Both systems ran in the same run, against the same Redis, on the same machine. Numbers vary from run to run and machine to machine: the ratios are what count.");
        text.AppendLine();
        text.AppendLine("## Machine");
        text.AppendLine();
        text.AppendLine($"- CPU: {machine.CpuModel}, {machine.Cores} cores");
        text.AppendLine($"- RAM: {machine.RamGiB:0.0} GiB; OS: {machine.Os}");
        text.AppendLine($"- Load average (1/5/15 min) at start: {loadAtStart}; at end: {loadAtEnd} (other processes on the machine share its cores)");
        text.AppendLine($"- Redis: {machine.Redis}");
        text.AppendLine($"- .NET: {machine.DotNet}");
        text.AppendLine(machine.Node is null ? "- Node / BullMQ: not run (--no-bullmq)" : $"- Node: {machine.Node}; BullMQ {machine.BullMq} (npm package `bullmq`, installed by tests/Bananas.Tasks.Benchmarks/bullmq/install.sh)");
        text.AppendLine();
        text.AppendLine("## Results");
        text.AppendLine();
        var runs = context.Options.Runs;
        text.AppendLine(runs == 1
            ? "Each cell: the one run's value. Ratio: how many times better Bananas is (throughput: Bananas ÷ BullMQ; latency: BullMQ ÷ Bananas)."
            : $"Each cell: median of {runs} runs (min–max). Ratio of the medians: how many times better Bananas is (throughput: Bananas ÷ BullMQ; latency: BullMQ ÷ Bananas).");
        text.AppendLine();
        text.AppendLine("| # | Scenario | Unit | Bananas | BullMQ | Ratio |");
        text.AppendLine("|---|---|---|---:|---:|---:|");
        foreach (var row in Rows(sizes))
        {
            var bananas = results.Get(row.Metric, Side.Bananas);
            var bull = results.Get(row.Metric, Side.BullMq);
            if (bananas is null && bull is null) continue;
            var ratio = row.Compare && bananas is not null && bull is not null ? FormatRatio(row.HigherIsBetter ? bananas.Median / bull.Median : bull.Median / bananas.Median) : "—";
            text.AppendLine($"| {row.Scenario} | {row.Label} | {row.Unit} | {Cell(bananas, row.Format)} | {Cell(bull, row.Format)} | {ratio} |");
            if (row.Metric == DrainScenario.Metric(sizes.Concurrencies[^1])) AppendBestDrain(text, context);
        }
        text.AppendLine();
        AppendTargets(text, context);
        AppendProfile(text, context);
        text.AppendLine("## Runs");
        text.AppendLine();
        foreach (var row in Rows(sizes))
        {
            foreach (var side in new[] { Side.Bananas, Side.BullMq })
                if (results.Get(row.Metric, side) is { } summary)
                    text.AppendLine($"- {row.Scenario} {row.Label}, {(side == Side.Bananas ? "Bananas" : "BullMQ")}: {string.Join(", ", summary.Runs.Select(v => Format(v, row.Format)))} {row.Unit}");
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
        yield return new Row("6", $"memory: Redis per queued job ({sizes.MemoryJobs:N0} jobs, {sizes.MemoryPayloadBytes} B payload)", MemoryScenario.BytesPerJob, "bytes", false, "N0", Compare: false);
        yield return new Row("6", "memory: worker peak RSS while draining them", MemoryScenario.PeakRss, "MiB", false, "0.0", Compare: false);
        yield return new Row("6", "memory: drain rate of those jobs, concurrency 64", MemoryScenario.DrainRate, "jobs/s", true, "N0", Compare: false);
        foreach (var state in new[] { "pending", "dead" })
            foreach (var jobs in new[] { sizes.ListingSmall, sizes.ListingLarge })
                yield return new Row("listing", $"admin page of 50 {state} jobs with {jobs:N0} pending + {jobs:N0} dead", ListingScenario.Metric(state, jobs), "ms", false, "0.000", Compare: false);
    }

    private static void AppendBestDrain(StringBuilder text, BenchContext context)
    {
        var bananas = DrainScenario.Best(context.Results, Side.Bananas, context.Sizes);
        var bull = DrainScenario.Best(context.Results, Side.BullMq, context.Sizes);
        if (bananas is null) return;
        var ratio = bull is null ? "—" : FormatRatio(bananas.Value.Summary.Median / bull.Value.Summary.Median);
        var bullCell = bull is null ? "—" : $"{Cell(bull.Value.Summary, "N0")} (c={bull.Value.Concurrency})";
        text.AppendLine($"| 2 | **drain, best concurrency of each** | jobs/s | **{Cell(bananas.Value.Summary, "N0")}** (c={bananas.Value.Concurrency}) | {bullCell} | **{ratio}** |");
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
        text.AppendLine("client process (the harness for Bananas — producer and in-process worker; the Node process for BullMQ). Redis runs");
        text.AppendLine("one thread, so 1,000,000 ÷ its µs/job is the ceiling that side can reach with Redis alone on a whole core.");
        text.AppendLine();
        text.AppendLine("| # | Scenario | Redis µs/job, Bananas | Redis µs/job, BullMQ | client µs/job, Bananas (.NET) | client µs/job, BullMQ (Node) |");
        text.AppendLine("|---|---|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            string Us(string metric, Side side) => results.Get(metric, side) is { } s ? Format(s.Median, "0.0") : "—";
            text.AppendLine($"| {row.Scenario} | {row.Label} | {Us(BenchContext.ProfileRedis(row.Metric), Side.Bananas)} | {Us(BenchContext.ProfileRedis(row.Metric), Side.BullMq)} | " +
                $"{Us(BenchContext.ProfileClient(row.Metric), Side.Bananas)} | {Us(BenchContext.ProfileClient(row.Metric), Side.BullMq)} |");
        }
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
