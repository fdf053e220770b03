using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Tests.Engine;

public abstract partial class QueueEngineConformanceTests
{
    [Fact]
    public async Task Fetch_takes_routes_in_order_then_high_normal_low()
    {
        var (engine, _) = await NewEngineAsync();
        await using var _e = engine;
        var defaultLow = Job("default", Priority.Low);
        var gpuNormal = Job("gpu", Priority.Normal);
        var defaultHigh = Job("default", Priority.High);
        var gpuLow = Job("gpu", Priority.Low);
        var defaultNormal = Job("default", Priority.Normal);
        var gpuHigh = Job("gpu", Priority.High);
        var other = Job("other", Priority.High);
        foreach (var job in new[] { defaultLow, gpuNormal, defaultHigh, gpuLow, defaultNormal, gpuHigh, other })
            Assert.True(await engine.EnqueueAsync(job));

        var fetched = await engine.FetchAsync(Request("gpu,default", maxJobs: 10));

        Assert.Equal(
            new[] { gpuHigh.Id, gpuNormal.Id, gpuLow.Id, defaultHigh.Id, defaultNormal.Id, defaultLow.Id },
            fetched.Select(f => f.Id).ToArray());
        Assert.Equal(new[] { "gpu", "gpu", "gpu", "default", "default", "default" }, fetched.Select(f => f.Route.Value).ToArray());
        Assert.All(fetched, f => Assert.Null(f.DecodeError));
    }

    [Fact]
    public async Task Fetch_respects_per_route_limits_and_the_total()
    {
        var (engine, _) = await NewEngineAsync();
        await using var _e = engine;
        var gpu = Enumerable.Range(0, 5).Select(_ => Job("gpu")).ToList();
        var cpu = Enumerable.Range(0, 5).Select(_ => Job("cpu")).ToList();
        Assert.Equal(10, await engine.EnqueueManyAsync([.. gpu, .. cpu]));

        var request = new FetchRequest([new RouteDemand(RoutingKey.Parse("gpu"), 2), new RouteDemand(RoutingKey.Parse("cpu"), 10)], 4, TimeSpan.FromSeconds(30), "w");
        var fetched = await engine.FetchAsync(request);

        Assert.Equal(new[] { gpu[0].Id, gpu[1].Id, cpu[0].Id, cpu[1].Id }, fetched.Select(f => f.Id).ToArray());
        var depths = await engine.GetQueueDepthsAsync([RoutingKey.Parse("gpu"), RoutingKey.Parse("cpu")]);
        Assert.Equal(3, depths.Routes[RoutingKey.Parse("gpu")].Total);
        Assert.Equal(3, depths.Routes[RoutingKey.Parse("cpu")].Total);
        Assert.Equal(4, depths.Processing);

        var none = await engine.FetchAsync(new FetchRequest([new RouteDemand(RoutingKey.Parse("gpu"), 0)], 5, TimeSpan.FromSeconds(30), "w"));
        Assert.Empty(none);
    }

    [Fact]
    public async Task Fetch_is_fifo_within_a_queue()
    {
        var (engine, _) = await NewEngineAsync();
        await using var _e = engine;
        var jobs = Enumerable.Range(0, 12).Select(_ => Job("default", Priority.High)).ToList();
        foreach (var job in jobs.Take(6)) await engine.EnqueueAsync(job);
        await engine.EnqueueManyAsync(jobs.Skip(6).ToList());

        var order = new List<JobId>();
        order.AddRange((await engine.FetchAsync(Request("default", maxJobs: 1))).Select(f => f.Id));
        order.AddRange((await engine.FetchAsync(Request("default", maxJobs: 5))).Select(f => f.Id));
        order.AddRange((await engine.FetchAsync(Request("default", maxJobs: 50))).Select(f => f.Id));

        Assert.Equal(jobs.Select(j => j.Id), order);
    }

    [Fact]
    public async Task A_large_batch_enqueue_keeps_its_order_and_skips_existing_ids()
    {
        var (engine, _) = await NewEngineAsync();
        await using var _e = engine;
        var existing = Job();
        await engine.EnqueueAsync(existing);
        var jobs = Enumerable.Range(0, 450).Select(_ => Job()).ToList();
        jobs.Insert(300, existing);

        Assert.Equal(450, await engine.EnqueueManyAsync(jobs));

        var order = (await engine.FetchAsync(Request("default", maxJobs: 1000))).Select(f => f.Id).ToList();
        Assert.Equal(new[] { existing.Id }.Concat(jobs.Where(j => j.Id != existing.Id).Select(j => j.Id)), order);
    }

    [Fact]
    public async Task Fetch_marks_the_job_processing_and_counts_the_attempt()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var job = Job("default", Priority.High, maxRetries: 5, name: "resize", payload: "{\"w\":640}") with { Description = "a picture", Timeout = TimeSpan.FromSeconds(90), TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" };
        await engine.EnqueueAsync(job);
        time.Advance(TimeSpan.FromSeconds(2));

        var fetched = Assert.Single(await engine.FetchAsync(Request("default", worker: "host-7")));

        var record = fetched.Job!;
        Assert.Equal(job.Id, record.Id);
        Assert.Equal("resize", record.Name);
        Assert.Equal("{\"w\":640}", record.Payload);
        Assert.Equal(Priority.High, record.Priority);
        Assert.Equal(5, record.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(90), record.Timeout);
        Assert.Equal("a picture", record.Description);
        Assert.Equal(job.TraceParent, record.TraceParent);
        Assert.Equal(JobStatus.Processing, record.Status);
        Assert.Equal(1, record.Attempts);
        Assert.Equal("host-7", record.WorkerId);
        Assert.Equal(Start, record.CreatedAt);
        Assert.Equal(Start.AddSeconds(2), record.StartedAt);
        Assert.Equal(Start.AddSeconds(2), record.UpdatedAt);
        Assert.StartsWith("host-7", fetched.LeaseToken);
        Assert.Equal(record, await engine.GetJobAsync(job.Id));
    }

    [Fact]
    public async Task Enqueue_is_idempotent_by_id()
    {
        var (engine, _) = await NewEngineAsync();
        await using var _e = engine;
        var job = Job();
        Assert.True(await engine.EnqueueAsync(job));
        Assert.False(await engine.EnqueueAsync(job with { Name = "changed" }));
        Assert.Equal(1, await engine.EnqueueManyAsync([job, Job(), job]));

        var depths = await engine.GetQueueDepthsAsync([RoutingKey.Default]);
        Assert.Equal(2, depths.Routes[RoutingKey.Default].Normal);
        Assert.Equal("work", (await engine.GetJobAsync(job.Id))!.Name);
        Assert.Null(await engine.GetJobAsync(JobId.New()));
    }

    [Fact]
    public async Task Queue_depths_count_every_state()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        await engine.EnqueueManyAsync([Job("gpu", Priority.High), Job("gpu", Priority.High), Job("gpu", Priority.Low), Job("default", Priority.Normal)]);
        await engine.EnqueueAsync(Job("gpu", scheduledFor: Start.AddMinutes(5)));
        await engine.EnqueueAsync(Job("cpu", maxRetries: 0));
        var fetched = Assert.Single(await engine.FetchAsync(Request("cpu")));
        Assert.Equal(FailOutcome.DeadLettered, await engine.FailAsync(Failure(fetched, time.GetUtcNow(), permanent: true)));
        Assert.Single(await engine.FetchAsync(Request("default")));

        var all = await engine.GetQueueDepthsAsync();
        Assert.Equal(new RouteDepth(2, 0, 1), all.Routes[RoutingKey.Parse("gpu")]);
        Assert.Equal(new RouteDepth(0, 0, 0), all.Routes[RoutingKey.Default]);
        Assert.Equal(new RouteDepth(0, 0, 0), all.Routes[RoutingKey.Parse("cpu")]);
        Assert.Equal(3, all.Routes.Count);
        Assert.Equal(1, all.Scheduled);
        Assert.Equal(1, all.Processing);
        Assert.Equal(1, all.Dead);

        var one = await engine.GetQueueDepthsAsync([RoutingKey.Parse("never-used")]);
        Assert.Equal(new RouteDepth(0, 0, 0), one.Routes[RoutingKey.Parse("never-used")]);
        Assert.Single(one.Routes);
    }

    [Fact]
    public async Task A_queue_going_non_empty_wakes_subscribers_of_its_route()
    {
        var (engine, _) = await NewEngineAsync();
        await using var _e = engine;
        var wakes = new List<RoutingKey?>();
        var gpuWake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondGpuWake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var scheduledWake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscription = await engine.SubscribeWakeUpAsync([RoutingKey.Parse("gpu")], route =>
        {
            int gpuCount;
            lock (wakes)
            {
                wakes.Add(route);
                gpuCount = wakes.Count(w => w?.Value == "gpu");
            }
            if (route is null) scheduledWake.TrySetResult();
            else if (gpuCount == 1) gpuWake.TrySetResult();
            else secondGpuWake.TrySetResult();
        });

        await engine.EnqueueAsync(Job("cpu"));
        await engine.EnqueueAsync(Job("gpu"));
        await Within(gpuWake.Task.ContinueWith(_ => true), "the wake-up of route gpu");

        await engine.EnqueueAsync(Job("gpu")); // queue already non-empty: no wake-up
        await engine.EnqueueAsync(Job("gpu", Priority.High)); // another queue of gpu goes non-empty: wake-up
        await Within(secondGpuWake.Task.ContinueWith(_ => true), "the second wake-up of route gpu");

        await engine.EnqueueAsync(Job("cpu", scheduledFor: Start.AddMinutes(1)));
        await Within(scheduledWake.Task.ContinueWith(_ => true), "the wake-up for a scheduled job");

        lock (wakes) Assert.Equal(new RoutingKey?[] { RoutingKey.Parse("gpu"), RoutingKey.Parse("gpu"), null }, wakes.ToArray());
    }
}
