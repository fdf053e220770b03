using Bananas.Tasks.Redis;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Periodic;
using Bananas.Tasks.Tests.Infrastructure;

namespace Bananas.Tasks.Tests.Periodic;

/// <summary>Scheduler behaviour on a fake clock; run with both cron stores, and on Redis with both store and engine.</summary>
public abstract class PeriodicSchedulerTests
{
    // A Monday; always earlier than the real clock, which the Redis store's "not before Redis TIME" rule needs.
    protected static readonly DateTimeOffset T0 = new(2025, 6, 2, 12, 0, 0, TimeSpan.Zero);

    protected abstract Task<ICronStore> CreateStoreAsync();

    /// <summary>The engine the scheduler enqueues into; in-memory unless a subclass runs on Redis.</summary>
    protected virtual Task<Func<TimeProvider, IQueueEngine>?> EngineFactoryAsync() => Task.FromResult<Func<TimeProvider, IQueueEngine>?>(null);

    private async Task<PeriodicRig> RigAsync(DateTimeOffset start) => new(await CreateStoreAsync(), start, await EngineFactoryAsync());

    private static PeriodicTaskDefinition EveryMinute(string name = "every-minute", Action<PeriodicTaskOptions>? configure = null)
    {
        var options = new PeriodicTaskOptions();
        configure?.Invoke(options);
        return new PeriodicTaskDefinition(name, "* * * * *", "report", "{\"kind\":\"daily\"}", options);
    }

    private static PeriodicTaskDefinition Hourly(Action<PeriodicTaskOptions>? configure = null)
    {
        var options = new PeriodicTaskOptions();
        configure?.Invoke(options);
        return new PeriodicTaskDefinition("hourly", "0 * * * *", "report", "{}", options);
    }

    [Fact]
    public async Task FirstTick_CreatesTheSchedule_AndWaitsForTheFirstOccurrence()
    {
        var rig = await RigAsync(T0.AddSeconds(30));
        var tick = await rig.Scheduler(EveryMinute()).RunOnceAsync();
        Assert.Empty(tick.Firings);
        Assert.Equal(T0.AddMinutes(1), tick.NextWakeAt);
        Assert.Equal(T0.AddMinutes(1), (await rig.Store.GetAsync("every-minute"))!.NextOccurrence);
        Assert.Equal(0, await rig.PendingJobsAsync());
    }

    [Fact]
    public async Task OccurrenceAtTheStartInstant_Fires()
    {
        var rig = await RigAsync(T0);
        var tick = await rig.Scheduler(EveryMinute()).RunOnceAsync();
        var firing = Assert.Single(tick.Firings);
        Assert.Equal(T0, firing.Occurrence);
        Assert.Equal(PeriodicFiringOutcome.Enqueued, firing.Outcome);
    }

    [Fact]
    public async Task DueOccurrence_IsEnqueuedOnce_WithTheDefinitionsJobFields()
    {
        var rig = await RigAsync(T0.AddSeconds(30));
        var definition = EveryMinute(configure: o => { o.Route = "reports"; o.Priority = Priority.High; o.MaxRetries = 1; o.Timeout = TimeSpan.FromSeconds(20); });
        var scheduler = rig.Scheduler(definition);
        await scheduler.RunOnceAsync();
        rig.Time.Advance(TimeSpan.FromSeconds(30));

        var tick = await scheduler.RunOnceAsync();
        var firing = Assert.Single(tick.Firings);
        var id = PeriodicJobIds.For("every-minute", T0.AddMinutes(1));
        Assert.Equal(new PeriodicFiring("every-minute", T0.AddMinutes(1), PeriodicFiringOutcome.Enqueued, id, CronAdvanceOutcome.Advanced), firing);
        Assert.Equal(T0.AddMinutes(2), tick.NextWakeAt);

        var job = await rig.Engine.GetJobAsync(id);
        Assert.NotNull(job);
        Assert.Equal("report", job.Name);
        Assert.Equal("{\"kind\":\"daily\"}", job.Payload);
        Assert.Equal("reports", job.RoutingKey.Value);
        Assert.Equal(Priority.High, job.Priority);
        Assert.Equal(1, job.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(20), job.Timeout);
        Assert.Equal("periodic every-minute @ 2025-06-02T12:01:00.0000000Z", job.Description);
        Assert.Equal(JobStatus.Pending, job.Status);

        // Ticking again at the same instant, by this or a fresh instance sharing the store, fires nothing more.
        Assert.Empty((await scheduler.RunOnceAsync()).Firings);
        Assert.Empty((await rig.Scheduler(definition).RunOnceAsync()).Firings);
        var state = (await rig.Store.GetAsync("every-minute"))!;
        Assert.Equal(T0.AddMinutes(1), state.LastOccurrence);
        Assert.Equal(T0.AddMinutes(2), state.NextOccurrence);
        Assert.Equal(id, state.LastJobId);
        Assert.Equal(1, state.RunCount);
        Assert.Equal(1, await rig.PendingJobsAsync());
    }

    [Fact]
    public async Task TenMinutesOfTicksEveryTwentySeconds_FireEachMinuteOnce()
    {
        var rig = await RigAsync(T0.AddSeconds(1));
        var firings = await rig.RunUntilAsync(rig.Scheduler(EveryMinute()), T0.AddMinutes(10).AddSeconds(1), TimeSpan.FromSeconds(20));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => T0.AddMinutes(i)), firings.Select(f => f.Occurrence!.Value));
        Assert.All(firings, f => Assert.Equal(PeriodicFiringOutcome.Enqueued, f.Outcome));
        Assert.Equal(10, await rig.PendingJobsAsync());
        Assert.Equal(10, (await rig.Store.GetAsync("every-minute"))!.RunCount);
    }

    [Fact]
    public async Task LateTickWithinTheMisfireThreshold_StillFires_UnderSkip()
    {
        var rig = await RigAsync(T0.AddSeconds(30));
        var scheduler = rig.Scheduler(Hourly());
        await scheduler.RunOnceAsync();
        rig.Time.SetUtcNow(T0.AddHours(1).AddSeconds(59));
        var firing = Assert.Single((await scheduler.RunOnceAsync()).Firings);
        Assert.Equal(PeriodicFiringOutcome.Enqueued, firing.Outcome);
        Assert.Equal(T0.AddHours(1), firing.Occurrence);
    }

    private static PeriodicTaskDefinition EverySecond(Action<PeriodicTaskOptions>? configure = null)
    {
        var options = new PeriodicTaskOptions();
        configure?.Invoke(options);
        return new PeriodicTaskDefinition("every-second", "* * * * * *", "report", "{}", options);
    }

    [Fact]
    public async Task SeveralOccurrencesLate_WithinTheMisfireThreshold_EachFire_InOrder()
    {
        // The chaos cron scenario's failure: the only scheduler ticking ran 3 s slow, so the watermark lagged 3 s;
        // the scheduler on time that came back fired only the latest and lost the 3 before it, each 1-3 s late.
        var rig = await RigAsync(T0.AddMilliseconds(500));
        var scheduler = rig.Scheduler(EverySecond());
        await scheduler.RunOnceAsync();
        rig.Time.SetUtcNow(T0.AddSeconds(4).AddMilliseconds(200));

        var tick = await scheduler.RunOnceAsync();
        Assert.Equal(Enumerable.Range(1, 4).Select(i => T0.AddSeconds(i)), tick.Firings.Select(f => f.Occurrence!.Value));
        Assert.All(tick.Firings, f => Assert.Equal(PeriodicFiringOutcome.Enqueued, f.Outcome));
        Assert.All(tick.Firings, f => Assert.Equal(CronAdvanceOutcome.Advanced, f.Advance));
        Assert.Equal(T0.AddSeconds(5), tick.NextWakeAt);
        Assert.Equal(4, await rig.PendingJobsAsync());
        var state = (await rig.Store.GetAsync("every-second"))!;
        Assert.Equal((T0.AddSeconds(4), 4L), (state.LastOccurrence!.Value, state.RunCount));
        Assert.Empty((await rig.Scheduler(EverySecond()).RunOnceAsync()).Firings);
    }

    [Fact]
    public async Task Downtime_UnderSkip_SkipsTheStaleOccurrences_AndFiresThoseWithinTheThreshold()
    {
        var rig = await RigAsync(T0.AddSeconds(1));
        var first = rig.Scheduler(Hourly());
        await first.RunOnceAsync();
        rig.Time.SetUtcNow(T0.AddHours(1));
        await first.RunOnceAsync();

        // Down from 13:00 to 15:00:30: 14:00 is past the 1 min threshold, 15:00 is not.
        rig.Time.SetUtcNow(T0.AddHours(3).AddSeconds(30));
        var tick = await rig.Scheduler(Hourly()).RunOnceAsync();
        Assert.Equal(
            [(T0.AddHours(2), PeriodicFiringOutcome.SkippedMissed), (T0.AddHours(3), PeriodicFiringOutcome.Enqueued)],
            tick.Firings.Select(f => (f.Occurrence!.Value, f.Outcome)));
        Assert.Equal(2, await rig.PendingJobsAsync());
        Assert.Equal(T0.AddHours(4), tick.NextWakeAt);
    }

    [Fact]
    public async Task Downtime_UnderFireOnce_OneCatchUpForTheStaleOccurrences_ThenThoseWithinTheThreshold()
    {
        var rig = await RigAsync(T0.AddSeconds(1));
        void FireOnce(PeriodicTaskOptions o) => o.MissedOccurrences = MissedOccurrencePolicy.FireOnce;
        var first = rig.Scheduler(Hourly(FireOnce));
        await first.RunOnceAsync();
        rig.Time.SetUtcNow(T0.AddHours(1));
        await first.RunOnceAsync();

        rig.Time.SetUtcNow(T0.AddHours(4).AddSeconds(30));
        var tick = await rig.Scheduler(Hourly(FireOnce)).RunOnceAsync();
        Assert.Equal(
            [(T0.AddHours(3), PeriodicFiringOutcome.CaughtUp), (T0.AddHours(4), PeriodicFiringOutcome.Enqueued)],
            tick.Firings.Select(f => (f.Occurrence!.Value, f.Outcome)));
        Assert.Null(await rig.Engine.GetJobAsync(PeriodicJobIds.For("hourly", T0.AddHours(2))));
        Assert.Equal(3, await rig.PendingJobsAsync());
    }

    [Fact]
    public async Task ALongBacklogWithinTheThreshold_FiresAtMostMaxFiringsPerTick_AndTheNextTickGoesOn()
    {
        var rig = await RigAsync(T0.AddMilliseconds(500));
        var definition = EverySecond(o => o.MisfireThreshold = TimeSpan.FromDays(1));
        var scheduler = rig.Scheduler(definition);
        await scheduler.RunOnceAsync();
        var now = T0.AddSeconds(PeriodicScheduler.MaxFiringsPerTick + 500).AddMilliseconds(100);
        rig.Time.SetUtcNow(now);

        var tick = await scheduler.RunOnceAsync();
        Assert.Equal(PeriodicScheduler.MaxFiringsPerTick, tick.Firings.Count);
        Assert.Equal(now, tick.NextWakeAt);
        var next = await scheduler.RunOnceAsync();
        Assert.Equal(500, next.Firings.Count);
        Assert.Equal(T0.AddSeconds(PeriodicScheduler.MaxFiringsPerTick + 500), next.Firings[^1].Occurrence);
        Assert.Equal(PeriodicScheduler.MaxFiringsPerTick + 500, await rig.PendingJobsAsync());
    }

    [Fact]
    public async Task Downtime_UnderSkip_FiresNothingForMissedOccurrences_AndResumesAtTheNext()
    {
        var rig = await RigAsync(T0.AddSeconds(1));
        var first = rig.Scheduler(Hourly());
        await first.RunOnceAsync();
        rig.Time.SetUtcNow(T0.AddHours(1));
        Assert.Equal(PeriodicFiringOutcome.Enqueued, Assert.Single((await first.RunOnceAsync()).Firings).Outcome);

        // Down from 13:00 to 15:30: 14:00 and 15:00 were missed. A restarted scheduler skips both.
        rig.Time.SetUtcNow(T0.AddHours(3).AddMinutes(30));
        var restarted = rig.Scheduler(Hourly());
        var tick = await restarted.RunOnceAsync();
        var skipped = Assert.Single(tick.Firings);
        Assert.Equal(new PeriodicFiring("hourly", T0.AddHours(3), PeriodicFiringOutcome.SkippedMissed, null, CronAdvanceOutcome.Advanced), skipped);
        Assert.Equal(T0.AddHours(4), tick.NextWakeAt);
        Assert.Equal(1, await rig.PendingJobsAsync());

        rig.Time.SetUtcNow(T0.AddHours(4));
        var resumed = Assert.Single((await restarted.RunOnceAsync()).Firings);
        Assert.Equal((T0.AddHours(4), PeriodicFiringOutcome.Enqueued), (resumed.Occurrence!.Value, resumed.Outcome));
        Assert.Equal(2, await rig.PendingJobsAsync());
        var state = (await rig.Store.GetAsync("hourly"))!;
        Assert.Equal(2, state.RunCount);
        Assert.Equal(PeriodicJobIds.For("hourly", T0.AddHours(4)), state.LastJobId);
    }

    [Fact]
    public async Task Downtime_UnderFireOnce_FiresOneCatchUpForTheMostRecentMissedOccurrence()
    {
        var rig = await RigAsync(T0.AddSeconds(1));
        void FireOnce(PeriodicTaskOptions o) => o.MissedOccurrences = MissedOccurrencePolicy.FireOnce;
        var first = rig.Scheduler(Hourly(FireOnce));
        await first.RunOnceAsync();
        rig.Time.SetUtcNow(T0.AddHours(1));
        await first.RunOnceAsync();

        rig.Time.SetUtcNow(T0.AddHours(3).AddMinutes(30));
        var restarted = rig.Scheduler(Hourly(FireOnce));
        var caughtUp = Assert.Single((await restarted.RunOnceAsync()).Firings);
        Assert.Equal(new PeriodicFiring("hourly", T0.AddHours(3), PeriodicFiringOutcome.CaughtUp, PeriodicJobIds.For("hourly", T0.AddHours(3)), CronAdvanceOutcome.Advanced), caughtUp);
        Assert.Null(await rig.Engine.GetJobAsync(PeriodicJobIds.For("hourly", T0.AddHours(2))));
        Assert.Equal(2, await rig.PendingJobsAsync());

        // Only one catch-up, however often it ticks; then the schedule resumes.
        Assert.Empty((await restarted.RunOnceAsync()).Firings);
        Assert.Empty((await rig.Scheduler(Hourly(FireOnce)).RunOnceAsync()).Firings);
        rig.Time.SetUtcNow(T0.AddHours(4));
        Assert.Equal(PeriodicFiringOutcome.Enqueued, Assert.Single((await restarted.RunOnceAsync()).Firings).Outcome);
        Assert.Equal(3, await rig.PendingJobsAsync());
    }

    [Fact]
    public async Task PreventOverlap_SkipsWhileThePreviousJobIsPendingOrProcessing_ThenFiresAgain()
    {
        var rig = await RigAsync(T0.AddSeconds(1));
        var scheduler = rig.Scheduler(EveryMinute(configure: o => o.PreventOverlap = true));
        await scheduler.RunOnceAsync();
        var step = TimeSpan.FromMinutes(1);

        rig.Time.Advance(step);
        var firstJob = Assert.Single((await scheduler.RunOnceAsync()).Firings).JobId!.Value;

        rig.Time.Advance(step); // previous job pending
        var pending = Assert.Single((await scheduler.RunOnceAsync()).Firings);
        Assert.Equal((PeriodicFiringOutcome.SkippedOverlap, (JobId?)null), (pending.Outcome, pending.JobId));

        var leased = Assert.Single(await rig.FetchAllAsync());
        rig.Time.Advance(step); // previous job processing
        Assert.Equal(PeriodicFiringOutcome.SkippedOverlap, Assert.Single((await scheduler.RunOnceAsync()).Firings).Outcome);
        Assert.Equal(firstJob, (await rig.Store.GetAsync("every-minute"))!.LastJobId);

        await rig.Engine.AckAsync([new JobCompletion(leased.Id, leased.LeaseToken, null, TimeSpan.FromSeconds(1))]);
        rig.Time.Advance(step); // previous job completed
        var fired = Assert.Single((await scheduler.RunOnceAsync()).Firings);
        Assert.Equal((PeriodicFiringOutcome.Enqueued, T0.AddMinutes(4)), (fired.Outcome, fired.Occurrence!.Value));
        Assert.Equal(2, (await rig.Store.GetAsync("every-minute"))!.RunCount);
    }

    [Fact]
    public async Task WithoutPreventOverlap_APendingPreviousJobDoesNotMatter()
    {
        var rig = await RigAsync(T0.AddSeconds(1));
        var firings = await rig.RunUntilAsync(rig.Scheduler(EveryMinute()), T0.AddMinutes(3).AddSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Equal(3, firings.Count(f => f.Outcome == PeriodicFiringOutcome.Enqueued));
    }

    [Fact]
    public async Task CrashBetweenEnqueueAndCompareAndSet_IsRepairedByTheNextTick_WithoutASecondJob()
    {
        var rig = await RigAsync(T0.AddSeconds(1));
        var definition = EveryMinute();
        await rig.Scheduler(definition).RunOnceAsync();
        rig.Time.Advance(TimeSpan.FromMinutes(1));

        // A scheduler enqueued 12:01's job, then died before its compare-and-set.
        var id = PeriodicJobIds.For("every-minute", T0.AddMinutes(1));
        Assert.True(await rig.Engine.EnqueueAsync(new JobRecord { Id = id, Name = "report", Payload = "{}" }));

        var firing = Assert.Single((await rig.Scheduler(definition).RunOnceAsync()).Firings);
        Assert.Equal(new PeriodicFiring("every-minute", T0.AddMinutes(1), PeriodicFiringOutcome.AlreadyEnqueued, id, CronAdvanceOutcome.Advanced), firing);
        Assert.Equal(1, await rig.PendingJobsAsync());
        Assert.Equal(T0.AddMinutes(1), (await rig.Store.GetAsync("every-minute"))!.LastOccurrence);
    }

    [Fact]
    public async Task NextWakeAt_IsTheEarliestScheduleAcrossDefinitions()
    {
        var rig = await RigAsync(T0.AddSeconds(5));
        var scheduler = rig.Scheduler(Hourly(), EveryMinute(), new PeriodicTaskDefinition("every-10s", "*/10 * * * * *", "tick"));
        Assert.Equal(T0.AddSeconds(10), (await scheduler.RunOnceAsync()).NextWakeAt);
        rig.Time.SetUtcNow(T0.AddSeconds(10));
        var tick = await scheduler.RunOnceAsync();
        Assert.Equal("every-10s", Assert.Single(tick.Firings).ScheduleName);
        Assert.Equal(T0.AddSeconds(20), tick.NextWakeAt);
    }

    [Fact]
    public async Task AFailingStore_FailsOnlyItsTick_AndIsRetriedSoon()
    {
        var rig = await RigAsync(T0.AddSeconds(-10));
        var flaky = new FlakyStore(rig.Store, failing: null);
        var scheduler = new PeriodicScheduler([Hourly(), EveryMinute()], rig.Engine, flaky, rig.Time);
        await scheduler.RunOnceAsync();

        flaky.Failing = "hourly";
        rig.Time.SetUtcNow(T0);
        var tick = await scheduler.RunOnceAsync();
        var failed = tick.Firings.Single(f => f.ScheduleName == "hourly");
        Assert.Equal(PeriodicFiringOutcome.Failed, failed.Outcome);
        Assert.Contains("store is down", failed.Error);
        Assert.Equal(PeriodicFiringOutcome.Enqueued, tick.Firings.Single(f => f.ScheduleName == "every-minute").Outcome);
        Assert.Equal(T0 + PeriodicScheduler.ErrorRetryDelay, tick.NextWakeAt);

        flaky.Failing = null;
        rig.Time.Advance(PeriodicScheduler.ErrorRetryDelay);
        var retried = Assert.Single((await scheduler.RunOnceAsync()).Firings);
        Assert.Equal(("hourly", PeriodicFiringOutcome.Enqueued, T0), (retried.ScheduleName, retried.Outcome, retried.Occurrence!.Value));
    }

    [Fact]
    public async Task SpringForward_InBerlin_DailyJobInTheSkippedHourFiresOnceAtTheTransition()
    {
        var rig = await RigAsync(new DateTimeOffset(2025, 3, 28, 0, 0, 0, TimeSpan.Zero));
        var definition = new PeriodicTaskDefinition("berlin-daily", "30 2 * * *", "report", options: new PeriodicTaskOptions { TimeZone = "Europe/Berlin" });
        var firings = await rig.RunUntilAsync(rig.Scheduler(definition), new DateTimeOffset(2025, 4, 1, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromMinutes(30));
        Assert.Equal(
            ["2025-03-28T01:30Z", "2025-03-29T01:30Z", "2025-03-30T01:00Z", "2025-03-31T00:30Z"],
            firings.Select(f => f.Occurrence!.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'")));
        Assert.All(firings, f => Assert.Equal(PeriodicFiringOutcome.Enqueued, f.Outcome));
    }

    [Fact]
    public async Task FallBack_InBerlin_HourlyJobFiresBothTwoOClocks_DailyJobOnce()
    {
        var rig = await RigAsync(new DateTimeOffset(2025, 10, 25, 22, 0, 0, TimeSpan.Zero));
        var berlin = new PeriodicTaskOptions { TimeZone = "Europe/Berlin" };
        var scheduler = rig.Scheduler(
            new PeriodicTaskDefinition("berlin-hourly", "0 * * * *", "report", options: berlin),
            new PeriodicTaskDefinition("berlin-daily", "30 2 * * *", "report", options: berlin));
        var firings = await rig.RunUntilAsync(scheduler, new DateTimeOffset(2025, 10, 26, 3, 0, 0, TimeSpan.Zero), TimeSpan.FromMinutes(10));
        string[] At(string schedule) => firings.Where(f => f.ScheduleName == schedule).Select(f => f.Occurrence!.Value.UtcDateTime.ToString("HH:mm")).ToArray();
        Assert.Equal(["22:00", "23:00", "00:00", "01:00", "02:00", "03:00"], At("berlin-hourly"));
        Assert.Equal(["00:30"], At("berlin-daily"));
        Assert.Equal(7, await rig.PendingJobsAsync());
    }

    [Fact]
    public async Task ChangedCronExpression_ContinuesFromTheLastOccurrenceWithTheNewExpression()
    {
        var rig = await RigAsync(T0);
        await rig.Scheduler(Hourly()).RunOnceAsync(); // fires 12:00 hourly
        rig.Time.SetUtcNow(T0.AddMinutes(10));
        var redeployed = rig.Scheduler(new PeriodicTaskDefinition("hourly", "30 * * * *", "report"));
        Assert.Equal(T0.AddMinutes(30), (await redeployed.RunOnceAsync()).NextWakeAt);
        rig.Time.SetUtcNow(T0.AddMinutes(30));
        Assert.Equal(T0.AddMinutes(30), Assert.Single((await redeployed.RunOnceAsync()).Firings).Occurrence);
    }

    [Fact]
    public async Task ScheduleWithNoFurtherOccurrence_IsLeftAlone()
    {
        var rig = await RigAsync(T0);
        var end = new DateTimeOffset(9999, 12, 31, 23, 59, 0, TimeSpan.Zero);
        await rig.Store.LoadAsync("every-minute", end);
        await rig.Store.AdvanceAsync("every-minute", end, null, null);
        var scheduler = rig.Scheduler(EveryMinute());
        var tick = await scheduler.RunOnceAsync();
        Assert.Empty(tick.Firings);
        Assert.Null(tick.NextWakeAt);
        Assert.Null((await scheduler.RunOnceAsync()).NextWakeAt);
    }

    [Fact]
    public void DuplicateScheduleNames_AreRejected()
    {
        var engine = new InMemory.InMemoryQueueEngine();
        var ex = Assert.Throws<ArgumentException>(() => new PeriodicScheduler([EveryMinute("dup"), EveryMinute("dup")], engine));
        Assert.Contains("'dup' is declared 2 times", ex.Message);
    }

    private sealed class FlakyStore(ICronStore inner, string? failing) : ICronStore
    {
        public string? Failing { get; set; } = failing;
        public string Name => "flaky";
        public Task<CronState> LoadAsync(string scheduleName, DateTimeOffset? firstOccurrence, CancellationToken cancellationToken = default) =>
            scheduleName == Failing ? throw new IOException("store is down") : inner.LoadAsync(scheduleName, firstOccurrence, cancellationToken);
        public Task<CronAdvanceOutcome> AdvanceAsync(string scheduleName, DateTimeOffset occurrence, JobId? jobId, DateTimeOffset? nextOccurrence, CancellationToken cancellationToken = default) =>
            inner.AdvanceAsync(scheduleName, occurrence, jobId, nextOccurrence, cancellationToken);
        public Task<CronState?> GetAsync(string scheduleName, CancellationToken cancellationToken = default) => inner.GetAsync(scheduleName, cancellationToken);
    }
}

public sealed class PeriodicSchedulerInMemoryStoreTests : PeriodicSchedulerTests
{
    protected override Task<ICronStore> CreateStoreAsync() => Task.FromResult<ICronStore>(new InMemoryCronStore());
}

public sealed class PeriodicSchedulerRedisStoreTests : PeriodicSchedulerTests
{
    protected override async Task<ICronStore> CreateStoreAsync() => new RedisCronStore((await RedisServer.GetAsync()).Connection, RedisServer.NewPrefix());

    [Fact]
    public async Task ASchedulerClockAheadOfRedis_DoesNotFireEarly()
    {
        // The scheduler's clock says 2090; Redis TIME says now. The occurrence is not due by Redis's clock.
        var far = new DateTimeOffset(2090, 1, 1, 0, 0, 30, TimeSpan.Zero);
        var rig = new PeriodicRig(await CreateStoreAsync(), far);
        var scheduler = rig.Scheduler(new PeriodicTaskDefinition("early", "* * * * *", "t"));
        await scheduler.RunOnceAsync();
        rig.Time.Advance(TimeSpan.FromMinutes(2));
        var tick = await scheduler.RunOnceAsync();
        Assert.Empty(tick.Firings);
        Assert.True(tick.NextWakeAt > far.AddYears(10), $"wake {tick.NextWakeAt:o} should wait for Redis's clock to reach 2090");
        Assert.Equal(0, await rig.PendingJobsAsync());
    }

    [Fact]
    public async Task WithoutTheRedisClock_OnlyTheSchedulersClockCounts()
    {
        var far = new DateTimeOffset(2090, 1, 1, 0, 0, 30, TimeSpan.Zero);
        var store = new RedisCronStore((await RedisServer.GetAsync()).Connection, RedisServer.NewPrefix(), useRedisClock: false);
        var rig = new PeriodicRig(store, far);
        var scheduler = rig.Scheduler(new PeriodicTaskDefinition("future", "* * * * *", "t"));
        Assert.Null((await store.LoadAsync("future", far)).StoreTime);
        await scheduler.RunOnceAsync();
        rig.Time.Advance(TimeSpan.FromSeconds(30));
        var firing = Assert.Single((await scheduler.RunOnceAsync()).Firings);
        Assert.Equal((PeriodicFiringOutcome.Enqueued, far.AddSeconds(30)), (firing.Outcome, firing.Occurrence!.Value));
    }
}

public sealed class PeriodicSchedulerRedisEngineTests : PeriodicSchedulerTests
{
    private readonly string _prefix = RedisServer.NewPrefix();

    protected override async Task<ICronStore> CreateStoreAsync() => new RedisCronStore((await RedisServer.GetAsync()).Connection, _prefix);

    protected override async Task<Func<TimeProvider, IQueueEngine>?> EngineFactoryAsync()
    {
        var redis = await RedisServer.GetAsync();
        return time => new Bananas.Tasks.Redis.RedisQueueEngine(redis.Connection, new QueueEngineOptions { Prefix = _prefix, TimeProvider = time });
    }
}
