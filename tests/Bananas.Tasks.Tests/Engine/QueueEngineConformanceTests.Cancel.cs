using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Tests.Engine;

public abstract partial class QueueEngineConformanceTests
{
    [Fact]
    public async Task Cancelling_a_pending_job_removes_it_and_fails_it()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var keep = Job();
        var cancel = Job();
        await engine.EnqueueManyAsync([keep, cancel]);
        var wait = engine.WaitForResultAsync(cancel.Id, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(CancelOutcome.Cancelled, await engine.CancelAsync(cancel.Id));

        var record = (await engine.GetJobAsync(cancel.Id))!;
        Assert.Equal(JobStatus.Failed, record.Status);
        Assert.Equal("cancelled before it ran", record.Error);
        Assert.Equal("JobCancelled", record.ErrorType);
        Assert.Equal(Start.AddSeconds(1), record.CompletedAt);
        var result = await Within(wait, "the result of a cancelled job");
        Assert.Equal(JobStatus.Failed, result.Status);
        Assert.Equal("JobCancelled", result.ErrorType);
        Assert.Equal(keep.Id, Assert.Single(await engine.FetchAsync(Request("default"))).Id);
        Assert.Equal(CancelOutcome.AlreadyFinished, await engine.CancelAsync(cancel.Id));
        Assert.Equal(0, (await engine.GetQueueDepthsAsync()).Dead);
    }

    [Fact]
    public async Task Cancelling_a_scheduled_job_removes_it_from_the_schedule()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var job = Job(scheduledFor: Start.AddMinutes(10));
        await engine.EnqueueAsync(job);

        Assert.Equal(CancelOutcome.Cancelled, await engine.CancelAsync(job.Id));

        Assert.Null(await engine.GetNextScheduledAsync());
        time.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(0, await engine.PromoteDueAsync(10));
        Assert.Empty(await engine.FetchAsync(Request("default")));
        Assert.Equal("JobCancelled", (await engine.GetResultAsync(job.Id))!.ErrorType);
    }

    [Fact]
    public async Task Cancelling_a_processing_job_signals_its_worker()
    {
        var (engine, _) = await NewEngineAsync();
        await using var _e = engine;
        var job = Job();
        await engine.EnqueueAsync(job);
        var fetched = Assert.Single(await engine.FetchAsync(Request("default")));
        var signalled = new TaskCompletionSource<JobId>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (await engine.SubscribeCancellationsAsync(id => signalled.TrySetResult(id)))
        {
            Assert.Equal(CancelOutcome.Signalled, await engine.CancelAsync(job.Id));
            Assert.Equal(job.Id, await Within(signalled.Task, "the cancel signal"));
        }

        Assert.Equal(JobStatus.Processing, (await engine.GetJobAsync(job.Id))!.Status);
        Assert.True(await AckAsync(engine, fetched));
        Assert.Equal(CancelOutcome.AlreadyFinished, await engine.CancelAsync(job.Id));
        Assert.Equal(CancelOutcome.NotFound, await engine.CancelAsync(JobId.New()));
    }

    [Fact]
    public async Task Dead_jobs_are_listed_newest_first_requeued_and_deleted()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var jobs = Enumerable.Range(0, 3).Select(i => Job(i == 1 ? "gpu" : "default", Priority.Low)).ToList();
        foreach (var job in jobs)
        {
            await engine.EnqueueAsync(job);
            var fetched = Assert.Single(await engine.FetchAsync(Request("gpu,default")));
            Assert.Equal(FailOutcome.DeadLettered, await engine.FailAsync(Failure(fetched, time.GetUtcNow(), permanent: true)));
            time.Advance(TimeSpan.FromSeconds(1)); // newest first by the time of death: the per-route layout merges its routes' lists by it
        }

        Assert.Equal(new[] { jobs[2].Id, jobs[1].Id, jobs[0].Id }, (await engine.ListDeadAsync(0, 10)).Select(j => j.Id).ToArray());
        Assert.Equal(new[] { jobs[1].Id }, (await engine.ListDeadAsync(1, 1)).Select(j => j.Id).ToArray());
        Assert.Empty(await engine.ListDeadAsync(3, 10));

        Assert.True(await engine.RequeueDeadAsync(jobs[1].Id));
        Assert.False(await engine.RequeueDeadAsync(jobs[1].Id));
        var requeued = (await engine.GetJobAsync(jobs[1].Id))!;
        Assert.Equal(JobStatus.Pending, requeued.Status);
        Assert.Equal(0, requeued.Attempts);
        Assert.Null(requeued.CompletedAt);
        Assert.Null(await engine.GetResultAsync(jobs[1].Id));
        Assert.Equal(new RouteDepth(0, 0, 1), (await engine.GetQueueDepthsAsync([RoutingKey.Parse("gpu")])).Routes[RoutingKey.Parse("gpu")]);
        var again = Assert.Single(await engine.FetchAsync(Request("gpu")));
        Assert.Equal(1, again.Job!.Attempts);

        Assert.True(await engine.DeleteDeadAsync(jobs[0].Id));
        Assert.False(await engine.DeleteDeadAsync(jobs[0].Id));
        Assert.Null(await engine.GetJobAsync(jobs[0].Id));
        Assert.Null(await engine.GetResultAsync(jobs[0].Id));
        Assert.Equal(new[] { jobs[2].Id }, (await engine.ListDeadAsync(0, 10)).Select(j => j.Id).ToArray());
        Assert.Equal(1, (await engine.GetQueueDepthsAsync()).Dead);

        Assert.False(await engine.RequeueDeadAsync(again.Id)); // processing, not dead
        Assert.False(await engine.DeleteDeadAsync(again.Id));
        Assert.False(await engine.RequeueDeadAsync(JobId.New()));
    }
}
