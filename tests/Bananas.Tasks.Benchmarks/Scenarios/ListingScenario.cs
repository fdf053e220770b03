using System.Diagnostics;
using Bananas.Tasks.Admin;
using Bananas.Tasks.Benchmarks.Infrastructure;
using Bananas.Tasks.Client;
using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Benchmarks.Scenarios;

/// <summary>
/// Scenario "listing": the admin API's page cost does not grow with the queue. With a small and a large number of jobs
/// (1,000 and 1,000,000; --quick: 1,000 and 50,000) both pending and dead, it reads a first page of 50 pending jobs and a
/// first page of 50 dead jobs many times and reports the median time of one page, plus the Redis commands one page
/// executes (INFO commandstats, including the commands inside the script). The jobs are filled once per size and the
/// runs measure the same data (filling 1,000,000 dead and 1,000,000 pending jobs is most of the scenario's time, and
/// reads change nothing).
/// </summary>
internal static class ListingScenario
{
    public static string Metric(string state, int jobs) => $"listing.{state}.{jobs}";
    private const int PageReads = 200;

    public static async Task RunAsync(BenchContext context)
    {
        foreach (var jobs in new[] { context.Sizes.ListingSmall, context.Sizes.ListingLarge })
        {
            await context.Redis.FlushAsync();
            await using var producer = await context.NewProducerAsync();
            var engine = producer.Engine;
            await FillAsync(producer, jobs);
            var admin = new BananasAdmin(engine);
            await context.RepeatAsync($"listing, {jobs:N0} pending + {jobs:N0} dead", flush: false, async _ =>
            {
                foreach (var state in new[] { JobListState.Pending, JobListState.Dead })
                {
                    var query = new JobListQuery { State = state, Limit = 50 };
                    for (int i = 0; i < 100; i++) await admin.ListJobsAsync(query); // warm: scripts loaded, JIT done
                    var before = Sum(await context.Redis.CommandStatsAsync());
                    var page = await admin.ListJobsAsync(query);
                    var commands = Sum(await context.Redis.CommandStatsAsync()) - before - 1; // the INFO itself
                    if (page.Jobs.Count != 50) throw new InvalidOperationException($"The {state} page held {page.Jobs.Count} jobs; expected 50.");
                    var times = new double[PageReads];
                    for (int i = 0; i < PageReads; i++)
                    {
                        var started = Stopwatch.GetTimestamp();
                        await admin.ListJobsAsync(query);
                        times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    }
                    Array.Sort(times);
                    var median = Percentiles.Of(times, 0.5);
                    context.Results.Add(Metric(state.ToString().ToLowerInvariant(), jobs), Side.Bananas, median);
                    context.Results.Note($"listing {state.ToString().ToLowerInvariant()} with {jobs:N0} jobs: page of 50 in {median:0.000} ms (median of {PageReads}), {commands} Redis commands per page");
                }
            });
        }
    }

    private static long Sum(Dictionary<string, long> stats) => stats.Values.Sum();

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
