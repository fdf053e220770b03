using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>
/// Unique jobs (issue 13 item 1; docs/flow-control.md "Unique jobs"): a job's lock blocks a second job with the same lock
/// while the first is in its scope; the check and the lock are atomic with the store. The lock's own expiry (ForPeriod,
/// a bound) is on Redis's clock there, on the engine's clock in memory: <c>RedisUniqueLockTests</c> and
/// <c>InMemoryUniqueLockTests</c> cover it.
/// </summary>
public abstract partial class QueueEngineConformanceTests
{
    private static JobRecord Unique(UniqueScope scope, string lockName = "work:k1", TimeSpan? bound = null, DateTimeOffset? scheduledFor = null, int maxRetries = 3) =>
        Job(scheduledFor: scheduledFor, maxRetries: maxRetries) with { UniqueLock = lockName, UniqueScope = scope, UniqueFor = bound };

    [Fact]
    public async Task A_unique_job_while_queued_blocks_a_second_until_it_starts()
    {
        var (engine, _) = await NewEngineAsync();
        await using var _e = engine;
        var first = Unique(UniqueScope.WhileQueued);
        Assert.Equal(new EnqueueOutcome(true, null), await engine.TryEnqueueAsync(first));

        var second = Unique(UniqueScope.WhileQueued);
        Assert.Equal(new EnqueueOutcome(false, first.Id), await engine.TryEnqueueAsync(second));
        Assert.Null(await engine.GetJobAsync(second.Id));
        Assert.False(await engine.EnqueueAsync(Unique(UniqueScope.WhileQueued)));
        // Another lock, and a job that is not unique, are not blocked.
        Assert.True(await engine.EnqueueAsync(Unique(UniqueScope.WhileQueued, "work:k2")));
        Assert.True(await engine.EnqueueAsync(Job()));

        var fetched = await engine.FetchAsync(Request("default", maxJobs: 1));
        Assert.Equal(first.Id, Assert.Single(fetched).Id);
        Assert.Equal(first.UniqueLock, fetched[0].Job!.UniqueLock);
        Assert.Equal(UniqueScope.WhileQueued, fetched[0].Job!.UniqueScope);
        // Running: out of the WhileQueued scope, so the next one is stored and takes the lock.
        var third = Unique(UniqueScope.WhileQueued);
        Assert.Equal(new EnqueueOutcome(true, null), await engine.TryEnqueueAsync(third));
        Assert.Equal(new EnqueueOutcome(false, third.Id), await engine.TryEnqueueAsync(Unique(UniqueScope.WhileQueued)));
    }

    [Fact]
    public async Task A_unique_job_while_queued_or_running_blocks_until_it_completes()
    {
        var (engine, _) = await NewEngineAsync();
        await using var _e = engine;
        var first = Unique(UniqueScope.WhileQueuedOrRunning);
        await engine.EnqueueAsync(first);
        var fetched = Assert.Single(await engine.FetchAsync(Request("default")));
        Assert.Equal(first.Id, (await engine.TryEnqueueAsync(Unique(UniqueScope.WhileQueuedOrRunning))).DuplicateOf);

        Assert.True(await AckAsync(engine, fetched));

        var next = Unique(UniqueScope.WhileQueuedOrRunning);
        Assert.Equal(new EnqueueOutcome(true, null), await engine.TryEnqueueAsync(next));
        Assert.Equal(next.Id, (await engine.TryEnqueueAsync(Unique(UniqueScope.WhileQueuedOrRunning))).DuplicateOf);
    }

    [Fact]
    public async Task A_unique_job_frees_its_lock_when_dead_lettered_or_cancelled()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var dying = Unique(UniqueScope.WhileQueuedOrRunning);
        await engine.EnqueueAsync(dying);
        var fetched = Assert.Single(await engine.FetchAsync(Request("default")));
        Assert.Equal(FailOutcome.DeadLettered, await engine.FailAsync(Failure(fetched, time.GetUtcNow(), permanent: true)));
        var cancelled = Unique(UniqueScope.WhileQueuedOrRunning);
        Assert.True(await engine.EnqueueAsync(cancelled));

        Assert.Equal(CancelOutcome.Cancelled, await engine.CancelAsync(cancelled.Id));
        Assert.True(await engine.EnqueueAsync(Unique(UniqueScope.WhileQueuedOrRunning)));
    }

    [Fact]
    public async Task A_retry_waiting_and_a_job_requeued_after_its_lease_expired_still_hold_the_lock()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var first = Unique(UniqueScope.WhileQueued);
        await engine.EnqueueAsync(first);
        var attempt = Assert.Single(await engine.FetchAsync(Request("default")));
        Assert.Equal(FailOutcome.Retrying, await engine.FailAsync(Failure(attempt, time.GetUtcNow().AddMinutes(1))));
        // Waiting for its retry (scheduled): in the WhileQueued scope again.
        Assert.Equal(first.Id, (await engine.TryEnqueueAsync(Unique(UniqueScope.WhileQueued))).DuplicateOf);

        time.Advance(TimeSpan.FromMinutes(1));
        await engine.MaintainAsync(100);
        Assert.Single(await engine.FetchAsync(Request("default", lease: TimeSpan.FromSeconds(5))));
        time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(1, (await engine.MaintainAsync(100)).Recovered);
        Assert.Equal(JobStatus.Pending, (await engine.GetJobAsync(first.Id))!.Status);
        Assert.Equal(first.Id, (await engine.TryEnqueueAsync(Unique(UniqueScope.WhileQueued))).DuplicateOf);
    }

    [Fact]
    public async Task A_unique_job_for_a_period_blocks_after_it_completed()
    {
        var (engine, _) = await NewEngineAsync();
        await using var _e = engine;
        var first = Unique(UniqueScope.ForPeriod, bound: TimeSpan.FromHours(1));
        await engine.EnqueueAsync(first);
        Assert.True(await AckAsync(engine, Assert.Single(await engine.FetchAsync(Request("default")))));

        Assert.Equal(first.Id, (await engine.TryEnqueueAsync(Unique(UniqueScope.ForPeriod, bound: TimeSpan.FromHours(1)))).DuplicateOf);
    }

    [Fact]
    public async Task Enqueuing_the_holder_again_by_id_is_the_idempotent_no_op_not_a_duplicate()
    {
        var (engine, _) = await NewEngineAsync();
        await using var _e = engine;
        var first = Unique(UniqueScope.WhileQueued);
        await engine.EnqueueAsync(first);

        Assert.Equal(new EnqueueOutcome(false, null), await engine.TryEnqueueAsync(first));
    }

    [Fact]
    public async Task Two_jobs_with_one_lock_in_one_batch_store_only_the_first()
    {
        var (engine, _) = await NewEngineAsync();
        await using var _e = engine;
        var a = Unique(UniqueScope.WhileQueued);
        var b = Unique(UniqueScope.WhileQueued);
        var other = Unique(UniqueScope.WhileQueued, "work:other");

        Assert.Equal(2, await engine.EnqueueManyAsync([a, b, other]));

        Assert.NotNull(await engine.GetJobAsync(a.Id));
        Assert.Null(await engine.GetJobAsync(b.Id));
        Assert.NotNull(await engine.GetJobAsync(other.Id));
        Assert.Equal(2, (await engine.FetchAsync(Request("default"))).Count);
    }

    [Fact]
    public async Task A_lock_whose_job_is_gone_is_free()
    {
        var (engine, _) = await NewEngineAsync(o => o.KeepCompleted = TimeSpan.Zero);
        await using var _e = engine;
        // WhileQueued: the lock stays behind while the job runs; the job is deleted at completion (retention zero).
        var first = Unique(UniqueScope.WhileQueued);
        await engine.EnqueueAsync(first);
        var fetched = Assert.Single(await engine.FetchAsync(Request("default")));
        Assert.True(await AckAsync(engine, fetched));
        Assert.Null(await engine.GetJobAsync(first.Id));

        Assert.True(await engine.EnqueueAsync(Unique(UniqueScope.WhileQueued)));
    }
}
