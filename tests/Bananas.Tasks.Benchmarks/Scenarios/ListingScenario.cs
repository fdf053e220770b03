using System.Diagnostics;
using Bananas.Tasks.Admin;
using Bananas.Tasks.Benchmarks.Infrastructure;
using Bananas.Tasks.Client;
using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Benchmarks.Scenarios;

/// <summary>
/// Scenario "listing": the admin API's page cost does not grow with the queue. A small and a large number of jobs
/// (1,000 and 1,000,000; --quick: 1,000 and 50,000), each both pending and dead, live side by side in one Redis, in
/// databases of their own (1 and 0: each size has a keyspace of its own). A first page of 50 pending jobs and one of 50
/// dead jobs are read from the two in turns (small, large, then large, small, …), so both sizes are timed under the same
/// load of the machine; the median time of one page per size is reported, with the Redis commands one page executes
/// (INFO commandstats, the commands inside the script included) and the time Redis spent in it (commandstats usec), which
/// splits the page into Redis and client + network. Both sizes are filled once; the runs read the same data.
/// </summary>
internal static class ListingScenario
{
    public static string Metric(string state, int jobs) => $"listing.{state}.{jobs}";
    private const int PageReads = 200;
    private const int SmallDatabase = 1;
    private const int LargeDatabase = 0;

    public static async Task RunAsync(BenchContext context)
    {
        var (small, large) = (context.Sizes.ListingSmall, context.Sizes.ListingLarge);
        // Filled once: filling 1,000,000 dead and 1,000,000 pending jobs is most of the scenario's time, and reads change
        // nothing, so every run measures the same data.
        await context.Redis.FlushAsync();
        await using var smallSide = await context.NewProducerAsync(SmallDatabase);
        await using var largeSide = await context.NewProducerAsync(LargeDatabase);
        await FillAsync(smallSide, small);
        await FillAsync(largeSide, large);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true); // the seeding's garbage is not collected while timing
        GC.WaitForPendingFinalizers();
        await context.RepeatAsync($"listing, {small:N0} and {large:N0} pending + as many dead, read in turns", flush: false, async _ =>
        {
            var sides = new[] { (Jobs: small, Admin: new BananasAdmin(smallSide.Engine)), (Jobs: large, Admin: new BananasAdmin(largeSide.Engine)) };
            foreach (var state in new[] { JobListState.Pending, JobListState.Dead })
            {
                var query = new JobListQuery { State = state, Limit = 50 };
                var warm = Stopwatch.StartNew();
                while (warm.Elapsed < context.WarmupTime) // scripts loaded, JIT at its optimized code, Redis done settling the seeded data
                    foreach (var side in sides) await side.Admin.ListJobsAsync(query);

                var times = new double[sides.Length][];
                for (int s = 0; s < sides.Length; s++) times[s] = new double[PageReads];
                for (int i = 0; i < PageReads; i++)
                {
                    for (int turn = 0; turn < sides.Length; turn++)
                    {
                        var s = i % 2 == 0 ? turn : sides.Length - 1 - turn;
                        var started = Stopwatch.GetTimestamp();
                        await sides[s].Admin.ListJobsAsync(query);
                        times[s][i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    }
                }

                var medians = new double[sides.Length];
                for (int s = 0; s < sides.Length; s++)
                {
                    var (commands, redisMicros) = await RedisCostAsync(context, sides[s].Admin, query, state);
                    Array.Sort(times[s]);
                    medians[s] = Percentiles.Of(times[s], 0.5);
                    var name = state.ToString().ToLowerInvariant();
                    context.Results.Add(Metric(name, sides[s].Jobs), Side.Bananas, medians[s]);
                    context.Results.Note($"listing {name} with {sides[s].Jobs:N0} jobs: page of 50 in {medians[s]:0.000} ms (median of {PageReads}, read in turns with the other size), " +
                        $"{redisMicros:0} µs of it in Redis, {commands} Redis commands per page");
                }
                context.Results.Note($"listing {state.ToString().ToLowerInvariant()}: {large:N0} jobs ÷ {small:N0} jobs = {medians[1] / medians[0]:0.00}×");
            }
        });
    }

    /// <summary>The Redis commands one page executes, and the median of 5 blocks of 20 pages of the µs Redis spent in a page (its script calls).</summary>
    private static async Task<(long Commands, double RedisMicros)> RedisCostAsync(BenchContext context, BananasAdmin admin, JobListQuery query, JobListState state)
    {
        var before = (await context.Redis.CommandStatsAsync()).Values.Sum();
        var page = await admin.ListJobsAsync(query);
        var commands = (await context.Redis.CommandStatsAsync()).Values.Sum() - before - 1; // the INFO itself
        if (page.Jobs.Count != 50) throw new InvalidOperationException($"The {state} page held {page.Jobs.Count} jobs; expected 50.");
        var blocks = new double[5];
        for (int b = 0; b < blocks.Length; b++)
        {
            var micros = Sum(await context.Redis.CommandStatsAsync("usec"));
            for (int i = 0; i < 20; i++) await admin.ListJobsAsync(query);
            blocks[b] = (Sum(await context.Redis.CommandStatsAsync("usec")) - micros) / 20.0;
        }
        Array.Sort(blocks);
        return (commands, blocks[blocks.Length / 2]);

        // Top-level commands only: a script's time already holds the commands it ran, which commandstats also lists.
        static long Sum(Dictionary<string, long> usec) => usec.GetValueOrDefault("evalsha") + usec.GetValueOrDefault("eval") + usec.GetValueOrDefault("smembers");
    }

    /// <summary><paramref name="jobs"/> dead jobs (through fetch and a permanent failure), then <paramref name="jobs"/> pending ones.</summary>
    private static async Task FillAsync(Producer producer, int jobs)
    {
        await producer.PreEnqueueAsync(jobs, _ => new TaskEnvelope("noop", "{}", new JobOptions { MaxRetries = 0 }));
        var engine = producer.Engine;
        var request = new FetchRequest([new RouteDemand(RoutingKey.Default, int.MaxValue)], 2_000, TimeSpan.FromMinutes(30), "listing-bench");
        for (int done = 0; done < jobs;)
        {
            var batch = await engine.FetchAsync(request);
            if (batch.Count == 0) throw new InvalidOperationException($"Only {done:N0} of {jobs:N0} jobs could be fetched to dead-letter them.");
            await Task.WhenAll(batch.Select(f => engine.FailAsync(new JobFailure(f.Id, f.LeaseToken, "bench", "Bench", true, DateTimeOffset.UtcNow, TimeSpan.Zero))));
            done += batch.Count;
        }
        await producer.PreEnqueueAsync(jobs, _ => new TaskEnvelope("noop", "{}"));
    }
}
