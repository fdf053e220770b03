using Bananas.Tasks.Redis;
using Bananas.Tasks.Periodic;
using Bananas.Tasks.Tests.Infrastructure;
using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Periodic;

/// <summary>The semantics every <see cref="ICronStore"/> must have; run against both stores.</summary>
public abstract class CronStoreContractTests
{
    protected static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    protected abstract Task<ICronStore> CreateStoreAsync();

    [Fact]
    public async Task Load_CreatesTheStateOnce_WithTheFirstOccurrence()
    {
        var store = await CreateStoreAsync();
        Assert.Null(await store.GetAsync("s"));
        var created = await store.LoadAsync("s", T0);
        Assert.Null(created.LastOccurrence);
        Assert.Equal(T0, created.NextOccurrence);
        Assert.Null(created.LastJobId);
        Assert.Equal(0, created.RunCount);

        var again = await store.LoadAsync("s", T0.AddHours(5));
        Assert.Equal(T0, again.NextOccurrence);
        Assert.Equal(T0, (await store.GetAsync("s"))!.NextOccurrence);
    }

    [Fact]
    public async Task ConcurrentFirstLoads_AllSeeTheSameState()
    {
        var store = await CreateStoreAsync();
        var loads = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => store.LoadAsync("race", T0.AddMinutes(i)))));
        var winner = loads[0].NextOccurrence;
        Assert.All(loads, l => Assert.Equal(winner, l.NextOccurrence));
    }

    [Fact]
    public async Task Advance_MovesForwardOnly()
    {
        var store = await CreateStoreAsync();
        await store.LoadAsync("s", T0);
        var job1 = PeriodicJobIds.For("s", T0);
        Assert.Equal(CronAdvanceOutcome.Advanced, await store.AdvanceAsync("s", T0, job1, T0.AddMinutes(1)));
        Assert.Equal(CronAdvanceOutcome.Stale, await store.AdvanceAsync("s", T0, job1, T0.AddMinutes(1)));
        Assert.Equal(CronAdvanceOutcome.Stale, await store.AdvanceAsync("s", T0.AddMinutes(-1), PeriodicJobIds.For("s", T0.AddMinutes(-1)), T0));

        var state = (await store.GetAsync("s"))!;
        Assert.Equal(T0, state.LastOccurrence);
        Assert.Equal(T0.AddMinutes(1), state.NextOccurrence);
        Assert.Equal(job1, state.LastJobId);
        Assert.Equal(1, state.RunCount);

        var job2 = PeriodicJobIds.For("s", T0.AddMinutes(1));
        Assert.Equal(CronAdvanceOutcome.Advanced, await store.AdvanceAsync("s", T0.AddMinutes(1), job2, T0.AddMinutes(2)));
        state = (await store.GetAsync("s"))!;
        Assert.Equal(job2, state.LastJobId);
        Assert.Equal(2, state.RunCount);
    }

    [Fact]
    public async Task SkippedOccurrence_AdvancesWithoutCountingAndKeepsThePreviousJob()
    {
        var store = await CreateStoreAsync();
        await store.LoadAsync("s", T0);
        var job1 = PeriodicJobIds.For("s", T0);
        await store.AdvanceAsync("s", T0, job1, T0.AddMinutes(1));
        Assert.Equal(CronAdvanceOutcome.Advanced, await store.AdvanceAsync("s", T0.AddMinutes(1), null, T0.AddMinutes(2)));
        var state = (await store.GetAsync("s"))!;
        Assert.Equal(T0.AddMinutes(1), state.LastOccurrence);
        Assert.Equal(job1, state.LastJobId);
        Assert.Equal(1, state.RunCount);
    }

    [Fact]
    public async Task JobForAnOccurrenceRecordedAsSkipped_ReplacesTheSkip_Once()
    {
        var store = await CreateStoreAsync();
        await store.LoadAsync("s", T0);
        await store.AdvanceAsync("s", T0, null, T0.AddMinutes(1));
        var job = PeriodicJobIds.For("s", T0);
        Assert.Equal(CronAdvanceOutcome.JobRecorded, await store.AdvanceAsync("s", T0, job, T0.AddMinutes(1)));
        Assert.Equal(CronAdvanceOutcome.Stale, await store.AdvanceAsync("s", T0, job, T0.AddMinutes(1)));
        Assert.Equal(CronAdvanceOutcome.Stale, await store.AdvanceAsync("s", T0, null, T0.AddMinutes(1)));
        var state = (await store.GetAsync("s"))!;
        Assert.Equal(job, state.LastJobId);
        Assert.Equal(1, state.RunCount);
    }

    [Fact]
    public async Task ConcurrentAdvances_OfTheSameOccurrence_ExactlyOneWins()
    {
        var store = await CreateStoreAsync();
        await store.LoadAsync("s", T0);
        var job = PeriodicJobIds.For("s", T0);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => store.AdvanceAsync("s", T0, job, T0.AddMinutes(1)))));
        Assert.Equal(1, outcomes.Count(o => o == CronAdvanceOutcome.Advanced));
        Assert.Equal(19, outcomes.Count(o => o == CronAdvanceOutcome.Stale));
        Assert.Equal(1, (await store.GetAsync("s"))!.RunCount);
    }

    [Fact]
    public async Task Schedules_AreIndependent()
    {
        var store = await CreateStoreAsync();
        await store.LoadAsync("a", T0);
        await store.LoadAsync("b", T0.AddHours(1));
        await store.AdvanceAsync("a", T0, PeriodicJobIds.For("a", T0), null);
        Assert.Null((await store.GetAsync("b"))!.LastOccurrence);
        Assert.Equal(T0.AddHours(1), (await store.GetAsync("b"))!.NextOccurrence);
        Assert.Null((await store.GetAsync("a"))!.NextOccurrence);
    }

    [Fact]
    public async Task List_NamesEveryLoadedSchedule_InOrdinalOrder_Once()
    {
        var store = await CreateStoreAsync();
        Assert.Empty(await store.ListAsync());
        await store.LoadAsync("nightly", T0);
        await store.LoadAsync("Hourly", T0);
        await store.LoadAsync("every-minute", T0);
        await store.LoadAsync("nightly", T0);
        await store.AdvanceAsync("nightly", T0, PeriodicJobIds.For("nightly", T0), T0.AddDays(1));
        Assert.Equal(["Hourly", "every-minute", "nightly"], await store.ListAsync());
        foreach (var name in await store.ListAsync()) Assert.NotNull(await store.GetAsync(name));
    }
}

public sealed class InMemoryCronStoreTests : CronStoreContractTests
{
    protected override Task<ICronStore> CreateStoreAsync() => Task.FromResult<ICronStore>(new InMemoryCronStore());

    [Fact]
    public async Task HasNoClockOfItsOwn() => Assert.Null((await new InMemoryCronStore().LoadAsync("s", T0)).StoreTime);
}

public sealed class RedisCronStoreTests : CronStoreContractTests
{
    private readonly string _prefix = RedisServer.NewPrefix();

    protected override async Task<ICronStore> CreateStoreAsync() => new RedisCronStore((await RedisServer.GetAsync()).Connection, _prefix);

    [Fact]
    public async Task State_IsAHashWithTheWireFormatFields()
    {
        var redis = await RedisServer.GetAsync();
        var store = new RedisCronStore(redis.Connection, _prefix);
        await store.LoadAsync("nightly-cleanup", T0);
        var job = PeriodicJobIds.For("nightly-cleanup", T0);
        await store.AdvanceAsync("nightly-cleanup", T0, job, T0.AddDays(1));

        var key = _prefix + ":cron:nightly-cleanup";
        Assert.Equal(key, store.KeyOf("nightly-cleanup").ToString());
        var fields = (await redis.Connection.GetDatabase().HashGetAllAsync(key)).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["last_occurrence"] = "2025-06-01T12:00:00.0000000Z",
                ["next_occurrence"] = "2025-06-02T12:00:00.0000000Z",
                ["last_job_id"] = job.Value,
                ["run_count"] = "1",
            },
            fields);
        Assert.Null(await redis.Connection.GetDatabase().KeyTimeToLiveAsync(key));
    }

    [Fact]
    public async Task Index_IsTheSchedulesSet_AndASchedulerTickBackfillsAStateCreatedBeforeIt()
    {
        var redis = await RedisServer.GetAsync();
        var db = redis.Connection.GetDatabase();
        var store = new RedisCronStore(redis.Connection, _prefix);
        // A state written before the index existed (an older version): listed from its next load on.
        await db.HashSetAsync(_prefix + ":cron:legacy", [new HashEntry("next_occurrence", "2025-06-01T12:00:00.0000000Z"), new HashEntry("run_count", "0")]);
        Assert.Empty(await store.ListAsync());
        await store.LoadAsync("legacy", T0);
        await store.LoadAsync("fresh", T0);
        Assert.Equal(["fresh", "legacy"], (await db.SetMembersAsync(_prefix + ":schedules")).Select(v => v.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(["fresh", "legacy"], await store.ListAsync());
        Assert.Equal(T0, (await store.GetAsync("legacy"))!.NextOccurrence);
    }

    [Fact]
    public async Task Keys_of_another_type_are_refused_before_any_write_or_left_alone()
    {
        var redis = await RedisServer.GetAsync();
        var db = redis.Connection.GetDatabase();
        var store = new RedisCronStore(redis.Connection, _prefix);

        // The schedules index holding a string: the schedule still loads (and is created), the index is left as it is.
        await db.StringSetAsync(_prefix + ":schedules", "oops");
        var state = await store.LoadAsync("indexed", T0);
        Assert.Equal(T0, state.NextOccurrence);
        Assert.Equal("oops", (string?)await db.StringGetAsync(_prefix + ":schedules"));

        // The schedule's own key holding a string: refused, and nothing is written (not even the index entry).
        await db.KeyDeleteAsync(_prefix + ":schedules");
        await db.StringSetAsync(_prefix + ":cron:stringly", "oops");
        var ex = await Assert.ThrowsAsync<RedisServerException>(() => store.LoadAsync("stringly", T0));
        Assert.Equal($"WRONGTYPE {_prefix}:cron:stringly holds a string, not a hash; nothing was changed", ex.Message);
        Assert.False(await db.KeyExistsAsync(_prefix + ":schedules"));
    }

    [Fact]
    public async Task Advance_with_a_run_count_that_is_not_a_number_fails_before_any_write()
    {
        var redis = await RedisServer.GetAsync();
        var db = redis.Connection.GetDatabase();
        var store = new RedisCronStore(redis.Connection, _prefix);
        await store.LoadAsync("counted", T0);
        await db.HashSetAsync(_prefix + ":cron:counted", "run_count", "many");
        await Assert.ThrowsAsync<RedisServerException>(() => store.AdvanceAsync("counted", T0, JobId.New(), T0.AddHours(1)));
        Assert.True((await db.HashGetAsync(_prefix + ":cron:counted", "last_occurrence")).IsNull);
        Assert.True((await db.HashGetAsync(_prefix + ":cron:counted", "last_job_id")).IsNull);
    }

    [Fact]
    public async Task Load_ReturnsRedisTime()
    {
        var store = await CreateStoreAsync();
        var state = await store.LoadAsync("s", T0);
        Assert.NotNull(state.StoreTime);
        Assert.InRange(state.StoreTime!.Value, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task CorruptState_IsReported_NamingKeyAndField()
    {
        var redis = await RedisServer.GetAsync();
        var store = new RedisCronStore(redis.Connection, _prefix);
        await redis.Connection.GetDatabase().HashSetAsync(_prefix + ":cron:broken", "last_occurrence", "yesterday");
        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => store.LoadAsync("broken", T0));
        Assert.Contains("'last_occurrence'", ex.Message);
        Assert.Contains(_prefix + ":cron:broken", ex.Message);
        Assert.Contains("'yesterday'", ex.Message);
    }

    [Fact]
    public async Task InvalidPrefixOrScheduleName_IsRejected()
    {
        var redis = await RedisServer.GetAsync();
        Assert.Contains("prefix 'a b'", Assert.Throws<ArgumentException>(() => new RedisCronStore(redis.Connection, "a b")).Message);
        var store = new RedisCronStore(redis.Connection, _prefix);
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => store.LoadAsync("x}y", T0));
        Assert.Contains("'}' at position 1", ex.Message);
    }
}
