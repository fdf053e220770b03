using Bananas.Tasks.Admin;
using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>
/// Concurrency limits, sequences (FIFO per key) and debounce/replace (issue 13 items 3, 4 and 6; docs/flow-control.md):
/// the same gates on both engines. A job held by a gate is Waiting, in no queue, its attempt not counted, and its gate
/// named in WaitingOn; the job ending ahead of it queues it again.
/// </summary>
public abstract partial class QueueEngineConformanceTests
{
    private static JobRecord Limited(int limit, string gate = "conc:work") =>
        Job() with { ConcurrencyKey = gate, ConcurrencyLimit = limit };

    private static JobRecord InSequence(string sequence, SequenceHold hold = SequenceHold.UntilCompletedOrDead, int maxRetries = 3, DateTimeOffset? scheduledFor = null) =>
        Job(maxRetries: maxRetries, scheduledFor: scheduledFor) with { SequenceLock = "work:" + sequence, SequenceHold = hold };

    private static JobRecord Debounced(string payload, DateTimeOffset now, TimeSpan window, string key = "work:k") =>
        Job(payload: payload, scheduledFor: now + window) with { DebounceLock = key, DebounceMode = DebounceMode.Debounce, DebounceWindow = window };

    private static JobRecord Replacing(string payload, DateTimeOffset? scheduledFor = null, string key = "work:k") =>
        Job(payload: payload, scheduledFor: scheduledFor) with { DebounceLock = key, DebounceMode = DebounceMode.Replace };

    private static async Task AssertWaitingAsync(IQueueEngine engine, JobId id, string gate, int attempts = 0)
    {
        var job = (await engine.GetJobAsync(id))!;
        Assert.Equal(JobStatus.Waiting, job.Status);
        Assert.Equal(gate, job.WaitingOn);
        Assert.Equal(attempts, job.Attempts);
    }

    [Fact]
    public async Task Jobs_over_their_concurrency_limit_wait_and_each_finishing_job_hands_its_slot_to_the_oldest()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var jobs = Enumerable.Range(0, 6).Select(_ => Limited(2)).ToList();
        await engine.EnqueueManyAsync(jobs);
        var longLease = Request("default", maxJobs: 10, lease: TimeSpan.FromMinutes(10)); // outlives the clock's moves below

        var running = await engine.FetchAsync(longLease);

        Assert.Equal(jobs.Take(2).Select(j => j.Id), running.Select(f => f.Id));
        foreach (var waiting in jobs.Skip(2)) await AssertWaitingAsync(engine, waiting.Id, "conc:work:waiting");
        Assert.Equal(0, (await engine.GetQueueDepthsAsync()).Routes[RoutingKey.Default].Total);

        // A completion, a retry, a snooze: each gives its slot to the job waiting longest, and to it only.
        Assert.True(await AckAsync(engine, running[0]));
        var third = Assert.Single(await engine.FetchAsync(longLease));
        Assert.Equal(jobs[2].Id, third.Id);
        Assert.Equal(FailOutcome.Retrying, await engine.FailAsync(Failure(running[1], time.GetUtcNow().AddMinutes(1))));
        var fourth = Assert.Single(await engine.FetchAsync(longLease));
        Assert.Equal(jobs[3].Id, fourth.Id);
        Assert.True(await engine.SnoozeAsync(new JobSnooze(third.Id, third.LeaseToken, time.GetUtcNow().AddMinutes(1), TimeSpan.Zero)));
        var fifth = Assert.Single(await engine.FetchAsync(longLease));
        Assert.Equal(jobs[4].Id, fifth.Id);
        await AssertWaitingAsync(engine, jobs[5].Id, "conc:work:waiting");

        // The retried and snoozed jobs come back due: over the limit, they wait like any other.
        time.Advance(TimeSpan.FromMinutes(2));
        await engine.MaintainAsync(100);
        var promoted = await engine.FetchAsync(longLease);
        Assert.True(promoted.Count == 0, "fetched " + string.Join(", ", promoted.Select(f => f.Id + " " + jobs.FindIndex(j => j.Id == f.Id))));
        Assert.Equal(JobStatus.Waiting, (await engine.GetJobAsync(jobs[1].Id))!.Status);
        Assert.Equal(1, (await engine.GetJobAsync(jobs[1].Id))!.Attempts); // the failed attempt counted; waiting did not
    }

    [Fact]
    public async Task A_crashed_workers_concurrency_slots_come_back_with_its_leases()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var jobs = Enumerable.Range(0, 2).Select(_ => Limited(1)).ToList();
        await engine.EnqueueManyAsync(jobs);
        var crashed = Assert.Single(await engine.FetchAsync(Request("default", lease: TimeSpan.FromSeconds(5))));
        await AssertWaitingAsync(engine, jobs[1].Id, "conc:work:waiting");

        // The worker stops renewing; recovery takes the lease back and with it the slot, which the waiting job gets.
        time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(1, (await engine.MaintainAsync(100)).Recovered);
        var next = await engine.FetchAsync(Request("default", maxJobs: 10));

        Assert.Equal(jobs[1].Id, Assert.Single(next).Id);
        await AssertWaitingAsync(engine, crashed.Id, "conc:work:waiting", attempts: 1); // its crashed run counted
    }

    [Fact]
    public async Task Each_concurrency_partition_has_its_own_slots_and_a_cancelled_waiter_leaves_its_gate()
    {
        var (engine, _) = await NewEngineAsync();
        await using var _e = engine;
        var a = Enumerable.Range(0, 3).Select(_ => Limited(1, "conc:work:a")).ToList();
        var b = Enumerable.Range(0, 2).Select(_ => Limited(1, "conc:work:b")).ToList();
        var free = Job();
        await engine.EnqueueManyAsync([.. a, .. b, free]);

        var first = await engine.FetchAsync(Request("default", maxJobs: 10));
        Assert.Equal(new[] { a[0].Id, b[0].Id, free.Id }.ToHashSet(), first.Select(f => f.Id).ToHashSet());

        Assert.Equal(CancelOutcome.Cancelled, await engine.CancelAsync(a[1].Id));
        var cancelled = (await engine.GetJobAsync(a[1].Id))!;
        Assert.Equal(JobStatus.Failed, cancelled.Status);
        Assert.Equal("JobCancelled", cancelled.ErrorType);

        Assert.True(await AckAsync(engine, first.Single(f => f.Id == a[0].Id)));
        Assert.Equal(a[2].Id, Assert.Single(await engine.FetchAsync(Request("default", maxJobs: 10))).Id);
    }

    [Fact]
    public async Task Jobs_of_a_sequence_run_one_at_a_time_in_enqueue_order_and_other_sequences_run_alongside()
    {
        var (engine, _) = await NewEngineAsync();
        await using var _e = engine;
        var s1 = Enumerable.Range(0, 3).Select(_ => InSequence("acct-1")).ToList();
        var s2 = InSequence("acct-2");
        await engine.EnqueueManyAsync([s1[0], s2, s1[1], s1[2]]);

        var first = await engine.FetchAsync(Request("default", maxJobs: 10));

        Assert.Equal(new[] { s1[0].Id, s2.Id }, first.Select(f => f.Id));
        await AssertWaitingAsync(engine, s1[1].Id, "seq:work:acct-1");
        await AssertWaitingAsync(engine, s1[2].Id, "seq:work:acct-1");
        Assert.True(await AckAsync(engine, first[0]));
        var second = Assert.Single(await engine.FetchAsync(Request("default", maxJobs: 10)));
        Assert.Equal(s1[1].Id, second.Id);
        Assert.True(await AckAsync(engine, second));
        Assert.Equal(s1[2].Id, Assert.Single(await engine.FetchAsync(Request("default", maxJobs: 10))).Id);
    }

    [Fact]
    public async Task A_failing_job_holds_its_sequence_through_its_retries_and_frees_it_when_dead()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var head = InSequence("acct", maxRetries: 1);
        var next = InSequence("acct");
        await engine.EnqueueManyAsync([head, next]);

        var run1 = Assert.Single(await engine.FetchAsync(Request("default")));
        Assert.Equal(FailOutcome.Retrying, await engine.FailAsync(Failure(run1, time.GetUtcNow().AddSeconds(10))));
        await AssertWaitingAsync(engine, next.Id, "seq:work:acct"); // the retry keeps its place: nothing overtakes it
        time.Advance(TimeSpan.FromSeconds(11));
        await engine.MaintainAsync(100);
        var run2 = Assert.Single(await engine.FetchAsync(Request("default")));
        Assert.Equal(head.Id, run2.Id);
        Assert.Equal(FailOutcome.DeadLettered, await engine.FailAsync(Failure(run2, time.GetUtcNow())));

        Assert.Equal(next.Id, Assert.Single(await engine.FetchAsync(Request("default"))).Id);
    }

    [Fact]
    public async Task A_dead_job_holding_until_completed_stops_its_sequence_until_it_is_requeued_and_succeeds_or_deleted()
    {
        var (engine, _) = await NewEngineAsync();
        await using var _e = engine;
        var head = InSequence("ledger", SequenceHold.UntilCompleted, maxRetries: 0);
        var second = InSequence("ledger", SequenceHold.UntilCompleted, maxRetries: 0);
        var third = InSequence("ledger", SequenceHold.UntilCompleted);
        await engine.EnqueueManyAsync([head, second, third]);

        var run = Assert.Single(await engine.FetchAsync(Request("default")));
        Assert.Equal(FailOutcome.DeadLettered, await engine.FailAsync(Failure(run, Start)));
        Assert.Empty(await engine.FetchAsync(Request("default")));
        await AssertWaitingAsync(engine, second.Id, "seq:work:ledger");

        // Requeued, the dead head runs again, still first; its success frees the sequence.
        Assert.True(await engine.RequeueDeadAsync(head.Id));
        var again = Assert.Single(await engine.FetchAsync(Request("default")));
        Assert.Equal(head.Id, again.Id);
        Assert.True(await AckAsync(engine, again));
        var run2 = Assert.Single(await engine.FetchAsync(Request("default")));
        Assert.Equal(second.Id, run2.Id);

        // Deleting a dead head frees it too.
        Assert.Equal(FailOutcome.DeadLettered, await engine.FailAsync(Failure(run2, Start)));
        Assert.Empty(await engine.FetchAsync(Request("default")));
        Assert.True(await engine.DeleteDeadAsync(second.Id));
        Assert.Equal(third.Id, Assert.Single(await engine.FetchAsync(Request("default"))).Id);
    }

    [Fact]
    public async Task Cancelling_a_sequence_head_queues_the_next_and_a_delayed_next_waits_for_its_time()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var head = InSequence("acct");
        var middle = InSequence("acct");
        var delayed = InSequence("acct", scheduledFor: Start.AddMinutes(5));
        await engine.EnqueueManyAsync([head, middle, delayed]);

        // a waiting member leaves without disturbing the order; the head's cancel queues the next live one
        Assert.Equal(CancelOutcome.Cancelled, await engine.CancelAsync(middle.Id));
        Assert.Equal(CancelOutcome.Cancelled, await engine.CancelAsync(head.Id));

        var woken = (await engine.GetJobAsync(delayed.Id))!;
        Assert.Equal(JobStatus.Scheduled, woken.Status);
        Assert.Null(woken.WaitingOn);
        Assert.Empty(await engine.FetchAsync(Request("default")));
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, (await engine.MaintainAsync(100)).Promoted);
        Assert.Equal(delayed.Id, Assert.Single(await engine.FetchAsync(Request("default"))).Id);
    }

    [Fact]
    public async Task A_debounced_enqueue_replaces_the_scheduled_jobs_arguments_and_pushes_it_back()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var window = TimeSpan.FromSeconds(10);
        var first = Debounced("""{"n":1}""", time.GetUtcNow(), window);
        Assert.True((await engine.TryEnqueueAsync(first)).Stored);

        time.Advance(TimeSpan.FromSeconds(6));
        var second = Debounced("""{"n":2}""", time.GetUtcNow(), window);
        var outcome = await engine.TryEnqueueAsync(second);

        Assert.Equal(new EnqueueOutcome(false, first.Id, Replaced: true), outcome);
        Assert.Null(await engine.GetJobAsync(second.Id));
        var job = (await engine.GetJobAsync(first.Id))!;
        Assert.Equal("""{"n":2}""", job.Payload);
        Assert.Equal(Start.AddSeconds(16), job.ScheduledFor);
        Assert.Equal(1, (await engine.GetQueueDepthsAsync()).Scheduled);
        time.Advance(TimeSpan.FromSeconds(5)); // the first due time has passed, the new one has not
        Assert.Equal(0, (await engine.MaintainAsync(100)).Promoted);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, (await engine.MaintainAsync(100)).Promoted);

        // Once it runs, the key answers no more: the next enqueue makes a new job.
        var running = Assert.Single(await engine.FetchAsync(Request("default")));
        Assert.Equal("""{"n":2}""", running.Job!.Payload);
        var third = Debounced("""{"n":3}""", time.GetUtcNow(), window);
        Assert.True((await engine.TryEnqueueAsync(third)).Stored);
    }

    [Fact]
    public async Task A_replacing_enqueue_keeps_the_due_time_and_replaces_a_pending_job_too()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var scheduled = Replacing("""{"v":1}""", Start.AddMinutes(1), key: "work:a");
        var pending = Replacing("""{"v":1}""", key: "work:b");
        await engine.EnqueueManyAsync([scheduled, pending]);

        var r1 = await engine.TryEnqueueAsync(Replacing("""{"v":2}""", Start.AddMinutes(9), key: "work:a"));
        var r2 = await engine.TryEnqueueAsync(Replacing("""{"v":2}""", key: "work:b"));
        var other = await engine.TryEnqueueAsync(Replacing("""{"v":2}""", key: "work:c"));

        Assert.Equal(new EnqueueOutcome(false, scheduled.Id, true), r1);
        Assert.Equal(new EnqueueOutcome(false, pending.Id, true), r2);
        Assert.True(other.Stored);
        var a = (await engine.GetJobAsync(scheduled.Id))!;
        Assert.Equal(("""{"v":2}""", Start.AddMinutes(1), JobStatus.Scheduled), (a.Payload, a.ScheduledFor, a.Status));
        var fetched = await engine.FetchAsync(Request("default"));
        Assert.Equal("""{"v":2}""", fetched.Single(f => f.Id == pending.Id).Job!.Payload);
        Assert.Equal(2, fetched.Count);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, (await engine.MaintainAsync(100)).Promoted);
    }

    [Fact]
    public async Task A_waiting_job_still_counts_as_queued_for_its_unique_key()
    {
        var (engine, _) = await NewEngineAsync();
        await using var _e = engine;
        var head = InSequence("acct");
        var behind = InSequence("acct") with { UniqueLock = "work:u", UniqueScope = UniqueScope.WhileQueued };
        await engine.EnqueueManyAsync([head, behind]);
        await AssertWaitingAsync(engine, behind.Id, "seq:work:acct");

        var again = InSequence("acct") with { UniqueLock = "work:u", UniqueScope = UniqueScope.WhileQueued };
        Assert.Equal(new EnqueueOutcome(false, behind.Id), await engine.TryEnqueueAsync(again));
    }

    [Fact]
    public async Task Waiting_jobs_are_counted_and_listed_oldest_first_with_their_gate_until_it_opens()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var admin = new BananasAdmin(engine);
        var head = InSequence("acct");
        var behind = InSequence("acct");
        await engine.EnqueueManyAsync([head, behind]);
        time.Advance(TimeSpan.FromSeconds(1));
        var limited = Enumerable.Range(0, 2).Select(_ => Limited(1)).ToList();
        await engine.EnqueueManyAsync(limited);
        var running = await engine.FetchAsync(Request("default", maxJobs: 10));
        Assert.Equal(new[] { head.Id, limited[0].Id }.ToHashSet(), running.Select(f => f.Id).ToHashSet());

        var overview = await admin.GetOverviewAsync();
        var page = await admin.ListJobsAsync(new JobListQuery { State = JobListState.Waiting });

        Assert.Equal(2, overview.Waiting);
        Assert.Equal(new[] { behind.Id, limited[1].Id }, page.Jobs.Select(j => j.Job.Id));
        Assert.Equal(new[] { "seq:work:acct", "conc:work:waiting" }, page.Jobs.Select(j => j.Job.WaitingOn));
        Assert.Equal(new DateTimeOffset?[] { Start, Start.AddSeconds(1) }, page.Jobs.Select(j => j.WaitingSince));

        // the gates open: nothing waits any more
        foreach (var job in running) Assert.True(await AckAsync(engine, job));
        Assert.Equal(0, (await admin.GetOverviewAsync()).Waiting);
        Assert.Empty((await admin.ListJobsAsync(new JobListQuery { State = JobListState.Waiting })).Jobs);
    }
}
