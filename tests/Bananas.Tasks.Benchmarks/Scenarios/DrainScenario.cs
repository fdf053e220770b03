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
/// call to the last <c>completed</c> event.
/// </summary>
internal static class DrainScenario
{
    public static string Metric(int concurrency) => $"drain.c{concurrency}";

    /// <summary>The best concurrency's median, per side, or null when scenario 2 did not run.</summary>
    public static (int Concurrency, Summary Summary)? Best(Results results, Side side, Sizes sizes)
    {
        (int Concurrency, Summary Summary)? best = null;
        foreach (var concurrency in sizes.Concurrencies)
            if (results.Get(Metric(concurrency), side) is { } summary && (best is null || summary.Median > best.Value.Summary.Median))
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
                    context.RecordProfile(Metric(concurrency), r);
                    line += $", BullMQ {r["perSecond"]:N0}/s";
                }
                Console.Write(line + " ");
            });
        }
    }

    /// <summary>Pre-enqueues <paramref name="count"/> no-op jobs and drains them through a fresh hosted worker; returns jobs/s and the CPU profile.</summary>
    public static async Task<(double Rate, CpuProfile Profile)> DrainOnceAsync(BenchContext context, int count, int concurrency)
    {
        await context.Redis.FlushAsync();
        await using (var producer = await context.NewProducerAsync())
            await producer.PreEnqueueAsync(count, i => new TaskEnvelope(Noop.TaskName, Noop.EncodeArguments(i)));

        await using var connection = await context.Redis.ConnectAsync();
        using var host = WorkerHost.Build(connection, o => o.Concurrency = concurrency);
        DrainProbe.Reset(count);
        var meter = await CpuMeter.StartAsync(context.Redis);
        await host.StartAsync();
        await BenchContext.WithTimeout(DrainProbe.Done, TimeSpan.FromMinutes(10), $"Draining {count:N0} jobs at concurrency {concurrency}");
        await WaitForNoLeasesAsync(context.Redis.Admin.GetDatabase());
        var elapsed = Stopwatch.GetElapsedTime(DrainProbe.FirstStart);
        var profile = await meter.StopAsync(count);
        await host.StopAsync();
        await VerifyDrainedAsync(context.Redis.Admin.GetDatabase(), count);
        return (count / elapsed.TotalSeconds, profile);
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
