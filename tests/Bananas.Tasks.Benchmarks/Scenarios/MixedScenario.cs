using System.Diagnostics;
using System.Globalization;
using Bananas.Tasks.Benchmarks.Infrastructure;
using Bananas.Tasks.Client;
using Bananas.Tasks.Registration;

namespace Bananas.Tasks.Benchmarks.Scenarios;

/// <summary>
/// Scenario 5, mixed load with a strict-priority check: jobs spread at random over 3 routes × 3 priorities, enqueued by
/// the harness to one hosted worker serving the 3 routes (the concurrency that drained best in scenario 2, else 64).
/// First the maximum of this set-up is measured (jobs enqueued unpaced while the worker runs); then each run offers
/// 80 % of it for the set duration. Reports the rate offered and achieved, the p99 enqueue-to-start latency, and
/// the priority violations: a job J of a route was fetched (its <c>started_at</c>, taken before the fetch script ran)
/// after the enqueue of a higher-priority job K of the same route had returned, and K was fetched later than J.
/// Must be 0. The handler is registered with <c>AddTask(name, invoker)</c> because it reads the job record.
/// </summary>
internal static class MixedScenario
{
    public const string Offered = "mixed.offered";
    public const string Achieved = "mixed.achieved";
    public const string Violations = "mixed.violations";
    public const string P99 = "mixed.p99";
    private const string TaskName = "mixed";
    private static readonly string[] s_routes = ["r1", "r2", "r3"];
    private static readonly Priority[] s_priorities = [Priority.High, Priority.Normal, Priority.Low];

    private static long[] s_fetchedAt = [];
    private static long[] s_startedAt = [];
    private static long[] s_startedUtc = [];
    private static int s_count;
    private static int s_target;
    private static TaskCompletionSource s_done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task RunAsync(BenchContext context)
    {
        var sizes = context.Sizes;
        var concurrency = DrainScenario.Best(context.Results, Side.Bananas, sizes)?.Concurrency ?? 64;
        // The maximum of this set-up (producer and worker at once, on the same cores as Redis): the same mix enqueued
        // as fast as 256 calls in flight allow.
        await context.Redis.FlushAsync();
        await MeasureAsync(context, double.PositiveInfinity, sizes.Warmup, concurrency, seed: 0); // JIT warm-up, not recorded
        await context.Redis.FlushAsync();
        var calibration = Math.Max(10_000, sizes.Drain / 2);
        var (max, _, _) = await MeasureAsync(context, double.PositiveInfinity, calibration, concurrency, seed: 0);
        context.Results.Note($"Mixed: maximum with producer and worker at once, {calibration:N0} jobs unpaced, concurrency {concurrency}: {max:N0} jobs/s.");
        var offered = 0.8 * max;
        var total = (int)(offered * sizes.MixedSeconds);
        await context.RepeatAsync($"5 mixed 3 routes × 3 priorities at {offered:N0}/s (80 % of {max:N0}/s), {total:N0} jobs, concurrency {concurrency}", async run =>
        {
            var (achieved, violations, p99) = await MeasureAsync(context, offered, total, concurrency, seed: run);
            context.Results.Add(Offered, Side.Bananas, offered);
            context.Results.Add(Achieved, Side.Bananas, achieved);
            context.Results.Add(Violations, Side.Bananas, violations);
            context.Results.Add(P99, Side.Bananas, p99);
            Console.Write($"achieved {achieved:N0}/s, p99 {p99:0.00} ms, {violations} priority violations ");
        });
    }

    /// <summary>Enqueues <paramref name="total"/> jobs at <paramref name="rate"/> per second (infinity: as fast as 256 calls in flight go).</summary>
    private static async Task<(double Achieved, int Violations, double P99)> MeasureAsync(BenchContext context, double rate, int total, int concurrency, int seed)
    {
        var route = new int[total];
        var priority = new int[total];
        var sentAt = new long[total];
        var sentUtc = new long[total];
        var enqueuedAt = new long[total];
        var random = new Random(seed);
        for (int i = 0; i < total; i++) (route[i], priority[i]) = (random.Next(3), random.Next(3));
        s_fetchedAt = new long[total];
        s_startedAt = new long[total];
        s_startedUtc = new long[total];
        s_done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref s_target, total);
        Volatile.Write(ref s_count, 0);

        await using var producer = await context.NewProducerAsync();
        await using var connection = await context.Redis.ConnectAsync();
        using var host = WorkerHost.Build(connection, o =>
        {
            o.RoutingKeys = [.. s_routes];
            o.Concurrency = concurrency;
        }, (TaskName, Invoke));
        await host.StartAsync();
        await Task.Delay(500);

        var options = s_routes.Select(r => s_priorities.Select(p => new JobOptions { Route = r, Priority = p }).ToArray()).ToArray();
        using var gate = new SemaphoreSlim(256);
        async Task Enqueue(int i)
        {
            await gate.WaitAsync().ConfigureAwait(false);
            try
            {
                sentAt[i] = Stopwatch.GetTimestamp();
                sentUtc[i] = DateTimeOffset.UtcNow.UtcTicks;
                await producer.Client.EnqueueAsync(TaskName, "{\"i\":" + i.ToString(CultureInfo.InvariantCulture) + "}", options[route[i]][priority[i]]).ConfigureAwait(false);
                enqueuedAt[i] = DateTimeOffset.UtcNow.UtcTicks;
            }
            finally
            {
                gate.Release();
            }
        }

        var calls = new List<Task>(total);
        var started = Stopwatch.GetTimestamp();
        int sent = 0;
        while (sent < total)
        {
            var due = double.IsPositiveInfinity(rate) ? total : (int)Math.Min(total, Stopwatch.GetElapsedTime(started).TotalSeconds * rate + 1);
            for (; sent < due; sent++) calls.Add(Enqueue(sent));
            await Task.Delay(1);
        }
        await Task.WhenAll(calls);
        var enqueueSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await BenchContext.WithTimeout(s_done.Task, TimeSpan.FromMinutes(5), "The mixed-load jobs");
        var last = s_startedAt.Max();
        await host.StopAsync();

        var achieved = total / ((last - started) / (double)Stopwatch.Frequency);
        context.Results.Note($"Mixed, {total:N0} jobs offered at {(double.IsPositiveInfinity(rate) ? "no limit" : rate.ToString("N0", CultureInfo.InvariantCulture) + "/s")}: enqueued in {enqueueSeconds:0.00} s ({total / enqueueSeconds:N0}/s), all started after {(last - started) / (double)Stopwatch.Frequency:0.00} s.");
        var latencies = new double[total];
        for (int i = 0; i < total; i++) latencies[i] = (s_startedAt[i] - sentAt[i]) * 1000.0 / Stopwatch.Frequency;
        if (!double.IsPositiveInfinity(rate))
            context.Results.Note(WhereJobsWait(route, priority, latencies, sentUtc, enqueuedAt, s_fetchedAt, s_startedUtc, concurrency));
        Array.Sort(latencies);
        return (achieved, CountViolations(route, priority, enqueuedAt, s_fetchedAt), Percentiles.Of(latencies, 0.99));
    }

    /// <summary>
    /// Where the enqueue-to-start time of a paced run went, from the UTC ticks of one clock (this process): the enqueue
    /// call (sent → returned), the Redis queue (returned → the fetch that leased it was issued: the engine stamps
    /// <c>started_at</c> then), and the fetch round trip plus the hand-off to a consumer (→ handler start); p99 of each,
    /// p99 of the whole per priority and per route, and how full the fetches were (jobs sharing one <c>started_at</c>).
    /// </summary>
    private static string WhereJobsWait(int[] route, int[] priority, double[] latencies, long[] sentUtc, long[] enqueuedUtc, long[] fetchedUtc, long[] startedUtc, int concurrency)
    {
        static double P99(IEnumerable<double> values)
        {
            var sorted = values.ToArray();
            Array.Sort(sorted);
            return Percentiles.Of(sorted, 0.99);
        }
        static string Ms(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);
        int n = latencies.Length;
        var call = Enumerable.Range(0, n).Select(i => (enqueuedUtc[i] - sentUtc[i]) / 1e4);
        var queued = Enumerable.Range(0, n).Select(i => Math.Max(0, fetchedUtc[i] - enqueuedUtc[i]) / 1e4);
        var handOff = Enumerable.Range(0, n).Select(i => (startedUtc[i] - Math.Max(fetchedUtc[i], enqueuedUtc[i])) / 1e4);
        var byPriority = string.Join(", ", s_priorities.Select((p, k) => $"{p.ToString().ToLowerInvariant()} {Ms(P99(Enumerable.Range(0, n).Where(i => priority[i] == k).Select(i => latencies[i])))}"));
        var byRoute = string.Join(", ", s_routes.Select((r, k) => $"{r} {Ms(P99(Enumerable.Range(0, n).Where(i => route[i] == k).Select(i => latencies[i])))}"));
        var worst = Enumerable.Range(0, n).OrderByDescending(i => latencies[i]).Take(Math.Max(1, n / 100)).ToList();
        var worstClasses = string.Join(", ", worst.GroupBy(i => (route[i], priority[i])).OrderByDescending(g => g.Count()).Take(4)
            .Select(g => $"{s_routes[g.Key.Item1]}/{s_priorities[g.Key.Item2].ToString().ToLowerInvariant()} {g.Count() * 100.0 / worst.Count:0} %"));
        var fetches = fetchedUtc.GroupBy(t => t).Select(g => g.Count()).ToList();
        var batch = new Bananas.Tasks.Worker.BananasWorkerOptions().FetchBatchSize;
        var full = fetches.Count(c => c >= batch);
        return $"Mixed, where the jobs waited (p99, ms): enqueue call {Ms(P99(call))}, in the Redis queue {Ms(P99(queued))}, fetch round trip + hand-off to a consumer {Ms(P99(handOff))}; " +
            $"whole by priority: {byPriority}; by route: {byRoute}; the slowest 1 %: {worstClasses}; " +
            $"{fetches.Count:N0} fetches, {fetches.Average():0.0} jobs each, {full * 100.0 / fetches.Count:0} % full ({batch}, concurrency {concurrency}).";
    }

    /// <summary>
    /// Jobs K for which some lower-priority job J of the same route was fetched after K's enqueue returned and before
    /// K was fetched (fetch times of one fetch call are equal, and one call takes high before normal before low).
    /// </summary>
    internal static int CountViolations(int[] route, int[] priority, long[] enqueuedAt, long[] fetchedAt)
    {
        int violations = 0;
        for (int r = 0; r < 3; r++)
        {
            var fetchedByPriority = new long[3][];
            for (int p = 0; p < 3; p++)
            {
                var list = new List<long>();
                for (int i = 0; i < route.Length; i++)
                    if (route[i] == r && priority[i] == p) list.Add(fetchedAt[i]);
                list.Sort();
                fetchedByPriority[p] = list.ToArray();
            }
            for (int k = 0; k < route.Length; k++)
            {
                if (route[k] != r) continue;
                for (int lower = priority[k] + 1; lower < 3; lower++)
                {
                    var sorted = fetchedByPriority[lower];
                    var index = Array.BinarySearch(sorted, enqueuedAt[k] + 1);
                    if (index < 0) index = ~index;
                    else while (index > 0 && sorted[index - 1] > enqueuedAt[k]) index--;
                    if (index < sorted.Length && sorted[index] < fetchedAt[k])
                    {
                        violations++;
                        break;
                    }
                }
            }
        }
        return violations;
    }

    private static ValueTask<string?> Invoke(TaskContext context)
    {
        var job = context.Job;
        var payload = job.Payload;
        var i = int.Parse(payload.AsSpan(5, payload.Length - 6), CultureInfo.InvariantCulture);
        s_startedAt[i] = Stopwatch.GetTimestamp();
        s_startedUtc[i] = DateTimeOffset.UtcNow.UtcTicks;
        s_fetchedAt[i] = job.StartedAt?.UtcTicks ?? throw new InvalidOperationException($"Job {job.Id} has no started_at: the engine must stamp the fetch time.");
        if (Interlocked.Increment(ref s_count) == Volatile.Read(ref s_target)) s_done.TrySetResult();
        return ValueTask.FromResult<string?>(null);
    }
}
