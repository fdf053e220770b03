using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>
/// Rate limits (issue 13 item 2; docs/flow-control.md "Rate limits"): GCRA per bucket. Within a burst of up to the limit
/// jobs start at once; a job over it reserves the next slot and waits in the scheduled set, its attempt not counted; the
/// fetch at its slot runs it without taking another.
/// </summary>
public abstract partial class QueueEngineConformanceTests
{
    private static JobRecord Limited(string bucket = "work", int limit = 2, double periodMs = 1000) =>
        Job() with { RateBucket = bucket, RateLimit = new RateLimit(limit, TimeSpan.FromMilliseconds(periodMs)) };

    [Fact]
    public async Task Jobs_over_their_rate_limit_wait_for_the_slots_they_reserve_without_spending_an_attempt()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var jobs = Enumerable.Range(0, 5).Select(_ => Limited()).ToList();
        await engine.EnqueueManyAsync(jobs);
        var t0 = time.GetUtcNow();

        var first = await engine.FetchAsync(Request("default"));

        // 2 per second: a burst of 2 now; the next start slots are 500 ms apart.
        Assert.Equal(jobs.Take(2).Select(j => j.Id), first.Select(f => f.Id));
        for (int i = 2; i < 5; i++)
        {
            var waiting = (await engine.GetJobAsync(jobs[i].Id))!;
            Assert.Equal(JobStatus.Scheduled, waiting.Status);
            Assert.Equal(t0.AddMilliseconds(500 * (i - 1)), waiting.ScheduledFor);
            Assert.Equal(waiting.ScheduledFor, waiting.RateSlot);
            Assert.Equal(0, waiting.Attempts);
        }
        Assert.Equal(3, (await engine.GetQueueDepthsAsync()).Scheduled);

        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.Equal(0, (await engine.MaintainAsync(100)).Promoted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, (await engine.MaintainAsync(100)).Promoted);
        var third = Assert.Single(await engine.FetchAsync(Request("default")));
        Assert.Equal(jobs[2].Id, third.Id);
        Assert.Null(third.Job!.RateSlot);
        Assert.Equal(1, third.Job.Attempts);
        Assert.Empty(await engine.FetchAsync(Request("default")));

        time.Advance(TimeSpan.FromMilliseconds(1000));
        Assert.Equal(2, (await engine.MaintainAsync(100)).Promoted);
        Assert.Equal(jobs.Skip(3).Select(j => j.Id), (await engine.FetchAsync(Request("default"))).Select(f => f.Id));
        Assert.Equal(0, (await engine.GetQueueDepthsAsync()).Scheduled);
    }

    [Fact]
    public async Task Each_rate_bucket_has_its_own_limit_and_jobs_without_one_are_not_held()
    {
        var (engine, _) = await NewEngineAsync();
        await using var _e = engine;
        var a = Enumerable.Range(0, 3).Select(_ => Limited("work:a", limit: 1)).ToList();
        var b = Enumerable.Range(0, 3).Select(_ => Limited("work:b", limit: 1)).ToList();
        var free = Enumerable.Range(0, 3).Select(_ => Job()).ToList();
        await engine.EnqueueManyAsync([.. a, .. b, .. free]);

        var fetched = (await engine.FetchAsync(Request("default", maxJobs: 20))).Select(f => f.Id).ToHashSet();

        Assert.Equal(new[] { a[0].Id, b[0].Id }.Concat(free.Select(j => j.Id)).ToHashSet(), fetched);
        Assert.Equal(4, (await engine.GetQueueDepthsAsync()).Scheduled);
    }

    [Fact]
    public async Task A_quiet_spell_refills_the_burst()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        await engine.EnqueueManyAsync(Enumerable.Range(0, 2).Select(_ => Limited()).ToList());
        Assert.Equal(2, (await engine.FetchAsync(Request("default"))).Count);

        time.Advance(TimeSpan.FromSeconds(5));
        await engine.EnqueueManyAsync(Enumerable.Range(0, 3).Select(_ => Limited()).ToList());

        Assert.Equal(2, (await engine.FetchAsync(Request("default"))).Count);
        Assert.Equal(1, (await engine.GetQueueDepthsAsync()).Scheduled);
    }

    [Fact]
    public async Task A_route_scoped_rate_limit_is_shared_by_every_task_on_the_route_that_takes_it()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var client = new Bananas.Tasks.Client.BananasClient(engine, timeProvider: time);
        var shared = new JobOptions { Route = "gpu", RateLimit = new RateLimit(2, TimeSpan.FromSeconds(1)), RateScope = LimitScope.Route };
        var ids = new[] { await client.EnqueueAsync("resize", "{}", shared), await client.EnqueueAsync("render", "{}", shared), await client.EnqueueAsync("resize", "{}", shared), await client.EnqueueAsync("render", "{}", shared) };
        var own = await client.EnqueueAsync("render", "{}", shared with { RateScope = LimitScope.Task });

        var job = (await engine.GetJobAsync(ids[1]))!;
        Assert.Equal(("route:gpu:rate", LimitScope.Route), (job.RateBucket, job.RateScope));
        var started = await engine.FetchAsync(Request("gpu"));

        // the two tasks' four jobs share the route's 2 per second; the task-scoped one has its own bucket
        Assert.Equal(new[] { ids[0], ids[1], own }.Select(i => i.Value).Order(), started.Select(f => f.Id.Value).Order());
        Assert.Equal(JobStatus.Scheduled, (await engine.GetJobAsync(ids[2]))!.Status);
        Assert.Equal(JobStatus.Scheduled, (await engine.GetJobAsync(ids[3]))!.Status);

        var refused = Assert.Throws<ArgumentException>(() => (object)client.CreateJob("render", "{}", new JobOptions { RateScope = LimitScope.Route }));
        Assert.Contains("RateScope is set but JobOptions.RateLimit is not", refused.Message);
    }
}
