using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Tests.Engine;

public abstract partial class QueueEngineConformanceTests
{
    [Fact]
    public async Task Ack_stores_a_readable_result()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var job = Job();
        await engine.EnqueueAsync(job);
        var fetched = Assert.Single(await engine.FetchAsync(Request("default")));
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.Null(await engine.GetResultAsync(job.Id));

        Assert.Equal(new[] { true }, await engine.AckAsync([new JobCompletion(job.Id, fetched.LeaseToken, "{\"size\":42}", TimeSpan.FromMilliseconds(2500))]));

        var result = (await engine.GetResultAsync(job.Id))!;
        Assert.Equal(job.Id, result.Id);
        Assert.Equal(JobStatus.Completed, result.Status);
        Assert.Equal("{\"size\":42}", result.ResultJson);
        Assert.Null(result.Error);
        Assert.Equal(Start.AddSeconds(3), result.CompletedAt);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), result.Duration);
        var record = (await engine.GetJobAsync(job.Id))!;
        Assert.Equal(JobStatus.Completed, record.Status);
        Assert.Equal(Start.AddSeconds(3), record.CompletedAt);
        Assert.Null(record.WorkerId);
        var depths = await engine.GetQueueDepthsAsync();
        Assert.Equal(0, depths.Processing);
        Assert.Equal(0, depths.Routes[RoutingKey.Default].Total);
    }

    [Fact]
    public async Task Waiting_for_a_job_that_already_finished_returns_its_result()
    {
        var (engine, _) = await NewEngineAsync();
        await using var _e = engine;
        var job = Job();
        await engine.EnqueueAsync(job);
        await AckAsync(engine, Assert.Single(await engine.FetchAsync(Request("default"))), result: "7");

        var result = await Within(engine.WaitForResultAsync(job.Id, CancellationToken.None), "a stored result");

        Assert.Equal("7", result.ResultJson);
    }

    [Fact]
    public async Task Waiting_for_a_job_that_finishes_later_returns_when_it_does()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var job = Job();
        var other = Job();
        await engine.EnqueueManyAsync([job, other]);
        var waits = Enumerable.Range(0, 3).Select(_ => engine.WaitForResultAsync(job.Id, CancellationToken.None)).ToList();
        var fetched = await engine.FetchAsync(Request("default"));
        await AckAsync(engine, fetched.Single(f => f.Id == other.Id));
        await Task.Delay(50);
        Assert.All(waits, w => Assert.False(w.IsCompleted));

        await engine.FailAsync(Failure(fetched.Single(f => f.Id == job.Id), time.GetUtcNow(), permanent: true));

        foreach (var wait in waits)
        {
            var result = await Within(wait, "the result of a job that finished after the wait began");
            Assert.Equal(JobStatus.Failed, result.Status);
            Assert.Equal("boom", result.Error);
        }
    }

    [Fact]
    public async Task Cancelling_a_wait_stops_the_wait_not_the_job()
    {
        var (engine, _) = await NewEngineAsync();
        await using var _e = engine;
        var job = Job();
        await engine.EnqueueAsync(job);
        using var cts = new CancellationTokenSource();
        var wait = engine.WaitForResultAsync(job.Id, cts.Token);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        Assert.Equal(JobStatus.Pending, (await engine.GetJobAsync(job.Id))!.Status);
        var later = engine.WaitForResultAsync(job.Id, CancellationToken.None);
        await AckAsync(engine, Assert.Single(await engine.FetchAsync(Request("default"))), result: "1");
        Assert.Equal("1", (await Within(later, "the result after an earlier wait was cancelled")).ResultJson);
    }
}
