using Bananas.Tasks.Engine;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>
/// Flow-control gates on Redis where the keys are not what the engine wrote (docs/wire-format.md "Flow-control gates"):
/// a job is never lost, a script never fails after its first write, and what happened is said.
/// </summary>
public sealed class RedisFlowGateTests
{
    private static FetchRequest Fetch(int max = 10) => new([new RouteDemand(RoutingKey.Default, max)], max, TimeSpan.FromSeconds(30), "w");

    private static JobRecord Job() => new() { Id = JobId.New(), Name = "work", Payload = "{}" };

    private static async Task<(RedisQueueEngine Engine, IDatabase Db, string Prefix)> NewAsync()
    {
        var server = await RedisServer.GetAsync();
        var prefix = RedisServer.NewPrefix();
        return (new RedisQueueEngine(server.Connection, new QueueEngineOptions { Prefix = prefix }), server.Connection.GetDatabase(), prefix);
    }

    [Fact]
    public async Task A_concurrency_gate_of_another_type_lets_the_jobs_run_without_their_limit_and_reports_it()
    {
        var (engine, db, prefix) = await NewAsync();
        var jobs = new[] { Job() with { ConcurrencyKey = "conc:work", ConcurrencyLimit = 1 }, Job() with { ConcurrencyKey = "conc:work", ConcurrencyLimit = 1 } };
        await engine.EnqueueManyAsync(jobs);
        await db.StringSetAsync($"{prefix}:conc:work", "x");

        var fetched = await engine.FetchAsync(Fetch());

        Assert.Equal(jobs.Select(j => j.Id), fetched.Select(f => f.Id));
        var incident = Assert.Single(engine.Incidents.Active(), i => i.Kind == "concurrency_limit_skipped");
        Assert.Equal($"{prefix}:conc:work", incident.Key);
        // and the completions do not fail on it either
        Assert.All(await engine.AckAsync(fetched.Select(f => new JobCompletion(f.Id, f.LeaseToken, null, TimeSpan.Zero)).ToList()), Assert.True);
    }

    [Fact]
    public async Task A_waiting_list_of_another_type_at_release_leaves_its_waiters_waiting_and_the_completion_stands()
    {
        var (engine, db, prefix) = await NewAsync();
        var jobs = new[] { Job() with { ConcurrencyKey = "conc:work", ConcurrencyLimit = 1 }, Job() with { ConcurrencyKey = "conc:work", ConcurrencyLimit = 1 } };
        await engine.EnqueueManyAsync(jobs);
        var running = Assert.Single(await engine.FetchAsync(Fetch()));
        // the waiting list is replaced by a key of another type while the job runs
        await db.KeyDeleteAsync($"{prefix}:conc:work:waiting");
        await db.StringSetAsync($"{prefix}:conc:work:waiting", "x");

        Assert.True((await engine.AckAsync([new JobCompletion(running.Id, running.LeaseToken, null, TimeSpan.Zero)]))[0]);

        Assert.Equal(JobStatus.Completed, (await engine.GetJobAsync(running.Id))!.Status);
        var waiter = (await engine.GetJobAsync(jobs[1].Id))!;
        Assert.Equal(JobStatus.Waiting, waiter.Status); // still visible, with its gate named, for an operator to see
        Assert.Equal("conc:work:waiting", waiter.WaitingOn);
    }

    [Theory]
    [InlineData("seq:work:s")]
    [InlineData("debounce:work:d")]
    public async Task A_sequence_or_debounce_key_of_another_type_refuses_the_batch_before_any_write(string key)
    {
        var (engine, db, prefix) = await NewAsync();
        await db.HashSetAsync($"{prefix}:{key}", "f", "v");
        var plain = Job();
        var gated = key.StartsWith("seq", StringComparison.Ordinal)
            ? Job() with { SequenceLock = "work:s" }
            : Job() with { DebounceLock = "work:d", DebounceMode = DebounceMode.Replace };

        var error = await Assert.ThrowsAsync<RedisServerException>(() => engine.EnqueueManyAsync([plain, gated]));

        Assert.Contains($"{prefix}:{key} holds a hash, not a", error.Message);
        Assert.Contains("nothing was changed", error.Message);
        Assert.Null(await engine.GetJobAsync(plain.Id));
    }

    [Fact]
    public async Task A_stale_sequence_head_whose_record_is_gone_does_not_block_the_sequence()
    {
        var (engine, db, prefix) = await NewAsync();
        var head = Job() with { SequenceLock = "work:s" };
        await engine.EnqueueManyAsync([head]);
        // the head's record vanishes (deleted by hand) before it ran: nothing will ever release it
        await db.KeyDeleteAsync($"{prefix}:job:{head.Id}");
        await db.ListRightPopAsync($"{prefix}:route:default:queue:normal");

        var next = Job() with { SequenceLock = "work:s" };
        await engine.EnqueueManyAsync([next]);

        Assert.Equal(next.Id, Assert.Single(await engine.FetchAsync(Fetch())).Id);
        Assert.Equal([(RedisValue)next.Id.Value], await db.ListRangeAsync($"{prefix}:seq:work:s"));
    }
}

/// <summary>
/// An enqueue whose built keys (a unique lock, a sequence, a debounce key) an ACL refuses, while it allows the declared
/// ones: the batch is refused before its first write, so the jobs before the refused one are not stored either. Before,
/// the script failed at the refused key after storing the earlier jobs of the batch, while the caller got an error.
/// </summary>
public sealed class RedisEnqueueRefusedTests
{
    [Theory]
    [InlineData("unique")]
    [InlineData("seq")]
    [InlineData("debounce")]
    public async Task A_built_key_the_caller_may_not_write_refuses_the_whole_batch_before_any_write(string family)
    {
        // everything of the prefix but the family's keys, which the user may only read
        await RedisAclUser.WithUserAsync(["~{p}:job:*", "~{p}:route:*", "~{p}:queue:*", "~{p}:routes", "~{p}:paused", "%R~{p}:" + family + ":*"], async (connection, admin, prefix) =>
        {
            var engine = new RedisQueueEngine(connection, new QueueEngineOptions { Prefix = prefix });
            var plain = new JobRecord { Id = JobId.New(), Name = "work", Payload = "{}" };
            var gated = family switch
            {
                "unique" => plain with { Id = JobId.New(), UniqueLock = "work:u", UniqueScope = UniqueScope.WhileQueued },
                "seq" => plain with { Id = JobId.New(), SequenceLock = "work:s" },
                _ => plain with { Id = JobId.New(), DebounceLock = "work:d", DebounceMode = DebounceMode.Replace },
            };

            var error = await Assert.ThrowsAsync<RedisServerException>(() => engine.EnqueueManyAsync([plain, gated]));

            Assert.StartsWith($"NOPERM Redis refused {prefix}:{family}:work:", error.Message);
            Assert.EndsWith("nothing was changed", error.Message);
            Assert.False(await admin.KeyExistsAsync($"{prefix}:job:{plain.Id}"));
            Assert.Equal(0, await admin.ListLengthAsync($"{prefix}:route:default:queue:normal"));
        });
    }
}

/// <summary>
/// One fetch holds back at most 1,000 gated jobs (fetch-n.lua's MAX_HELD): a backlog of a concurrency-limited task is not
/// walked whole by one script (which would block Redis for as long), and the plain jobs behind it are reached by the
/// following fetches, in order, nothing lost.
/// </summary>
public sealed class RedisFetchHeldBoundTests
{
    [Fact]
    public async Task A_fetch_parks_at_most_a_thousand_gated_jobs_and_the_rest_stay_queued_in_order()
    {
        var server = await RedisServer.GetAsync();
        var prefix = RedisServer.NewPrefix();
        var engine = new RedisQueueEngine(server.Connection, new QueueEngineOptions { Prefix = prefix });
        var db = server.Connection.GetDatabase();
        var gated = Enumerable.Range(0, 2_501).Select(_ => new JobRecord { Id = JobId.New(), Name = "work", Payload = "{}", ConcurrencyKey = "conc:work", ConcurrencyLimit = 1 }).ToList();
        var plain = Enumerable.Range(0, 3).Select(_ => new JobRecord { Id = JobId.New(), Name = "work", Payload = "{}" }).ToList();
        await engine.EnqueueManyAsync([.. gated, .. plain]);
        var fetch = new FetchRequest([new RouteDemand(RoutingKey.Default, 10)], 10, TimeSpan.FromSeconds(30), "w");

        var first = await engine.FetchAsync(fetch);

        Assert.Equal(gated[0].Id, Assert.Single(first).Id); // the one slot; then 1,000 parked and the call stopped
        Assert.Equal(1_000, await db.ListLengthAsync($"{prefix}:conc:work:waiting"));
        var queue = $"{prefix}:route:default:queue:normal";
        Assert.Equal(1_500 + 3, await db.ListLengthAsync(queue));
        Assert.Equal(gated[1_001].Id.Value, (string?)await db.ListGetByIndexAsync(queue, -1)); // the next in line, at the consumer end
        var second = await engine.FetchAsync(fetch);
        Assert.Empty(second);
        var third = await engine.FetchAsync(fetch);
        Assert.Equal(plain.Select(j => j.Id), third.Select(f => f.Id)); // past the last gated ones, the plain jobs in order
        Assert.Equal(2_500, await db.ListLengthAsync($"{prefix}:conc:work:waiting"));
    }
}

/// <summary>
/// A gate the fetching user may read but not write (an ACL): pruning a stale slot must not fail the fetch after it has
/// leased earlier jobs of the same call. Before, its ZREM was a plain call and the script failed mid-way.
/// </summary>
public sealed class RedisGateReadOnlyTests
{
    [Fact]
    public async Task A_read_only_gate_lets_the_job_run_without_its_limit_and_the_fetch_completes()
    {
        await RedisAclUser.WithUserAsync(["~{p}:job:*", "~{p}:route:*", "~{p}:queue:*", "~{p}:routes", "~{p}:paused", "%R~{p}:conc:*"], async (connection, admin, prefix) =>
        {
            var owner = new RedisQueueEngine((await RedisServer.GetAsync()).Connection, new QueueEngineOptions { Prefix = prefix });
            var plain = new JobRecord { Id = JobId.New(), Name = "work", Payload = "{}" };
            var gated = new JobRecord { Id = JobId.New(), Name = "work", Payload = "{}", ConcurrencyKey = "conc:work", ConcurrencyLimit = 1 };
            await owner.EnqueueManyAsync([plain, gated]);
            await admin.SortedSetAddAsync($"{prefix}:conc:work", "ghost", 1); // a slot whose job holds no lease: full, and stale
            var engine = new RedisQueueEngine(connection, new QueueEngineOptions { Prefix = prefix });

            var fetched = await engine.FetchAsync(new FetchRequest([new RouteDemand(RoutingKey.Default, 10)], 10, TimeSpan.FromSeconds(30), "w"));

            Assert.Equal(new[] { plain.Id, gated.Id }, fetched.Select(f => f.Id));
            Assert.Contains(engine.Incidents.Active(), i => i.Kind == "concurrency_limit_skipped");
        });
    }
}
