using System.Collections.Concurrent;
using System.Diagnostics;
using Bananas.Tasks.Engine;
using Xunit.Abstractions;

namespace Bananas.Tasks.Tests.Engine;

public abstract partial class QueueEngineConformanceTests
{
    /// <summary>Where the suite writes measurements (set by the concrete class's constructor).</summary>
    protected ITestOutputHelper? Output { get; init; }

    [Fact]
    public async Task Eight_concurrent_fetchers_process_40000_jobs_exactly_once()
    {
        const int fetchers = 8, perFetcher = 5_000, total = fetchers * perFetcher, batch = 50;
        var (engine, _) = await NewEngineAsync();
        await using var _e = engine;
        string[] routes = ["gpu", "default", "email"];
        var jobs = Enumerable.Range(0, total)
            .Select(i => Job(routes[i % routes.Length], (Priority)(1 + i % 3)))
            .ToList();
        var clock = Stopwatch.StartNew();
        Assert.Equal(total, await engine.EnqueueManyAsync(jobs));
        var enqueued = clock.Elapsed;

        var acked = new ConcurrentDictionary<JobId, int>();
        var fetchedBy = new int[fetchers];
        async Task RunFetcher(int n)
        {
            var request = Request("gpu,default,email", maxJobs: batch, worker: $"fetcher-{n}");
            while (true)
            {
                var fetched = await engine.FetchAsync(request);
                if (fetched.Count == 0) return;
                fetchedBy[n] += fetched.Count;
                var outcome = await engine.AckAsync(fetched.Select(f => new JobCompletion(f.Id, f.LeaseToken, null, TimeSpan.Zero)).ToList());
                for (int i = 0; i < fetched.Count; i++)
                {
                    Assert.True(outcome[i], $"ack of {fetched[i].Id} was refused");
                    acked.AddOrUpdate(fetched[i].Id, 1, (_, c) => c + 1);
                }
                await Task.Yield(); // the in-memory engine completes synchronously: let the other fetchers interleave
            }
        }
        await Task.WhenAll(Enumerable.Range(0, fetchers).Select(n => Task.Run(() => RunFetcher(n))));
        var processed = clock.Elapsed - enqueued;

        Assert.Equal(total, acked.Count);
        Assert.All(acked, a => Assert.Equal(1, a.Value));
        Assert.All(jobs, j => Assert.True(acked.ContainsKey(j.Id), $"job {j.Id} was never processed"));
        Assert.Equal(total, fetchedBy.Sum());
        var depths = await engine.GetQueueDepthsAsync();
        Assert.Equal(0, depths.Processing);
        Assert.All(depths.Routes.Values, d => Assert.Equal(0, d.Total));
        Output?.WriteLine($"{engine.Name}: enqueued {total} jobs in {enqueued.TotalMilliseconds:F0} ms; {fetchers} fetchers (batches of {batch}) fetched and acked them exactly once in {processed.TotalMilliseconds:F0} ms; per fetcher: {string.Join(", ", fetchedBy)}");
    }
}
