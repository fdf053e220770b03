using Bananas.Tasks.Engine;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>
/// No script fails after its first write (issue 9): keys of the wrong type written straight into Redis, and an ACL
/// user that may not PUBLISH. Lua scripts are not transactions, so a command failing mid-script would leave the
/// writes before it behind; each case checks what the others in the batch became.
/// </summary>
public sealed class RedisScriptWriteOrderTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private static async Task<(RedisQueueEngine Engine, IDatabase Db, string P, FakeTimeProvider Time)> NewAsync(IConnectionMultiplexer? connection = null, string? prefix = null)
    {
        var server = await RedisServer.GetAsync();
        var time = new FakeTimeProvider(Start);
        prefix ??= RedisServer.NewPrefix();
        return (new RedisQueueEngine(connection ?? server.Connection, new QueueEngineOptions { Prefix = prefix, TimeProvider = time }), server.Connection.GetDatabase(), prefix, time);
    }

    private static JobRecord Job(string route = "default", Priority priority = Priority.Normal, int maxRetries = 2) =>
        new() { Id = JobId.New(), Name = "noop", Payload = "{}", RoutingKey = RoutingKey.Parse(route), Priority = priority, MaxRetries = maxRetries };

    private static FetchRequest Request(params string[] routes) =>
        new(routes.Select(r => new RouteDemand(RoutingKey.Parse(r), 10)).ToList(), 10, TimeSpan.FromSeconds(30), "worker-1");

    [Fact]
    public async Task A_route_queue_key_holding_a_string_is_skipped_and_the_jobs_fetched_before_it_stay_leased()
    {
        var (engine, db, p, _) = await NewAsync();
        var first = Job("default");
        var after = Job("later");
        await engine.EnqueueManyAsync([first, after]);
        await db.StringSetAsync($"{p}:route:middle:queue:normal", "not a list");

        var fetched = await engine.FetchAsync(Request("default", "middle", "later"));

        Assert.Equal(new[] { first.Id, after.Id }, fetched.Select(f => f.Id).ToArray());
        Assert.Equal(2, await db.SortedSetLengthAsync($"{p}:queue:leases"));
        Assert.Equal("not a list", (string?)await db.StringGetAsync($"{p}:route:middle:queue:normal"));
    }

    [Fact]
    public async Task A_popped_id_whose_job_key_holds_a_string_is_dropped_and_the_rest_of_the_batch_is_leased()
    {
        var (engine, db, p, _) = await NewAsync();
        var a = Job();
        await engine.EnqueueAsync(a);
        var stray = JobId.New();
        await db.StringSetAsync($"{p}:job:{stray}", "not a hash");
        await db.ListLeftPushAsync($"{p}:route:default:queue:normal", stray.Value);
        var c = Job();
        await engine.EnqueueAsync(c);

        var fetched = await engine.FetchAsync(Request("default"));

        Assert.Equal(new[] { a.Id, c.Id }, fetched.Select(f => f.Id).ToArray());
        Assert.Equal(2, await db.SortedSetLengthAsync($"{p}:queue:leases"));
        Assert.Equal(0, await db.ListLengthAsync($"{p}:route:default:queue:normal"));
        Assert.Equal("not a hash", (string?)await db.StringGetAsync($"{p}:job:{stray}"));
    }

    [Fact]
    public async Task An_enqueue_whose_queue_key_holds_a_string_is_refused_before_any_job_of_the_batch_is_written()
    {
        var (engine, db, p, _) = await NewAsync();
        var a = Job("default");
        var b = Job("broken");
        await db.StringSetAsync($"{p}:route:broken:queue:normal", "not a list");

        var ex = await Assert.ThrowsAsync<RedisServerException>(() => engine.EnqueueManyAsync([a, b]));

        Assert.Contains("WRONGTYPE", ex.Message);
        Assert.Contains($"{p}:route:broken:queue:normal", ex.Message);
        Assert.Contains("nothing was changed", ex.Message);
        Assert.False(await db.KeyExistsAsync($"{p}:job:{a.Id}"));
        Assert.Equal(0, await db.ListLengthAsync($"{p}:route:default:queue:normal"));
        Assert.False(await db.KeyExistsAsync($"{p}:routes"));
    }

    [Fact]
    public async Task An_ack_batch_with_a_job_key_replaced_by_a_string_completes_the_others()
    {
        var (engine, db, p, _) = await NewAsync();
        var a = Job();
        var b = Job();
        await engine.EnqueueManyAsync([a, b]);
        var fetched = await engine.FetchAsync(Request("default"));
        await db.KeyDeleteAsync($"{p}:job:{b.Id}");
        await db.StringSetAsync($"{p}:job:{b.Id}", "not a hash");

        var acked = await engine.AckAsync(fetched.Select(f => new JobCompletion(f.Id, f.LeaseToken, "42", TimeSpan.FromMilliseconds(1))).ToList());

        Assert.Equal(new[] { true, false }, acked.ToArray());
        Assert.Equal(JobStatus.Completed, (await engine.GetJobAsync(a.Id))!.Status);
        Assert.Equal("42", (await engine.GetResultAsync(a.Id))!.ResultJson);
        Assert.Equal("not a hash", (string?)await db.StringGetAsync($"{p}:job:{b.Id}"));
    }

    [Theory]
    [InlineData(true, "dead")]
    [InlineData(false, "scheduled")]
    public async Task A_failure_whose_target_key_holds_a_string_changes_nothing(bool permanent, string target)
    {
        var (engine, db, p, time) = await NewAsync();
        var a = Job();
        await engine.EnqueueAsync(a);
        var fetched = Assert.Single(await engine.FetchAsync(Request("default")));
        await db.StringSetAsync($"{p}:queue:{target}", "not a collection");
        var before = await db.HashGetAllAsync($"{p}:job:{a.Id}");

        var ex = await Assert.ThrowsAsync<RedisServerException>(() => engine.FailAsync(new JobFailure(a.Id, fetched.LeaseToken, "boom", "X", permanent, time.GetUtcNow().AddSeconds(1), TimeSpan.Zero)));

        Assert.Contains("nothing was changed", ex.Message);
        Assert.NotNull(await db.SortedSetScoreAsync($"{p}:queue:leases", a.Id.Value));
        Assert.Equal(before.OrderBy(e => (string)e.Name!).Select(e => $"{e.Name}={e.Value}"), (await db.HashGetAllAsync($"{p}:job:{a.Id}")).OrderBy(e => (string)e.Name!).Select(e => $"{e.Name}={e.Value}"));
    }

    [Fact]
    public async Task A_renewal_batch_with_a_job_key_replaced_by_a_string_reports_that_lease_lost_and_renews_the_others()
    {
        var (engine, db, p, time) = await NewAsync();
        var a = Job();
        var b = Job();
        await engine.EnqueueManyAsync([a, b]);
        var fetched = await engine.FetchAsync(Request("default"));
        await db.KeyDeleteAsync($"{p}:job:{b.Id}");
        await db.StringSetAsync($"{p}:job:{b.Id}", "not a hash");
        time.Advance(TimeSpan.FromSeconds(10));

        var lost = await engine.RenewLeasesAsync(fetched.Select(f => f.Lease).ToList(), TimeSpan.FromSeconds(30));

        Assert.Equal(new[] { b.Id }, lost.ToArray());
        Assert.Equal((time.GetUtcNow() + TimeSpan.FromSeconds(30)).ToUnixTimeMilliseconds(), await db.SortedSetScoreAsync($"{p}:queue:leases", a.Id.Value));
    }

    [Fact]
    public async Task With_PUBLISH_refused_by_an_ACL_enqueue_ack_and_fail_still_do_all_they_report()
    {
        var server = await RedisServer.GetAsync();
        var admin = server.Connection.GetDatabase();
        var user = "bt-nopublish-" + Guid.NewGuid().ToString("N")[..8];
        await admin.ExecuteAsync("ACL", "SETUSER", user, "on", ">secret", "~*", "&*", "+@all", "-publish");
        try
        {
            var options = ConfigurationOptions.Parse(server.Endpoint);
            options.User = user;
            options.Password = "secret";
            options.AbortOnConnectFail = false;
            await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
            var (engine, db, p, time) = await NewAsync(connection);
            var a = Job();
            var b = Job(maxRetries: 0);

            Assert.True(await engine.EnqueueAsync(a));
            Assert.True(await engine.EnqueueAsync(b));
            Assert.Equal(2, await db.ListLengthAsync($"{p}:route:default:queue:normal"));
            var fetched = await engine.FetchAsync(Request("default"));
            Assert.Equal(2, fetched.Count);

            Assert.Equal(new[] { true }, (await engine.AckAsync([new JobCompletion(a.Id, fetched[0].LeaseToken, "1", TimeSpan.Zero)])).ToArray());
            Assert.Equal("1", (await engine.GetResultAsync(a.Id))!.ResultJson);
            Assert.Equal(FailOutcome.DeadLettered, await engine.FailAsync(new JobFailure(b.Id, fetched[1].LeaseToken, "boom", "X", false, time.GetUtcNow(), TimeSpan.Zero)));
            Assert.Equal(JobStatus.Failed, (await engine.GetResultAsync(b.Id))!.Status);
        }
        finally
        {
            await admin.ExecuteAsync("ACL", "DELUSER", user);
        }
    }
}
