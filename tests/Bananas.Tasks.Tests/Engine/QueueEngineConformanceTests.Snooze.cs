using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>
/// Snooze (issue 13, feature 5): the handler asks for the job to run again later. The job is scheduled at the due time,
/// the attempt the fetch counted is given back, the snooze is counted, nothing is recorded as an error; fenced by the
/// lease token like ack and fail.
/// </summary>
public abstract partial class QueueEngineConformanceTests
{
    private static JobSnooze SnoozeOf(FetchedJob job, DateTimeOffset runAt, string? token = null) =>
        new(job.Id, token ?? job.LeaseToken, runAt, TimeSpan.FromMilliseconds(4));

    [Fact]
    public async Task Snooze_of_a_held_lease_schedules_the_job_without_counting_the_attempt_and_it_runs_again_when_due()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var job = Job(maxRetries: 3);
        await engine.EnqueueAsync(job);
        var fetched = Assert.Single(await engine.FetchAsync(Request("default", worker: "w-snooze")));
        Assert.Equal(1, fetched.Job!.Attempts);
        Assert.Equal(0, fetched.Job.Snoozes);
        var due = time.GetUtcNow().AddSeconds(30);

        Assert.True(await engine.SnoozeAsync(SnoozeOf(fetched, due)));

        var snoozed = (await engine.GetJobAsync(job.Id))!;
        Assert.Equal(JobStatus.Scheduled, snoozed.Status);
        Assert.Equal(due, snoozed.ScheduledFor);
        Assert.Equal(0, snoozed.Attempts);
        Assert.Equal(1, snoozed.Snoozes);
        Assert.Null(snoozed.Error);
        Assert.Null(snoozed.ErrorType);
        Assert.Empty(snoozed.ErrorHistory);
        Assert.Null(snoozed.WorkerId);
        Assert.Equal(time.GetUtcNow(), snoozed.UpdatedAt);
        Assert.Null(await engine.GetResultAsync(job.Id));
        var depths = await engine.GetQueueDepthsAsync([RoutingKey.Default]);
        Assert.Equal((1, 0, 0L), (depths.Scheduled, depths.Processing, depths.Routes[RoutingKey.Default].Total));
        Assert.Equal(due, await engine.GetNextScheduledAsync());
        Assert.False(await AckAsync(engine, fetched)); // the lease is gone with the snooze

        // not before its due time
        Assert.Empty(await engine.FetchAsync(Request("default")));
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, await engine.PromoteDueAsync(10));
        Assert.Empty(await engine.FetchAsync(Request("default")));

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await engine.PromoteDueAsync(10));
        var again = Assert.Single(await engine.FetchAsync(Request("default")));
        Assert.Equal(job.Id, again.Id);
        Assert.Equal(1, again.Job!.Attempts);
        Assert.Equal(1, again.Job.Snoozes);
        Assert.True(await AckAsync(engine, again, "\"ok\""));

        var done = (await engine.GetJobAsync(job.Id))!;
        Assert.Equal(JobStatus.Completed, done.Status);
        Assert.Equal(1, done.Attempts);
        Assert.Equal(1, done.Snoozes);
        Assert.Equal("\"ok\"", (await engine.GetResultAsync(job.Id))!.ResultJson);
    }

    [Fact]
    public async Task Snooze_after_a_failed_attempt_leaves_the_error_and_its_history_as_they_were()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var job = Job(maxRetries: 3);
        await engine.EnqueueAsync(job);
        var fetched = Assert.Single(await engine.FetchAsync(Request("default")));
        fetched = await FailAndRefetchAsync(engine, time, fetched, 1);
        Assert.Equal(2, fetched.Job!.Attempts);

        Assert.True(await engine.SnoozeAsync(SnoozeOf(fetched, time.GetUtcNow().AddMinutes(5))));

        var snoozed = (await engine.GetJobAsync(job.Id))!;
        Assert.Equal(JobStatus.Scheduled, snoozed.Status);
        Assert.Equal(1, snoozed.Attempts);
        Assert.Equal(1, snoozed.Snoozes);
        Assert.Equal("boom 1", snoozed.Error);
        Assert.Equal("System.InvalidOperationException", snoozed.ErrorType);
        Assert.Equal("boom 1", Assert.Single(snoozed.ErrorHistory).Error);
    }

    [Fact]
    public async Task Snooze_with_a_stale_token_is_refused_and_changes_nothing()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var job = Job();
        await engine.EnqueueAsync(job);
        var fetched = Assert.Single(await engine.FetchAsync(Request("default")));
        var before = (await engine.GetJobAsync(job.Id))!;
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.False(await engine.SnoozeAsync(SnoozeOf(fetched, time.GetUtcNow().AddSeconds(10), token: fetched.LeaseToken + "-stale")));

        var after = (await engine.GetJobAsync(job.Id))!;
        Assert.Equal(before, after with { ErrorHistory = before.ErrorHistory });
        Assert.Equal(JobStatus.Processing, after.Status);
        Assert.Equal(1, after.Attempts);
        Assert.Equal(0, after.Snoozes);
        var depths = await engine.GetQueueDepthsAsync([RoutingKey.Default]);
        Assert.Equal((0, 1), (depths.Scheduled, depths.Processing));
        Assert.Null(await engine.GetNextScheduledAsync());
        // the real lease still works, and a second snooze under it once it is spent is refused
        Assert.True(await engine.SnoozeAsync(SnoozeOf(fetched, time.GetUtcNow().AddSeconds(10))));
        Assert.False(await engine.SnoozeAsync(SnoozeOf(fetched, time.GetUtcNow().AddSeconds(20))));
        var once = (await engine.GetJobAsync(job.Id))!;
        Assert.Equal(1, once.Snoozes);
        Assert.Equal(time.GetUtcNow().AddSeconds(10), once.ScheduledFor);
    }

    [Fact]
    public async Task Snooze_repeated_ten_times_never_uses_up_the_retries_even_with_max_retries_zero()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var job = Job(maxRetries: 0);
        await engine.EnqueueAsync(job);
        for (int n = 1; n <= 10; n++)
        {
            var fetched = Assert.Single(await engine.FetchAsync(Request("default")));
            Assert.Equal(1, fetched.Job!.Attempts);
            Assert.Equal(n - 1, fetched.Job.Snoozes);
            // a due time of now still goes through the scheduled set, as a retry does: the next promotion queues it
            Assert.True(await engine.SnoozeAsync(SnoozeOf(fetched, time.GetUtcNow())));
            Assert.Equal(JobStatus.Scheduled, (await engine.GetJobAsync(job.Id))!.Status);
            Assert.Empty(await engine.FetchAsync(Request("default")));
            time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.Equal(1, await engine.PromoteDueAsync(10));
        }

        var eleventh = Assert.Single(await engine.FetchAsync(Request("default")));
        Assert.Equal(1, eleventh.Job!.Attempts);
        Assert.Equal(10, eleventh.Job.Snoozes);
        Assert.Empty(await engine.ListDeadAsync(0, 10));
        Assert.True(await AckAsync(engine, eleventh));
        var done = (await engine.GetJobAsync(job.Id))!;
        Assert.Equal(JobStatus.Completed, done.Status);
        Assert.Equal((1, 10), (done.Attempts, done.Snoozes));
    }

    [Fact]
    public async Task Snooze_after_the_lease_expired_and_was_recovered_is_refused()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var job = Job(maxRetries: 3);
        await engine.EnqueueAsync(job);
        var fetched = Assert.Single(await engine.FetchAsync(Request("default", worker: "w-gone", lease: TimeSpan.FromSeconds(5))));
        time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(1, await engine.RecoverExpiredLeasesAsync(10));

        Assert.False(await engine.SnoozeAsync(SnoozeOf(fetched, time.GetUtcNow().AddSeconds(30))));

        var recovered = (await engine.GetJobAsync(job.Id))!;
        Assert.Equal(JobStatus.Pending, recovered.Status);
        Assert.Equal(1, recovered.Attempts);
        Assert.Equal(0, recovered.Snoozes);
        Assert.Null(await engine.GetNextScheduledAsync());
        var again = Assert.Single(await engine.FetchAsync(Request("default")));
        Assert.Equal(2, again.Job!.Attempts);
        Assert.Equal(0, again.Job.Snoozes);
    }
}
