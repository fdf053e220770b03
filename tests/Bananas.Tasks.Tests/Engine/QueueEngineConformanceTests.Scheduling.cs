using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Tests.Engine;

public abstract partial class QueueEngineConformanceTests
{
    [Fact]
    public async Task A_delayed_job_is_invisible_until_promoted()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var due = Start.AddMinutes(1);
        var job = Job("default", scheduledFor: due);
        Assert.True(await engine.EnqueueAsync(job));

        Assert.Equal(JobStatus.Scheduled, (await engine.GetJobAsync(job.Id))!.Status);
        Assert.Equal(due, await engine.GetNextScheduledAsync());
        Assert.Empty(await engine.FetchAsync(Request("default")));
        Assert.Equal(0, await engine.PromoteDueAsync(100));

        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, await engine.PromoteDueAsync(100));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await engine.PromoteDueAsync(100));
        Assert.Null(await engine.GetNextScheduledAsync());
        Assert.Equal(JobStatus.Pending, (await engine.GetJobAsync(job.Id))!.Status);

        var fetched = Assert.Single(await engine.FetchAsync(Request("default")));
        Assert.Equal(job.Id, fetched.Id);
        Assert.Equal(1, fetched.Job!.Attempts);
    }

    [Fact]
    public async Task A_job_due_now_or_earlier_is_queued_at_once()
    {
        var (engine, _) = await NewEngineAsync();
        await using var _e = engine;
        var past = Job(scheduledFor: Start.AddSeconds(-5));
        var now = Job(scheduledFor: Start);
        await engine.EnqueueManyAsync([past, now]);

        Assert.Null(await engine.GetNextScheduledAsync());
        Assert.Equal(new[] { past.Id, now.Id }, (await engine.FetchAsync(Request("default"))).Select(f => f.Id).ToArray());
    }

    [Fact]
    public async Task Promotion_puts_each_job_in_its_own_route_and_priority_queue()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var gpuHigh = Job("gpu", Priority.High, scheduledFor: Start.AddSeconds(10));
        var defaultLow = Job("default", Priority.Low, scheduledFor: Start.AddSeconds(10));
        var emailNormal = Job("email", Priority.Normal, scheduledFor: Start.AddSeconds(10));
        await engine.EnqueueManyAsync([gpuHigh, defaultLow, emailNormal]);
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(3, await engine.PromoteDueAsync(100));

        var depths = await engine.GetQueueDepthsAsync([RoutingKey.Parse("gpu"), RoutingKey.Default, RoutingKey.Parse("email")]);
        Assert.Equal(new RouteDepth(1, 0, 0), depths.Routes[RoutingKey.Parse("gpu")]);
        Assert.Equal(new RouteDepth(0, 0, 1), depths.Routes[RoutingKey.Default]);
        Assert.Equal(new RouteDepth(0, 1, 0), depths.Routes[RoutingKey.Parse("email")]);
        Assert.Equal(defaultLow.Id, Assert.Single(await engine.FetchAsync(Request("default"))).Id);
        Assert.Equal(gpuHigh.Id, Assert.Single(await engine.FetchAsync(Request("gpu"))).Id);
    }

    [Fact]
    public async Task Promotion_is_fifo_by_due_time_and_bounded_by_max_jobs()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var third = Job(scheduledFor: Start.AddSeconds(3));
        var first = Job(scheduledFor: Start.AddSeconds(1));
        var second = Job(scheduledFor: Start.AddSeconds(2));
        var later = Job(scheduledFor: Start.AddSeconds(60));
        await engine.EnqueueManyAsync([third, first, second, later]);
        Assert.Equal(Start.AddSeconds(1), await engine.GetNextScheduledAsync());
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(2, await engine.PromoteDueAsync(2));
        Assert.Equal(1, await engine.PromoteDueAsync(2));
        Assert.Equal(0, await engine.PromoteDueAsync(2));
        Assert.Equal(Start.AddSeconds(60), await engine.GetNextScheduledAsync());

        Assert.Equal(new[] { first.Id, second.Id, third.Id }, (await engine.FetchAsync(Request("default"))).Select(f => f.Id).ToArray());
    }

    [Fact]
    public async Task A_retry_waits_in_backoff_until_the_clock_passes_its_due_time()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var job = Job("gpu", Priority.High, maxRetries: 3);
        await engine.EnqueueAsync(job);
        var first = Assert.Single(await engine.FetchAsync(Request("gpu")));
        var retryAt = time.GetUtcNow().AddSeconds(4);

        Assert.Equal(FailOutcome.Retrying, await engine.FailAsync(Failure(first, retryAt)));

        var waiting = (await engine.GetJobAsync(job.Id))!;
        Assert.Equal(JobStatus.Scheduled, waiting.Status);
        Assert.Equal(retryAt, waiting.ScheduledFor);
        Assert.Equal("boom", waiting.Error);
        Assert.Equal("InvalidOperationException", waiting.ErrorType);
        Assert.Equal(1, waiting.Attempts);
        Assert.Equal(retryAt, await engine.GetNextScheduledAsync());
        Assert.Null(await engine.GetResultAsync(job.Id));

        time.Advance(TimeSpan.FromMilliseconds(3999));
        Assert.Equal(0, await engine.PromoteDueAsync(10));
        Assert.Empty(await engine.FetchAsync(Request("gpu")));

        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, await engine.PromoteDueAsync(10));
        var second = Assert.Single(await engine.FetchAsync(Request("gpu")));
        Assert.Equal(job.Id, second.Id);
        Assert.Equal(2, second.Job!.Attempts);
        Assert.Equal(Priority.High, second.Job.Priority);
    }

    [Fact]
    public async Task A_retry_at_an_odd_time_is_due_once_the_clock_reaches_the_next_scheduled_time()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        await engine.EnqueueAsync(Job());
        var fetched = Assert.Single(await engine.FetchAsync(Request("default", lease: TimeSpan.FromTicks(123_456_789))));
        var retryAt = time.GetUtcNow().AddTicks(12_345_603); // 1.2345603 s: not a whole microsecond; the nearest microsecond is earlier
        await engine.FailAsync(Failure(fetched, retryAt));

        var next = (await engine.GetNextScheduledAsync())!.Value;

        Assert.InRange(next - retryAt, TimeSpan.Zero, TimeSpan.FromTicks(10));
        time.SetUtcNow(next);
        Assert.Equal(1, await engine.PromoteDueAsync(10));
    }

    [Fact]
    public async Task A_lease_with_an_odd_deadline_never_expires_early()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        await engine.EnqueueAsync(Job());
        Assert.Single(await engine.FetchAsync(Request("default", lease: TimeSpan.FromTicks(12_345_677))));

        time.Advance(TimeSpan.FromTicks(12_345_676));
        Assert.Equal(0, await engine.RecoverExpiredLeasesAsync(10));
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, await engine.RecoverExpiredLeasesAsync(10));
    }

    [Fact]
    public async Task A_job_with_max_retries_2_runs_exactly_3_times_then_goes_to_the_dead_letter_queue()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var job = Job("default", maxRetries: 2);
        await engine.EnqueueAsync(job);

        var outcomes = new List<FailOutcome>();
        int executions = 0;
        while (true)
        {
            await engine.PromoteDueAsync(10);
            var fetched = await engine.FetchAsync(Request("default"));
            if (fetched.Count == 0) break;
            executions++;
            Assert.Equal(executions, fetched[0].Job!.Attempts);
            outcomes.Add(await engine.FailAsync(Failure(fetched[0], time.GetUtcNow().AddSeconds(1))));
            time.Advance(TimeSpan.FromSeconds(1));
            Assert.True(executions < 10, "the job kept being retried");
        }

        Assert.Equal(3, executions);
        Assert.Equal(new[] { FailOutcome.Retrying, FailOutcome.Retrying, FailOutcome.DeadLettered }, outcomes.ToArray());
        var dead = Assert.Single(await engine.ListDeadAsync(0, 10));
        Assert.Equal(job.Id, dead.Id);
        Assert.Equal(JobStatus.Failed, dead.Status);
        Assert.Equal(3, dead.Attempts);
        Assert.Equal("boom", dead.Error);
        Assert.NotNull(dead.CompletedAt);
        var result = (await engine.GetResultAsync(job.Id))!;
        Assert.Equal(JobStatus.Failed, result.Status);
        Assert.Equal("boom", result.Error);
        Assert.Equal("InvalidOperationException", result.ErrorType);
        Assert.Equal(TimeSpan.FromMilliseconds(7), result.Duration);
        Assert.Null(await engine.GetNextScheduledAsync());
        Assert.Equal(0, (await engine.GetQueueDepthsAsync()).Processing);
    }

    [Fact]
    public async Task A_permanent_failure_goes_straight_to_the_dead_letter_queue()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var job = Job("default", maxRetries: 5);
        await engine.EnqueueAsync(job);
        var fetched = Assert.Single(await engine.FetchAsync(Request("default")));

        Assert.Equal(FailOutcome.DeadLettered, await engine.FailAsync(Failure(fetched, time.GetUtcNow().AddSeconds(30), permanent: true)));

        var record = (await engine.GetJobAsync(job.Id))!;
        Assert.Equal(JobStatus.Failed, record.Status);
        Assert.Equal(1, record.Attempts);
        Assert.Equal(job.Id, Assert.Single(await engine.ListDeadAsync(0, 10)).Id);
        Assert.Null(await engine.GetNextScheduledAsync());
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await engine.PromoteDueAsync(10));
        Assert.Empty(await engine.FetchAsync(Request("default")));
    }

    [Fact]
    public async Task Concurrent_promotions_never_queue_a_job_twice()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var jobs = Enumerable.Range(0, 400).Select(i => Job(i % 2 == 0 ? "gpu" : "default", scheduledFor: Start.AddMilliseconds(1 + i))).ToList();
        Assert.Equal(400, await engine.EnqueueManyAsync(jobs));
        time.Advance(TimeSpan.FromSeconds(1));

        var counts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            int total = 0, n;
            while ((n = await engine.PromoteDueAsync(25)) > 0) total += n;
            return total;
        })));

        Assert.Equal(400, counts.Sum());
        var depths = await engine.GetQueueDepthsAsync([RoutingKey.Parse("gpu"), RoutingKey.Default]);
        Assert.Equal(200, depths.Routes[RoutingKey.Parse("gpu")].Total);
        Assert.Equal(200, depths.Routes[RoutingKey.Default].Total);
        Assert.Equal(0, depths.Scheduled);
        var fetched = await engine.FetchAsync(Request("gpu,default", maxJobs: 1000));
        Assert.Equal(400, fetched.Select(f => f.Id).Distinct().Count());
    }
}
