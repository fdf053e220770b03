using System.Diagnostics;
using Bananas.Tasks.Benchmarks.Infrastructure;
using Bananas.Tasks.Benchmarks.Tasks;
using Bananas.Tasks.Client;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Worker;

namespace Bananas.Tasks.Benchmarks.Scenarios;

/// <summary>
/// The "bare engine" ceiling of scenario 2: the same pre-enqueued jobs drained by the engine's fetch and ack scripts in
/// a tight loop, without the worker (no host, no channel, no DI scope, no invoker, no heartbeat). <see cref="Loops"/>
/// loops, each fetching up to the worker's default fetch batch and acking the whole batch in one call. Jobs/s from
/// the first fetch to the last ack. The processing target wants the hosted worker at ≥ 60 % of this.
/// </summary>
internal static class BareEngineScenario
{
    public const string Metric = "bare";

    /// <summary>Fetch/ack loops running at once.</summary>
    public const int Loops = 4;

    public static int BatchSize => new BananasWorkerOptions().FetchBatchSize;

    public static async Task RunAsync(BenchContext context)
    {
        var sizes = context.Sizes;
        var warming = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(warming) < context.WarmupTime)
            await DrainOnceAsync(context, Math.Min(sizes.Warmup, sizes.Bare)); // JIT warm-up, not recorded
        await context.RepeatAsync($"bare engine: {sizes.Bare:N0} jobs, {Loops} fetch/ack loops, batches of {BatchSize}", async run =>
        {
            var (rate, profile) = await DrainOnceAsync(context, sizes.Bare);
            context.Results.Add(Metric, Side.Bananas, rate);
            context.RecordProfile(Metric, Side.Bananas, profile);
            Console.Write($"{rate:N0}/s ");
        });
    }

    private static async Task<(double Rate, CpuProfile Profile)> DrainOnceAsync(BenchContext context, int count)
    {
        await context.Redis.FlushAsync();
        await using (var producer = await context.NewProducerAsync())
            await producer.PreEnqueueAsync(count, i => new TaskEnvelope(Noop.TaskName, Noop.EncodeArguments(i)));

        await using var connection = await context.Redis.ConnectAsync();
        await using var engine = WorkerHost.CreateEngine(connection);
        var request = new FetchRequest([new RouteDemand(RoutingKey.Default, BatchSize)], BatchSize, TimeSpan.FromSeconds(30), "bench:bare");
        int done = 0;
        async Task Loop()
        {
            while (true)
            {
                var fetched = await engine.FetchAsync(request).ConfigureAwait(false);
                if (fetched.Count == 0) return;
                var completions = new JobCompletion[fetched.Count];
                for (int i = 0; i < completions.Length; i++)
                    completions[i] = new JobCompletion(fetched[i].Id, fetched[i].LeaseToken, null, TimeSpan.Zero);
                var acked = await engine.AckAsync(completions).ConfigureAwait(false);
                for (int i = 0; i < acked.Count; i++)
                    if (!acked[i]) throw new InvalidOperationException($"Bare engine: the ack of job {fetched[i].Id} found its lease lost.");
                Interlocked.Add(ref done, fetched.Count);
            }
        }
        var meter = await CpuMeter.StartAsync(context.Redis.Server);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, Loops).Select(_ => Task.Run(Loop)));
        var elapsed = Stopwatch.GetElapsedTime(started);
        var profile = await meter.StopAsync(count);
        if (done != count) throw new InvalidOperationException($"Bare engine: {done:N0} of {count:N0} jobs were fetched and acked.");
        return (count / elapsed.TotalSeconds, profile);
    }
}
