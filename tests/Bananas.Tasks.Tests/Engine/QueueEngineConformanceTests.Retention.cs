using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>
/// The completion contract (docs/wire-format.md "Completion"): one record per job, waiting for every task (with or
/// without a result), and retention as a policy — globally (<see cref="QueueEngineOptions.KeepCompleted"/>) and per
/// completion (<see cref="JobCompletion.KeepCompleted"/>, a task's <c>KeepCompletedSeconds</c>); dead jobs never removed.
/// </summary>
public abstract partial class QueueEngineConformanceTests
{
    [Fact]
    public async Task Waiting_works_for_a_task_that_returns_nothing()
    {
        var (engine, _) = await NewEngineAsync();
        await using var _e = engine;
        var job = Job();
        await engine.EnqueueAsync(job);
        var wait = engine.WaitForResultAsync(job.Id, CancellationToken.None);
        await Task.Delay(50);
        Assert.False(wait.IsCompleted);

        Assert.True(await AckAsync(engine, Assert.Single(await engine.FetchAsync(Request("default"))), result: null));

        var result = await Within(wait, "the completion of a task without a result");
        Assert.Equal(JobStatus.Completed, result.Status);
        Assert.Null(result.ResultJson);
        Assert.Equal(TimeSpan.FromMilliseconds(5), result.Duration);
        var later = await Within(engine.WaitForResultAsync(job.Id, CancellationToken.None), "a finished task without a result");
        Assert.Equal(JobStatus.Completed, later.Status);
        Assert.Null((await engine.GetResultAsync(job.Id))!.ResultJson);
    }

    [Fact]
    public async Task Retention_zero_deletes_a_completed_job_at_once()
    {
        var (engine, _) = await NewEngineAsync(o => o.KeepCompleted = TimeSpan.Zero);
        await using var _e = engine;
        var job = Job();
        await engine.EnqueueAsync(job);

        Assert.True(await AckAsync(engine, Assert.Single(await engine.FetchAsync(Request("default"))), result: "3"));

        Assert.Null(await engine.GetJobAsync(job.Id));
        Assert.Null(await engine.GetResultAsync(job.Id));
        Assert.Equal(0, (await engine.GetQueueDepthsAsync()).Processing);
        Assert.True(await engine.EnqueueAsync(job)); // the id is free again: a new job can take it
        Assert.Equal(JobStatus.Pending, (await engine.GetJobAsync(job.Id))!.Status);
    }

    [Fact]
    public async Task Retention_zero_of_one_completion_overrides_the_engine_default_and_a_positive_one_keeps_it()
    {
        var (engine, _) = await NewEngineAsync();
        await using var _e = engine;
        var dropped = Job();
        var kept = Job();
        await engine.EnqueueManyAsync([dropped, kept]);
        var fetched = await engine.FetchAsync(Request("default"));

        var acked = await engine.AckAsync([
            new JobCompletion(dropped.Id, fetched.Single(f => f.Id == dropped.Id).LeaseToken, "1", TimeSpan.Zero, KeepCompleted: TimeSpan.Zero),
            new JobCompletion(kept.Id, fetched.Single(f => f.Id == kept.Id).LeaseToken, "2", TimeSpan.Zero, KeepCompleted: TimeSpan.FromMinutes(5)),
        ]);

        Assert.Equal(new[] { true, true }, acked);
        Assert.Null(await engine.GetJobAsync(dropped.Id));
        Assert.Equal("2", (await engine.GetResultAsync(kept.Id))!.ResultJson);
    }

    [Fact]
    public async Task Retention_zero_still_hands_the_result_to_a_waiter()
    {
        var (engine, _) = await NewEngineAsync(o => o.KeepCompleted = TimeSpan.Zero);
        await using var _e = engine;
        var job = Job();
        await engine.EnqueueAsync(job);
        var wait = engine.WaitForResultAsync(job.Id, CancellationToken.None);
        await Task.Delay(50); // the waiter has marked the job

        Assert.True(await AckAsync(engine, Assert.Single(await engine.FetchAsync(Request("default"))), result: "\"kept for the waiter\""));

        Assert.Equal("\"kept for the waiter\"", (await Within(wait, "the result of a job with retention zero")).ResultJson);
    }

    [Fact]
    public async Task Retention_zero_never_removes_a_dead_job()
    {
        var (engine, time) = await NewEngineAsync(o => o.KeepCompleted = TimeSpan.Zero);
        await using var _e = engine;
        var job = Job();
        await engine.EnqueueAsync(job);

        Assert.Equal(FailOutcome.DeadLettered, await engine.FailAsync(Failure(Assert.Single(await engine.FetchAsync(Request("default"))), time.GetUtcNow(), permanent: true)));

        Assert.Equal(JobStatus.Failed, (await engine.GetJobAsync(job.Id))!.Status);
        var result = (await engine.GetResultAsync(job.Id))!;
        Assert.Equal(JobStatus.Failed, result.Status);
        Assert.Equal("boom", result.Error);
        Assert.Equal(TimeSpan.FromMilliseconds(7), result.Duration);
        Assert.Equal(job.Id, Assert.Single(await engine.ListDeadAsync(0, 10)).Id);
    }

    [Fact]
    public async Task A_dead_job_keeps_its_outcome_past_the_result_ttl_until_it_is_requeued()
    {
        var (engine, time) = await NewEngineAsync(o => o.ResultTtl = TimeSpan.FromSeconds(1));
        await using var _e = engine;
        var job = Job();
        await engine.EnqueueAsync(job);
        await engine.FailAsync(Failure(Assert.Single(await engine.FetchAsync(Request("default"))), time.GetUtcNow(), permanent: true));
        time.Advance(TimeSpan.FromSeconds(5));
        await Task.Delay(1100); // Redis expires by its own clock

        Assert.Equal(JobStatus.Failed, (await engine.GetResultAsync(job.Id))!.Status);

        Assert.True(await engine.RequeueDeadAsync(job.Id));
        Assert.Null(await engine.GetResultAsync(job.Id));
        Assert.True(await AckAsync(engine, Assert.Single(await engine.FetchAsync(Request("default"))), result: "9"));
        var after = (await engine.GetResultAsync(job.Id))!;
        Assert.Equal(JobStatus.Completed, after.Status);
        Assert.Equal("9", after.ResultJson);
        Assert.Null(after.Error);
    }

    [Fact]
    public async Task A_negative_retention_is_refused_with_a_clear_error()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => NewEngineAsync(o => o.KeepCompleted = TimeSpan.FromSeconds(-1)));
        Assert.Contains("KeepCompleted", error.Message);

        var (engine, _) = await NewEngineAsync();
        await using var _e = engine;
        var job = Job();
        await engine.EnqueueAsync(job);
        var fetched = Assert.Single(await engine.FetchAsync(Request("default")));
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => engine.AckAsync([new JobCompletion(job.Id, fetched.LeaseToken, null, TimeSpan.Zero, TimeSpan.FromSeconds(-5))]));
        Assert.Contains("KeepCompleted", refused.Message);
        Assert.Equal(JobStatus.Processing, (await engine.GetJobAsync(job.Id))!.Status);
    }
}

/// <summary>
/// A job marked for its outcome at enqueue (<see cref="JobRecord.NotifyResult"/>, what <c>EnqueueAndWaitAsync</c>
/// enqueues) that completes before its waiter starts waiting: with retention zero its record is kept for the waiter.
/// Before, it was deleted at completion and the waiter waited until its timeout (a flaky generator test under load).
/// </summary>
public abstract partial class QueueEngineConformanceTests
{
    [Fact]
    public async Task A_job_marked_at_enqueue_that_finishes_before_the_wait_is_kept_for_the_waiter()
    {
        var (engine, _) = await NewEngineAsync(o => o.KeepCompleted = TimeSpan.Zero);
        await using var _e = engine;
        var job = Job() with { NotifyResult = true };
        await engine.EnqueueAsync(job);
        Assert.True((await engine.GetJobAsync(job.Id))!.NotifyResult);

        Assert.True(await AckAsync(engine, Assert.Single(await engine.FetchAsync(Request("default"))), result: "7"));

        var result = await Within(engine.WaitForResultAsync(job.Id, CancellationToken.None), "the outcome of a job that finished before the wait");
        Assert.Equal(JobStatus.Completed, result.Status);
        Assert.Equal("7", result.ResultJson);
    }
}
