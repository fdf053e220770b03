using System.Diagnostics;
using Bananas.Tasks.Benchmarks.Infrastructure;
using Bananas.Tasks.Benchmarks.Tasks;
using Bananas.Tasks.Client;

namespace Bananas.Tasks.Benchmarks.Scenarios;

/// <summary>
/// Scenario "flow", the cost of flow control (issue 13): single enqueues from 64 lanes, as scenario 1, of a plain task,
/// of a unique task (WhileQueued) whose every job has its own key (the lock taken on each enqueue), and of a unique task
/// over 1,000 keys (after the first thousand, every enqueue is a duplicate answered from the lock); then drains through a
/// hosted worker at the default concurrency of plain jobs and of jobs under each gate the fetch and the completion check:
/// a rate limit (1,000 partitions of 1,000/s: the checks run, the limit never binds), a concurrency limit (10,000: never
/// binds) and sequences (1,000 keys: every completion queues the next job of its sequence). Bananas only.
/// </summary>
internal static class FlowControlScenario
{
    public const string Plain = "flow.plain", UniqueNew = "flow.unique", UniqueDuplicate = "flow.duplicate";
    public const string DrainPlain = "flow.drain.plain", DrainRate = "flow.drain.rate", DrainConcurrency = "flow.drain.concurrency", DrainSequence = "flow.drain.sequence";

    /// <summary>The worker concurrency of the drains: the default (2 × cores, at least 4) of this machine.</summary>
    public static int DrainConcurrencyLevel => Math.Max(4, 2 * Environment.ProcessorCount);

    public static async Task RunAsync(BenchContext context)
    {
        var sizes = context.Sizes;
        await using (var warm = await context.NewProducerAsync())
        {
            var warming = Stopwatch.GetTimestamp();
            while (Stopwatch.GetElapsedTime(warming) < context.WarmupTime)
            {
                await context.Redis.FlushAsync();
                await SingleAsync(warm.Client, sizes.Warmup, sizes.InFlight, i => null);
                await SingleAsync(warm.Client, sizes.Warmup, sizes.InFlight, i => Unique("w" + i));
            }
        }
        // The three in turns within each run, so they share the machine's load alike.
        var kinds = new (string Metric, Func<int, JobOptions?> Options)[]
        {
            (Plain, _ => null), (UniqueNew, i => Unique("k" + i)), (UniqueDuplicate, i => Unique("k" + (i % 1000))),
        };
        await context.RepeatAsync($"flow: plain, unique (a key per job), unique (1,000 keys): {sizes.EnqueueSingle:N0} single enqueues each", async run =>
        {
            foreach (var (metric, options) in kinds)
            {
                await context.Redis.FlushAsync();
                await using var producer = await context.NewProducerAsync();
                var meter = await CpuMeter.StartAsync(context.Redis.Server);
                var rate = await SingleAsync(producer.Client, sizes.EnqueueSingle, sizes.InFlight, options);
                context.RecordProfile(metric, Side.Bananas, await meter.StopAsync(sizes.EnqueueSingle));
                context.Results.Add(metric, Side.Bananas, rate);
                Console.Write($"{metric} {rate:N0}/s ");
            }
        });
        var drains = new (string Metric, Func<int, JobOptions?>? Options)[]
        {
            (DrainPlain, null),
            (DrainRate, i => new JobOptions { RateLimit = new RateLimit(1000, TimeSpan.FromSeconds(1)), RateKey = "p" + (i % 1000) }),
            (DrainConcurrency, _ => new JobOptions { ConcurrencyLimit = 10_000 }),
            (DrainSequence, i => new JobOptions { SequenceKey = "s" + (i % 1000) }),
        };
        await context.RepeatAsync($"flow: drains of plain, rate-limited, concurrency-limited and sequenced jobs: {sizes.Drain:N0} each at concurrency {DrainConcurrencyLevel}", async run =>
        {
            foreach (var (metric, options) in drains)
            {
                var (rate, profile) = await DrainScenario.DrainOnceAsync(context, sizes.Drain, DrainConcurrencyLevel, options: options);
                context.RecordProfile(metric, Side.Bananas, profile);
                context.Results.Add(metric, Side.Bananas, rate);
                Console.Write($"{metric} {rate:N0}/s ");
            }
        });
    }

    private static JobOptions Unique(string key) => new() { Unique = UniqueScope.WhileQueued, UniqueKey = key };

    private static async Task<double> SingleAsync(IBananasClient client, int count, int inFlight, Func<int, JobOptions?> options)
    {
        int next = -1;
        async Task Lane()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
                await Noop.EnqueueAsync(client, i, options(i)).ConfigureAwait(false);
        }
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(_ => Task.Run(Lane)));
        return count / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }
}
