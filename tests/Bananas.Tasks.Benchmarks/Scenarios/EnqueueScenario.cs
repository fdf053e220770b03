using System.Diagnostics;
using Bananas.Tasks.Benchmarks.Infrastructure;
using Bananas.Tasks.Benchmarks.Tasks;
using Bananas.Tasks.Client;

namespace Bananas.Tasks.Benchmarks.Scenarios;

/// <summary>
/// Scenario 1, enqueue throughput. Single: the generated proxy's <c>Noop.EnqueueAsync</c> from 64 lanes, each awaiting
/// its call before the next (64 in flight), against BullMQ <c>queue.add</c> the same way. Batch: sequential
/// <c>EnqueueManyAsync</c> calls of 1,000 jobs against <c>queue.addBulk</c> of 1,000. Jobs/s. Hangfire: single only
/// (<c>BackgroundJobClient.Enqueue</c> from 64 threads, its client being synchronous; Hangfire has no batch enqueue).
/// </summary>
internal static class EnqueueScenario
{
    public const string Single = "enqueue.single";
    public const string Batch = "enqueue.batch";

    public static async Task RunAsync(BenchContext context)
    {
        var sizes = context.Sizes;
        // Warm up until tiered compilation has settled (steady state is what a long-running process sees).
        await using (var warm = await context.NewProducerAsync())
        {
            var warming = Stopwatch.GetTimestamp();
            while (Stopwatch.GetElapsedTime(warming) < context.WarmupTime)
            {
                await context.Redis.FlushAsync();
                await SingleAsync(warm.Client, sizes.Warmup, sizes.InFlight);
                await BatchAsync(warm.Client, sizes.Warmup, sizes.Batch);
            }
        }

        await context.RepeatAsync($"1 single enqueue, {sizes.EnqueueSingle:N0} jobs, {sizes.InFlight} in flight", async run =>
        {
            await using var producer = await context.NewProducerAsync();
            var meter = await CpuMeter.StartAsync(context.Redis.Server);
            var rate = await SingleAsync(producer.Client, sizes.EnqueueSingle, sizes.InFlight);
            context.RecordProfile(Single, Side.Bananas, await meter.StopAsync(sizes.EnqueueSingle));
            context.Results.Add(Single, Side.Bananas, rate);
            var line = $"Bananas {rate:N0}/s";
            if (context.BullMq is { } bull)
            {
                await context.Redis.FlushAsync();
                var r = await bull.RunAsync("enqueue-single", new Dictionary<string, int> { ["count"] = sizes.EnqueueSingle, ["inflight"] = sizes.InFlight, ["warmup"] = sizes.Warmup });
                context.Results.Add(Single, Side.BullMq, r["perSecond"]);
                context.RecordProfile(Single, Side.BullMq, r);
                line += $", BullMQ {r["perSecond"]:N0}/s";
            }
            if (context.Hangfire is { } hangfire)
            {
                await context.Redis.FlushAsync();
                var r = await hangfire.RunAsync("enqueue-single", new Dictionary<string, int> { ["count"] = sizes.HangfireEnqueue, ["inflight"] = sizes.InFlight, ["warmup"] = sizes.HangfireWarmup });
                context.Results.Add(Single, Side.Hangfire, r["perSecond"]);
                context.RecordProfile(Single, Side.Hangfire, r);
                line += $", Hangfire {r["perSecond"]:N0}/s";
            }
            Console.Write(line + " ");
        });

        await context.RepeatAsync($"1 batch enqueue, {sizes.EnqueueBatch:N0} jobs in calls of {sizes.Batch:N0}", async run =>
        {
            await using var producer = await context.NewProducerAsync();
            var meter = await CpuMeter.StartAsync(context.Redis.Server);
            var rate = await BatchAsync(producer.Client, sizes.EnqueueBatch, sizes.Batch);
            context.RecordProfile(Batch, Side.Bananas, await meter.StopAsync(sizes.EnqueueBatch));
            context.Results.Add(Batch, Side.Bananas, rate);
            var line = $"Bananas {rate:N0}/s";
            if (context.BullMq is { } bull)
            {
                await context.Redis.FlushAsync();
                var r = await bull.RunAsync("enqueue-bulk", new Dictionary<string, int> { ["count"] = sizes.EnqueueBatch, ["batch"] = sizes.Batch, ["warmup"] = sizes.Warmup });
                context.Results.Add(Batch, Side.BullMq, r["perSecond"]);
                context.RecordProfile(Batch, Side.BullMq, r);
                line += $", BullMQ {r["perSecond"]:N0}/s";
            }
            Console.Write(line + " ");
        });
    }

    private static async Task<double> SingleAsync(IBananasClient client, int count, int inFlight)
    {
        int next = -1;
        async Task Lane()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
                await Noop.EnqueueAsync(client, i).ConfigureAwait(false);
        }
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(_ => Task.Run(Lane)));
        return count / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static async Task<double> BatchAsync(IBananasClient client, int count, int batch)
    {
        var started = Stopwatch.GetTimestamp();
        for (int done = 0; done < count; done += batch)
        {
            var envelopes = new TaskEnvelope[Math.Min(batch, count - done)];
            for (int i = 0; i < envelopes.Length; i++) envelopes[i] = new TaskEnvelope(Noop.TaskName, Noop.EncodeArguments(done + i));
            await client.EnqueueManyAsync(envelopes).ConfigureAwait(false);
        }
        return count / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }
}
