using System.Diagnostics;
using Bananas.Tasks.Benchmarks.Infrastructure;
using Bananas.Tasks.Benchmarks.Tasks;
using Bananas.Tasks.Client;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Bananas.Tasks.Benchmarks.Scenarios;

/// <summary>
/// Scenario 2, end-to-end no-op throughput: jobs pre-enqueued, then one hosted worker (the generated <c>noop</c>
/// handler, concurrency 1, 16, 64, 256) drains them. Jobs/s from the first handler start to the last ack (the lease
/// set empty after the last handler ran). BullMQ: a <c>Worker</c> with the same concurrency, from the first processor
/// call to the last <c>completed</c> event. Hangfire: a <c>BackgroundJobServer</c> with that many workers, from the
/// first job start until its succeeded counter reached the count (fewer jobs: <see cref="Sizes.HangfireDrainJobs"/>).
/// Completed jobs are kept on every side (Bananas for its result TTL, BullMQ in its completed set, Hangfire for 24 h).
/// The "completed jobs removed" variant, at <see cref="Sizes.RemovedConcurrencies"/>: BullMQ jobs added with
/// <c>removeOnComplete: true</c>, Bananas with the engine's <c>KeepCompleted = TimeSpan.Zero</c> (<see cref="Retention"/>).
/// </summary>
internal static class DrainScenario
{
    public static string Metric(int concurrency) => $"drain.c{concurrency}";
    public static string RemovedMetric(int concurrency) => $"drain.removed.c{concurrency}";

    /// <summary>The best concurrency's median of completed-kept drains, per side, or null when scenario 2 did not run.</summary>
    public static (int Concurrency, Summary Summary)? Best(Results results, Side side, Sizes sizes) => Best(results, side, sizes.Concurrencies, Metric);

    /// <summary>The same for the completed-removed variant.</summary>
    public static (int Concurrency, Summary Summary)? BestRemoved(Results results, Side side, Sizes sizes) => Best(results, side, sizes.RemovedConcurrencies, RemovedMetric);

    private static (int Concurrency, Summary Summary)? Best(Results results, Side side, int[] concurrencies, Func<int, string> metric)
    {
        (int Concurrency, Summary Summary)? best = null;
        foreach (var concurrency in concurrencies)
            if (results.Get(metric(concurrency), side) is { } summary && (best is null || summary.Median > best.Value.Summary.Median))
                best = (concurrency, summary);
        return best;
    }

    public static async Task RunAsync(BenchContext context)
    {
        var sizes = context.Sizes;
        var warming = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(warming) < context.WarmupTime)
            await DrainOnceAsync(context, Math.Min(sizes.Warmup, sizes.Drain), 64); // JIT warm-up, not recorded

        foreach (var concurrency in sizes.Concurrencies)
        {
            await context.RepeatAsync($"2 drain {sizes.Drain:N0} no-op jobs, concurrency {concurrency}", async run =>
            {
                var (rate, profile) = await DrainOnceAsync(context, sizes.Drain, concurrency);
                context.Results.Add(Metric(concurrency), Side.Bananas, rate);
                context.RecordProfile(Metric(concurrency), Side.Bananas, profile);
                var line = $"Bananas {rate:N0}/s";
                if (context.BullMq is { } bull)
                {
                    await context.Redis.FlushAsync();
                    var r = await bull.RunAsync("drain", new Dictionary<string, int> { ["count"] = sizes.Drain, ["concurrency"] = concurrency, ["warmup"] = Math.Min(sizes.Warmup, sizes.Drain) });
                    context.Results.Add(Metric(concurrency), Side.BullMq, r["perSecond"]);
                    context.RecordProfile(Metric(concurrency), Side.BullMq, r);
                    line += $", BullMQ {r["perSecond"]:N0}/s";
                }
                if (context.Hangfire is { } hangfire)
                {
                    await context.Redis.FlushAsync();
                    var r = await hangfire.RunAsync("drain", new Dictionary<string, int> { ["count"] = sizes.HangfireDrainJobs(concurrency), ["concurrency"] = concurrency, ["warmup"] = sizes.HangfireWarmup });
                    context.Results.Add(Metric(concurrency), Side.Hangfire, r["perSecond"]);
                    context.RecordProfile(Metric(concurrency), Side.Hangfire, r);
                    line += $", Hangfire {r["perSecond"]:N0}/s";
                }
                Console.Write(line + " ");
            });
        }

        if (!Retention.RetentionZero && context.BullMq is null) return;
        if (!Retention.RetentionZero)
            context.Results.Note("Scenario 2, completed jobs removed: the engine's KeepCompleted option is not wired into the harness (Infrastructure/Retention.cs), so only BullMQ's side ran.");
        foreach (var concurrency in sizes.RemovedConcurrencies)
        {
            await context.RepeatAsync($"2 drain {sizes.Drain:N0} no-op jobs, completed removed, concurrency {concurrency}", async run =>
            {
                var line = "";
                if (Retention.RetentionZero)
                {
                    var (rate, profile) = await DrainOnceAsync(context, sizes.Drain, concurrency, removeCompleted: true);
                    context.Results.Add(RemovedMetric(concurrency), Side.Bananas, rate);
                    context.RecordProfile(RemovedMetric(concurrency), Side.Bananas, profile);
                    line = $"Bananas {rate:N0}/s";
                }
                if (context.BullMq is { } bull)
                {
                    await context.Redis.FlushAsync();
                    var r = await bull.RunAsync("drain", new Dictionary<string, int>
                    {
                        ["count"] = sizes.Drain, ["concurrency"] = concurrency, ["warmup"] = Math.Min(sizes.Warmup, sizes.Drain), ["removeOnComplete"] = 1,
                    });
                    context.Results.Add(RemovedMetric(concurrency), Side.BullMq, r["perSecond"]);
                    context.RecordProfile(RemovedMetric(concurrency), Side.BullMq, r);
                    line += (line.Length > 0 ? ", " : "") + $"BullMQ {r["perSecond"]:N0}/s";
                }
                Console.Write(line + " ");
            });
        }
    }

    /// <summary>Pre-enqueues <paramref name="count"/> no-op jobs and drains them through a fresh hosted worker; returns jobs/s and the CPU profile.</summary>
    /// <param name="options">Each job's options (flow control: the "flow" scenario); null: none.</param>
    public static async Task<(double Rate, CpuProfile Profile)> DrainOnceAsync(BenchContext context, int count, int concurrency, bool removeCompleted = false, Func<int, JobOptions?>? options = null)
    {
        await context.Redis.FlushAsync();
        await using (var producer = await context.NewProducerAsync())
            await producer.PreEnqueueAsync(count, i => new TaskEnvelope(Noop.TaskName, Noop.EncodeArguments(i), options?.Invoke(i)));

        await using var connection = await context.Redis.ConnectAsync();
        using var host = WorkerHost.Build(connection, o => o.Concurrency = concurrency, removeCompleted);
        DrainProbe.Reset(count);
        var meter = await CpuMeter.StartAsync(context.Redis.Server);
        await host.StartAsync();
        await BenchContext.WithTimeout(DrainProbe.Done, TimeSpan.FromMinutes(10), $"Draining {count:N0} jobs at concurrency {concurrency}");
        await WaitForNoLeasesAsync(context.Redis.Admin.GetDatabase());
        var elapsed = Stopwatch.GetElapsedTime(DrainProbe.FirstStart);
        var profile = await meter.StopAsync(count);
        await host.StopAsync();
        await VerifyDrainedAsync(context.Redis.Admin.GetDatabase(), count);
        if (removeCompleted) await VerifyRemovedAsync(context.Redis, count);
        return (count / elapsed.TotalSeconds, profile);
    }

    /// <summary>Checks that the removed variant kept no job record: the retention option took effect.</summary>
    private static async Task VerifyRemovedAsync(RedisHost redis, int count)
    {
        await foreach (var key in redis.Server.KeysAsync(pattern: $"{WorkerHost.Prefix}:job:*", pageSize: 1_000))
            throw new InvalidOperationException($"After draining {count:N0} jobs with completed records removed, {key} is still in Redis: KeepCompleted = 0 did not take effect.");
    }

    /// <summary>Waits until every lease is gone: the last ack has been applied.</summary>
    public static async Task WaitForNoLeasesAsync(IDatabase db)
    {
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 60;
        while (await db.SortedSetLengthAsync($"{WorkerHost.Prefix}:queue:leases") > 0)
        {
            if (Stopwatch.GetTimestamp() > deadline) throw new TimeoutException("Jobs were still leased 60 s after their handlers ran: acks are not arriving.");
            await Task.Delay(1);
        }
    }

    /// <summary>Checks that every job completed: no queue left, nothing leased, nothing dead.</summary>
    public static async Task VerifyDrainedAsync(IDatabase db, int count)
    {
        var dead = await db.ListLengthAsync($"{WorkerHost.Prefix}:queue:dead");
        var pending = await db.ListLengthAsync($"{WorkerHost.Prefix}:route:default:queue:normal");
        if (dead != 0 || pending != 0)
            throw new InvalidOperationException($"The drain of {count:N0} jobs left {pending} pending and {dead} dead jobs; every job must complete.");
    }
}
