using Bananas.Tasks.Client;
using Bananas.Tasks.Engine;
using Bananas.Tasks.InMemory;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Bananas.Tasks.Tests.Client;

/// <summary>
/// Concurrency limits, sequences and debounce/replace through the client (issue 13 items 3, 4, 6): the options' rules
/// (FlowKeys), the keys they make, and what an enqueue answers, on both engines.
/// </summary>
public sealed class FlowOptionsTests
{
    public static TheoryData<string> Engines => new() { "in-memory", "redis" };

    private static async Task<IQueueEngine> EngineAsync(string kind, FakeTimeProvider time) => kind == "redis"
        ? new RedisQueueEngine((await RedisServer.GetAsync()).Connection, new QueueEngineOptions { Prefix = RedisServer.NewPrefix(), TimeProvider = time })
        : new InMemoryQueueEngine(new QueueEngineOptions { TimeProvider = time });

    [Theory]
    [InlineData("key without limit", "JobOptions.ConcurrencyKey is set but JobOptions.ConcurrencyLimit is not")]
    [InlineData("scope without limit", "JobOptions.ConcurrencyScope is set but JobOptions.ConcurrencyLimit is not")]
    [InlineData("zero limit", "JobOptions.ConcurrencyLimit is 0; expected 1 to 10000")]
    [InlineData("huge limit", "JobOptions.ConcurrencyLimit is 10001; expected 1 to 10000")]
    [InlineData("empty partition", "JobOptions.ConcurrencyKey is 0 characters; expected 1 to 1024")]
    [InlineData("hold without sequence", "JobOptions.SequenceHold is set but JobOptions.SequenceKey is not")]
    [InlineData("long sequence", "JobOptions.SequenceKey is 1025 characters; expected 1 to 1024")]
    [InlineData("debounce key alone", "JobOptions.DebounceKey is set but neither JobOptions.Debounce nor JobOptions.Replace is")]
    [InlineData("debounce and replace", "JobOptions.Debounce and JobOptions.Replace are both set")]
    [InlineData("zero window", "JobOptions.Debounce is 00:00:00; expected from 1 ms to 366 days")]
    [InlineData("unique and debounce", "JobOptions.Unique and JobOptions.Debounce are both set")]
    public async Task Flow_options_out_of_their_rules_are_refused_before_anything_is_stored(string what, string message)
    {
        var engine = new InMemoryQueueEngine();
        var client = new BananasClient(engine);
        var options = what switch
        {
            "key without limit" => new JobOptions { ConcurrencyKey = "t" },
            "scope without limit" => new JobOptions { ConcurrencyScope = LimitScope.Route },
            "zero limit" => new JobOptions { ConcurrencyLimit = 0 },
            "huge limit" => new JobOptions { ConcurrencyLimit = 10_001 },
            "empty partition" => new JobOptions { ConcurrencyLimit = 2, ConcurrencyKey = "" },
            "hold without sequence" => new JobOptions { SequenceHold = SequenceHold.UntilCompleted },
            "long sequence" => new JobOptions { SequenceKey = new string('s', 1025) },
            "debounce key alone" => new JobOptions { DebounceKey = "k" },
            "debounce and replace" => new JobOptions { Debounce = TimeSpan.FromSeconds(1), Replace = true },
            "zero window" => new JobOptions { Debounce = TimeSpan.Zero },
            "unique and debounce" => new JobOptions { Debounce = TimeSpan.FromSeconds(1), Unique = UniqueScope.WhileQueued },
            _ => throw new ArgumentOutOfRangeException(nameof(what)),
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.SubmitAsync("work", "{}", options));

        Assert.Contains(message, error.Message);
        Assert.StartsWith("Cannot enqueue task 'work': ", error.Message);
        Assert.Equal(0, (await engine.GetQueueDepthsAsync()).Routes.Values.Sum(d => d.Total));
    }

    [Fact]
    public void The_keys_name_the_task_or_the_route_and_hash_the_partition()
    {
        var client = new BananasClient(new InMemoryQueueEngine());
        var task = client.CreateJob("sync", "{}", new JobOptions { ConcurrencyLimit = 3 });
        var partitioned = client.CreateJob("sync", "{}", new JobOptions { ConcurrencyLimit = 3, ConcurrencyKey = "tenant-1" });
        var route = client.CreateJob("sync", "{}", new JobOptions { Route = "gpu", ConcurrencyLimit = 2, ConcurrencyScope = LimitScope.Route });
        var sequence = client.CreateJob("post", "{}", new JobOptions { SequenceKey = "acct-1", SequenceHold = SequenceHold.UntilCompleted });
        var debounce = client.CreateJob("reindex", "{}", new JobOptions { Debounce = TimeSpan.FromSeconds(5) });

        Assert.Equal(("conc:sync", 3), (task.ConcurrencyKey, task.ConcurrencyLimit));
        Assert.Matches("^conc:sync:[0-9a-f]{64}$", partitioned.ConcurrencyKey);
        Assert.Equal("route:gpu:conc", route.ConcurrencyKey);
        Assert.Matches("^post:[0-9a-f]{64}$", sequence.SequenceLock);
        Assert.Equal(SequenceHold.UntilCompleted, sequence.SequenceHold);
        Assert.Equal(("reindex", DebounceMode.Debounce, TimeSpan.FromSeconds(5)), (debounce.DebounceLock, debounce.DebounceMode, debounce.DebounceWindow));
        // a debounced job runs a window after its enqueue unless the caller says otherwise
        Assert.Equal(debounce.CreatedAt + TimeSpan.FromSeconds(5), debounce.ScheduledFor);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_burst_of_debounced_enqueues_makes_one_job_with_the_last_arguments_a_window_after_the_last(string kind)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
        await using var engine = await EngineAsync(kind, time);
        var client = new BananasClient(engine, timeProvider: time);
        var options = new JobOptions { Debounce = TimeSpan.FromSeconds(2), DebounceKey = "user-7" };

        var first = await client.SubmitAsync("reindex", """{"rev":1}""", options);
        var answers = new List<EnqueueResult>();
        for (int rev = 2; rev <= 5; rev++)
        {
            time.Advance(TimeSpan.FromMilliseconds(500));
            answers.Add(await client.SubmitAsync("reindex", $$"""{"rev":{{rev}}}""", options));
        }
        var other = await client.SubmitAsync("reindex", """{"rev":1}""", options with { DebounceKey = "user-8" });

        Assert.False(first.Replaced);
        Assert.All(answers, a => Assert.Equal(new EnqueueResult(first.Id, false, true), a));
        Assert.NotEqual(first.Id, other.Id);
        var job = (await client.GetJobAsync(first.Id))!;
        Assert.Equal("""{"rev":5}""", job.Payload);
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromSeconds(2), job.ScheduledFor);
        Assert.Equal(2, (await engine.GetQueueDepthsAsync()).Scheduled);
    }
}
