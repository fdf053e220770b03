using Bananas.Tasks.Engine;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using StackExchange.Redis.Profiling;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>
/// Release, cancel and requeue-dead put a job back into (or take it out of) its own queue. The script reads the job's
/// route and priority from the hash and derives the queue key itself: one round trip, and a record that cannot name
/// its queue (or a queue key of another type) is refused before anything is written.
/// </summary>
public sealed class RedisJobQueueInScriptTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    public enum Transition { Release, Cancel, RequeueDead }

    private static JobRecord Job() => new() { Id = JobId.New(), Name = "noop", Payload = "{}", MaxRetries = 2 };

    private static FetchRequest Request() => new([new RouteDemand(RoutingKey.Default, 10)], 10, TimeSpan.FromSeconds(30), "worker-1");

    private static async Task<(RedisQueueEngine Engine, IDatabase Db, IServer Server, string P, FakeTimeProvider Time)> NewAsync(IConnectionMultiplexer? connection = null)
    {
        var server = await RedisServer.GetAsync();
        var time = new FakeTimeProvider(Start);
        var prefix = RedisServer.NewPrefix();
        connection ??= server.Connection;
        return (new RedisQueueEngine(connection, new QueueEngineOptions { Prefix = prefix, TimeProvider = time }), server.Connection.GetDatabase(), server.Connection.GetServers()[0], prefix, time);
    }

    /// <summary>Puts a job where the path needs it: leased (release), pending (cancel) or dead (requeue-dead).</summary>
    private static async Task<(JobRecord Job, string? Token)> ArrangeAsync(RedisQueueEngine engine, FakeTimeProvider time, Transition path)
    {
        var job = Job();
        await engine.EnqueueAsync(job);
        if (path == Transition.Cancel) return (job, null);
        var fetched = Assert.Single(await engine.FetchAsync(Request()));
        if (path == Transition.RequeueDead)
            Assert.Equal(FailOutcome.DeadLettered, await engine.FailAsync(new JobFailure(job.Id, fetched.LeaseToken, "bad input", "X", true, time.GetUtcNow(), TimeSpan.Zero)));
        return (job, fetched.LeaseToken);
    }

    private static Task ActAsync(RedisQueueEngine engine, Transition path, JobId id, string? token) => path switch
    {
        Transition.Release => engine.ReleaseAsync(new LeaseRef(id, token!)),
        Transition.Cancel => engine.CancelAsync(id),
        _ => engine.RequeueDeadAsync(id),
    };

    /// <summary>Every key under the prefix with its type, whether it has a TTL, and its whole content.</summary>
    private static async Task<SortedDictionary<string, string>> SnapshotAsync(IDatabase db, IServer server, string prefix)
    {
        var snapshot = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await foreach (var key in server.KeysAsync(pattern: prefix + ":*"))
        {
            var type = await db.KeyTypeAsync(key);
            var content = type switch
            {
                RedisType.Hash => string.Join(",", (await db.HashGetAllAsync(key)).Select(e => $"{e.Name}={e.Value}").Order(StringComparer.Ordinal)),
                RedisType.List => string.Join(",", await db.ListRangeAsync(key)),
                RedisType.SortedSet => string.Join(",", (await db.SortedSetRangeByRankWithScoresAsync(key)).Select(e => $"{e.Element}@{e.Score}")),
                RedisType.Set => string.Join(",", (await db.SetMembersAsync(key)).Select(v => v.ToString()).Order(StringComparer.Ordinal)),
                RedisType.String => (string?)await db.StringGetAsync(key) ?? "",
                _ => "?",
            };
            snapshot[key.ToString()] = $"{type} ttl={(await db.KeyTimeToLiveAsync(key) is null ? "none" : "set")} {content}";
        }
        return snapshot;
    }

    public static TheoryData<Transition, string, string?, string> MalformedRecords()
    {
        var data = new TheoryData<Transition, string, string?, string>();
        (string Field, string? Value, string Problem)[] corruptions =
        [
            ("routing_key", "no such route!", "field 'routing_key' has value 'no such route!'; expected 1-64 characters of [A-Za-z0-9_-]"),
            ("routing_key", "", "field 'routing_key' has value ''; expected 1-64 characters of [A-Za-z0-9_-]"),
            ("routing_key", new string('r', 65), $"field 'routing_key' has value '{new string('r', 65)}'; expected 1-64 characters of [A-Za-z0-9_-]"),
            ("routing_key", "café", "field 'routing_key' has value 'café'; expected 1-64 characters of [A-Za-z0-9_-]"),
            ("priority", "urgent", "field 'priority' has value 'urgent'; expected high, normal or low"),
            ("priority", "High", "field 'priority' has value 'High'; expected high, normal or low"),
            ("priority", null, "field 'priority' is missing; expected high, normal or low"),
        ];
        foreach (var path in Enum.GetValues<Transition>())
            foreach (var (field, value, problem) in corruptions)
                data.Add(path, field, value, problem);
        return data;
    }

    [Theory]
    [MemberData(nameof(MalformedRecords))]
    public async Task A_record_whose_route_or_priority_cannot_name_a_queue_is_refused_and_nothing_is_written(Transition path, string field, string? value, string problem)
    {
        var (engine, db, server, p, time) = await NewAsync();
        var (job, token) = await ArrangeAsync(engine, time, path);
        var key = $"{p}:job:{job.Id}";
        if (value is null) await db.HashDeleteAsync(key, field);
        else await db.HashSetAsync(key, field, value);
        var before = await SnapshotAsync(db, server, p);
        time.Advance(TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ActAsync(engine, path, job.Id, token));

        var malformed = $"job record {key} is malformed: {problem}";
        Assert.Equal(path switch
        {
            Transition.Release => $"Cannot release job {job.Id} to its queue: {malformed}. Fail it instead (the worker does so for records it cannot read).",
            Transition.Cancel => $"Cannot cancel pending job {job.Id}: {malformed}. The worker that fetches it fails it with that error.",
            _ => $"Cannot requeue dead job {job.Id}: {malformed}. Fix the record or delete the job.",
        }, error.Message);
        Assert.Equal(before, await SnapshotAsync(db, server, p));
        // the script's words for the record are the C# decoder's words for it
        Assert.False(JobHashCodec.TryDecode(key, job.Id, JobHashCodec.ToDictionary(await db.HashGetAllAsync(key)), out _, out var decodeError));
        Assert.Equal(malformed, decodeError);
    }

    [Fact]
    public async Task With_both_route_and_priority_malformed_the_script_names_the_priority_first_as_the_decoder_does()
    {
        var (engine, db, _, p, _) = await NewAsync();
        var job = Job();
        await engine.EnqueueAsync(job);
        var key = $"{p}:job:{job.Id}";
        await db.HashSetAsync(key, [new("routing_key", "a b"), new("priority", "urgent")]);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => engine.CancelAsync(job.Id));

        Assert.False(JobHashCodec.TryDecode(key, job.Id, JobHashCodec.ToDictionary(await db.HashGetAllAsync(key)), out _, out var decodeError));
        Assert.Equal($"Cannot cancel pending job {job.Id}: {decodeError}. The worker that fetches it fails it with that error.", error.Message);
        Assert.Contains("field 'priority' has value 'urgent'", error.Message);
    }

    [Theory]
    [InlineData(Transition.Release)]
    [InlineData(Transition.Cancel)]
    [InlineData(Transition.RequeueDead)]
    public async Task A_queue_key_of_another_type_is_refused_before_any_write(Transition path)
    {
        var (engine, db, server, p, time) = await NewAsync();
        var (job, token) = await ArrangeAsync(engine, time, path);
        var queue = $"{p}:route:default:queue:normal";
        await db.KeyDeleteAsync(queue);
        await db.StringSetAsync(queue, "not a list");
        var before = await SnapshotAsync(db, server, p);

        var error = await Assert.ThrowsAsync<RedisServerException>(() => ActAsync(engine, path, job.Id, token));

        Assert.Equal(before, await SnapshotAsync(db, server, p));
        Assert.Equal($"WRONGTYPE {queue} holds a string, not a list; nothing was changed", error.Message);
    }

    [Fact]
    public async Task A_due_job_whose_queue_key_holds_another_type_is_dead_lettered_and_the_others_are_promoted()
    {
        var (engine, db, _, p, time) = await NewAsync();
        var blocked = Job() with { RoutingKey = RoutingKey.Parse("gpu"), ScheduledFor = Start.AddSeconds(5) };
        var fine = Job() with { ScheduledFor = Start.AddSeconds(6) };
        await engine.EnqueueManyAsync([blocked, fine]);
        var queue = $"{p}:route:gpu:queue:normal";
        await db.StringSetAsync(queue, "not a list");
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(1, await engine.PromoteDueAsync(10));

        var dead = Assert.Single(await engine.ListDeadAsync(0, 10));
        Assert.Equal(blocked.Id, dead.Id);
        Assert.Equal($"{queue} holds a string, not a list", dead.Error);
        Assert.Equal("WrongTypeQueue", dead.ErrorType);
        Assert.Equal("WrongTypeQueue", (await engine.GetResultAsync(blocked.Id))!.ErrorType);
        Assert.Equal([fine.Id.Value], (await db.ListRangeAsync($"{p}:route:default:queue:normal")).Select(v => v.ToString()).ToArray());
        Assert.Equal("not a list", (string?)await db.StringGetAsync(queue));
        Assert.Null(await engine.GetNextScheduledAsync());
    }

    [Fact]
    public async Task An_expired_lease_whose_queue_key_holds_another_type_is_dead_lettered_and_the_others_are_recovered()
    {
        var (engine, db, _, p, time) = await NewAsync();
        var blocked = Job() with { RoutingKey = RoutingKey.Parse("gpu") };
        var fine = Job();
        await engine.EnqueueManyAsync([blocked, fine]);
        Assert.Equal(2, (await engine.FetchAsync(new FetchRequest([new RouteDemand(RoutingKey.Parse("gpu"), 1), new RouteDemand(RoutingKey.Default, 1)], 2, TimeSpan.FromSeconds(30), "host-a"))).Count);
        var queue = $"{p}:route:gpu:queue:normal";
        await db.StringSetAsync(queue, "not a list");
        time.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(2, await engine.RecoverExpiredLeasesAsync(10));

        var dead = Assert.Single(await engine.ListDeadAsync(0, 10));
        Assert.Equal(blocked.Id, dead.Id);
        Assert.Equal($"lease expired: worker 'host-a' stopped renewing it during attempt 1; {queue} holds a string, not a list", dead.Error);
        Assert.Equal("LeaseExpired", dead.ErrorType);
        Assert.Equal([fine.Id.Value], (await db.ListRangeAsync($"{p}:route:default:queue:normal")).Select(v => v.ToString()).ToArray());
        Assert.Equal(0, await db.SortedSetLengthAsync($"{p}:queue:leases"));
    }

    [Theory]
    [InlineData("promote")]
    [InlineData("recover")]
    public async Task Promote_and_recover_refuse_a_dead_list_of_another_type_before_any_write(string transition)
    {
        var (engine, db, server, p, time) = await NewAsync();
        // one job to queue again and one that must be dead-lettered (its priority is unreadable)
        var jobs = new[] { Job(), Job() }.Select(j => j with { ScheduledFor = transition == "promote" ? Start.AddSeconds(5) : null }).ToArray();
        await engine.EnqueueManyAsync(jobs);
        if (transition == "recover") Assert.Equal(2, (await engine.FetchAsync(Request())).Count);
        await db.HashSetAsync($"{p}:job:{jobs[1].Id}", "priority", "urgent");
        await db.StringSetAsync($"{p}:queue:dead", "not a list");
        time.Advance(TimeSpan.FromSeconds(31));
        var before = await SnapshotAsync(db, server, p);

        var error = await Assert.ThrowsAsync<RedisServerException>(() => transition == "promote" ? engine.PromoteDueAsync(10) : engine.RecoverExpiredLeasesAsync(10));

        Assert.Equal(before, await SnapshotAsync(db, server, p));
        Assert.Equal($"WRONGTYPE {p}:queue:dead holds a string, not a list; nothing was changed", error.Message);
    }

    [Fact]
    public async Task Release_cancel_and_requeue_dead_are_one_round_trip_each()
    {
        var shared = await RedisServer.GetAsync();
        foreach (var script in new[] { RedisScripts.Release, RedisScripts.Cancel, RedisScripts.RequeueDead })
            await shared.Connection.GetServers()[0].ScriptLoadAsync(script.Text); // no NOSCRIPT retry in the count
        var options = ConfigurationOptions.Parse(shared.Endpoint);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
        var scope = new AsyncLocal<ProfilingSession?>();
        connection.RegisterProfiler(() => scope.Value);

        async Task<string[]> CommandsOf(Func<Task> act)
        {
            var session = new ProfilingSession();
            scope.Value = session;
            try { await act(); }
            finally { scope.Value = null; }
            return session.FinishProfiling().Select(c => c.Command).ToArray();
        }

        // each on its own prefix, so one job per transition
        var (engine, _, _, _, time) = await NewAsync(connection);
        var (leased, token) = await ArrangeAsync(engine, time, Transition.Release);
        Assert.Equal(["EVALSHA"], await CommandsOf(async () => Assert.True(await engine.ReleaseAsync(new LeaseRef(leased.Id, token!)))));
        (engine, _, _, _, time) = await NewAsync(connection);
        var (pending, _) = await ArrangeAsync(engine, time, Transition.Cancel);
        Assert.Equal(["EVALSHA"], await CommandsOf(async () => Assert.Equal(CancelOutcome.Cancelled, await engine.CancelAsync(pending.Id))));
        Assert.Equal(["EVALSHA"], await CommandsOf(async () => Assert.Equal(CancelOutcome.NotFound, await engine.CancelAsync(JobId.New()))));
        (engine, _, _, _, time) = await NewAsync(connection);
        var (dead, _) = await ArrangeAsync(engine, time, Transition.RequeueDead);
        Assert.Equal(["EVALSHA"], await CommandsOf(async () => Assert.True(await engine.RequeueDeadAsync(dead.Id))));
        Assert.Equal(["EVALSHA"], await CommandsOf(async () => Assert.False(await engine.RequeueDeadAsync(JobId.New()))));
    }

    [Fact]
    public async Task Release_and_requeue_dead_put_the_job_into_the_queue_its_hash_names()
    {
        var (engine, db, _, p, time) = await NewAsync();
        var job = Job() with { RoutingKey = RoutingKey.Parse("gpu-2"), Priority = Priority.Low };
        await engine.EnqueueAsync(job);
        var fetched = Assert.Single(await engine.FetchAsync(new FetchRequest([new RouteDemand(job.RoutingKey, 1)], 1, TimeSpan.FromSeconds(30), "w")));

        Assert.True(await engine.ReleaseAsync(new LeaseRef(job.Id, fetched.LeaseToken)));
        Assert.Equal([job.Id.Value], (await db.ListRangeAsync($"{p}:route:gpu-2:queue:low")).Select(v => v.ToString()).ToArray());
        Assert.Equal("0", (string?)await db.HashGetAsync($"{p}:job:{job.Id}", "attempts"));

        fetched = Assert.Single(await engine.FetchAsync(new FetchRequest([new RouteDemand(job.RoutingKey, 1)], 1, TimeSpan.FromSeconds(30), "w")));
        await engine.FailAsync(new JobFailure(job.Id, fetched.LeaseToken, "x", "X", true, time.GetUtcNow(), TimeSpan.Zero));
        Assert.Equal(0, await db.ListLengthAsync($"{p}:route:gpu-2:queue:low"));
        Assert.True(await engine.RequeueDeadAsync(job.Id));
        Assert.Equal([job.Id.Value], (await db.ListRangeAsync($"{p}:route:gpu-2:queue:low")).Select(v => v.ToString()).ToArray());
        Assert.Equal(0, await db.ListLengthAsync($"{p}:queue:dead"));
    }
}
