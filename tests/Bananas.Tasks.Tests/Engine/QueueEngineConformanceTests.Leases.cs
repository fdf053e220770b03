using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Tests.Engine;

public abstract partial class QueueEngineConformanceTests
{
    [Fact]
    public async Task Ack_and_fail_with_a_stale_lease_token_are_refused()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var job = Job();
        await engine.EnqueueAsync(job);
        var fetched = Assert.Single(await engine.FetchAsync(Request("default")));

        Assert.False(await AckAsync(engine, fetched, token: "someone-else:123"));
        Assert.Equal(FailOutcome.LeaseLost, await engine.FailAsync(Failure(fetched, time.GetUtcNow(), token: "someone-else:123")));
        Assert.False(await engine.ReleaseAsync(new LeaseRef(job.Id, "someone-else:123")));
        Assert.Equal(JobStatus.Processing, (await engine.GetJobAsync(job.Id))!.Status);

        Assert.True(await AckAsync(engine, fetched));
        Assert.False(await AckAsync(engine, fetched)); // the lease ended with the first ack
        Assert.Equal(FailOutcome.LeaseLost, await engine.FailAsync(Failure(fetched, time.GetUtcNow())));
        Assert.Equal(JobStatus.Completed, (await engine.GetJobAsync(job.Id))!.Status);
        Assert.Equal(new[] { false }, await engine.AckAsync([new JobCompletion(JobId.New(), "x", null, TimeSpan.Zero)]));
    }

    [Fact]
    public async Task Ack_of_a_batch_reports_each_completion()
    {
        var (engine, _) = await NewEngineAsync();
        await using var _e = engine;
        await engine.EnqueueManyAsync([Job(), Job(), Job()]);
        var fetched = await engine.FetchAsync(Request("default"));

        var outcome = await engine.AckAsync(
        [
            new JobCompletion(fetched[0].Id, fetched[0].LeaseToken, "1", TimeSpan.FromMilliseconds(1)),
            new JobCompletion(fetched[1].Id, "stale", "2", TimeSpan.FromMilliseconds(1)),
            new JobCompletion(fetched[2].Id, fetched[2].LeaseToken, null, TimeSpan.FromMilliseconds(1)),
        ]);

        Assert.Equal(new[] { true, false, true }, outcome);
        Assert.Equal(1, (await engine.GetQueueDepthsAsync()).Processing);
        Assert.Null((await engine.GetResultAsync(fetched[2].Id))!.ResultJson);
        Assert.Null(await engine.GetResultAsync(fetched[1].Id));
    }

    [Fact]
    public async Task Renewed_leases_outlive_their_first_deadline()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var job = Job();
        await engine.EnqueueAsync(job);
        var fetched = Assert.Single(await engine.FetchAsync(Request("default", lease: TimeSpan.FromSeconds(10))));

        time.Advance(TimeSpan.FromSeconds(8));
        Assert.Empty(await engine.RenewLeasesAsync([fetched.Lease], TimeSpan.FromSeconds(10)));
        time.Advance(TimeSpan.FromSeconds(8)); // 16 s: past the first deadline, before the renewed one (18 s)
        Assert.Equal(0, await engine.RecoverExpiredLeasesAsync(10));
        Assert.Equal(JobStatus.Processing, (await engine.GetJobAsync(job.Id))!.Status);

        var stranger = new LeaseRef(job.Id, "not-the-token");
        var unknown = new LeaseRef(JobId.New(), "x");
        Assert.Equal(new[] { job.Id, unknown.Id }, await engine.RenewLeasesAsync([stranger, fetched.Lease, unknown], TimeSpan.FromSeconds(10)));

        time.Advance(TimeSpan.FromSeconds(10)); // 26 s = the deadline of the last renewal
        Assert.Equal(1, await engine.RecoverExpiredLeasesAsync(10));
        Assert.Equal(new[] { job.Id }, await engine.RenewLeasesAsync([fetched.Lease], TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_job_whose_worker_vanished_is_recovered_and_completed_by_another_worker()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var job = Job("gpu", Priority.High, maxRetries: 3);
        var queuedBehind = Job("gpu", Priority.High);
        await engine.EnqueueAsync(job);
        var lost = Assert.Single(await engine.FetchAsync(Request("gpu", worker: "worker-A", lease: TimeSpan.FromSeconds(30))));
        await engine.EnqueueAsync(queuedBehind);

        time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, await engine.RecoverExpiredLeasesAsync(10));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, await engine.RecoverExpiredLeasesAsync(10));
        Assert.Equal(0, await engine.RecoverExpiredLeasesAsync(10));

        var recovered = (await engine.GetJobAsync(job.Id))!;
        Assert.Equal(JobStatus.Pending, recovered.Status);
        Assert.Equal("lease expired: worker 'worker-A' stopped renewing it during attempt 1", recovered.Error);
        Assert.Equal("LeaseExpired", recovered.ErrorType);
        Assert.Null(recovered.WorkerId);

        var again = (await engine.FetchAsync(Request("gpu", maxJobs: 1, worker: "worker-B")))[0];
        Assert.Equal(job.Id, again.Id); // back at the FRONT of its queue
        Assert.Equal(2, again.Job!.Attempts);
        Assert.Equal("worker-B", again.Job.WorkerId);
        Assert.False(await AckAsync(engine, lost)); // the vanished worker's token is fenced off
        Assert.True(await AckAsync(engine, again, result: "\"done\""));
        Assert.Equal(JobStatus.Completed, (await engine.GetJobAsync(job.Id))!.Status);
        Assert.Equal("\"done\"", (await engine.GetResultAsync(job.Id))!.ResultJson);
    }

    [Fact]
    public async Task An_expired_lease_on_the_last_allowed_attempt_dead_letters_the_job()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var job = Job(maxRetries: 0);
        await engine.EnqueueAsync(job);
        Assert.Single(await engine.FetchAsync(Request("default", worker: "w-9", lease: TimeSpan.FromSeconds(5))));
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(1, await engine.RecoverExpiredLeasesAsync(10));

        var dead = Assert.Single(await engine.ListDeadAsync(0, 10));
        Assert.Equal(JobStatus.Failed, dead.Status);
        Assert.Equal("LeaseExpired", dead.ErrorType);
        Assert.Equal(JobStatus.Failed, (await engine.GetResultAsync(job.Id))!.Status);
        Assert.Empty(await engine.FetchAsync(Request("default")));
    }

    [Fact]
    public async Task Concurrent_recoveries_never_queue_a_job_twice()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        await engine.EnqueueManyAsync(Enumerable.Range(0, 300).Select(_ => Job()).ToList());
        Assert.Equal(300, (await engine.FetchAsync(Request("default", maxJobs: 300, lease: TimeSpan.FromSeconds(5)))).Count);
        time.Advance(TimeSpan.FromSeconds(6));

        var counts = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            int total = 0, n;
            while ((n = await engine.RecoverExpiredLeasesAsync(20)) > 0) total += n;
            return total;
        })));

        Assert.Equal(300, counts.Sum());
        var depths = await engine.GetQueueDepthsAsync([RoutingKey.Default]);
        Assert.Equal(300, depths.Routes[RoutingKey.Default].Total);
        Assert.Equal(0, depths.Processing);
    }

    [Fact]
    public async Task Release_puts_the_job_back_at_the_front_without_counting_the_attempt()
    {
        var (engine, _) = await NewEngineAsync();
        await using var _e = engine;
        var first = Job();
        var second = Job();
        await engine.EnqueueManyAsync([first, second]);
        var fetched = (await engine.FetchAsync(Request("default", maxJobs: 1)))[0];
        Assert.Equal(first.Id, fetched.Id);
        Assert.Equal(1, fetched.Job!.Attempts);

        Assert.True(await engine.ReleaseAsync(fetched.Lease));
        Assert.False(await engine.ReleaseAsync(fetched.Lease));

        var released = (await engine.GetJobAsync(first.Id))!;
        Assert.Equal(JobStatus.Pending, released.Status);
        Assert.Equal(0, released.Attempts);
        Assert.Null(released.WorkerId);
        var again = (await engine.FetchAsync(Request("default", maxJobs: 1)))[0];
        Assert.Equal(first.Id, again.Id);
        Assert.Equal(1, again.Job!.Attempts);
        Assert.False(await AckAsync(engine, fetched));
    }
}
