using Bananas.Tasks.Engine;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>snooze-3.lua on a real Redis: what it writes (docs/wire-format.md), and that it refuses before any write.</summary>
public sealed class RedisSnoozeTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private static async Task<(RedisQueueEngine Engine, IDatabase Db, string P, FakeTimeProvider Time)> NewAsync()
    {
        var server = await RedisServer.GetAsync();
        var time = new FakeTimeProvider(Start);
        var prefix = RedisServer.NewPrefix();
        return (new RedisQueueEngine(server.Connection, new QueueEngineOptions { Prefix = prefix, TimeProvider = time }), server.Connection.GetDatabase(), prefix, time);
    }

    private static JobRecord Job() => new() { Id = JobId.New(), Name = "noop", Payload = "{}", MaxRetries = 2 };

    private static FetchRequest Request() => new([new RouteDemand(RoutingKey.Default, 10)], 10, TimeSpan.FromSeconds(30), "worker-1");

    [Fact]
    public async Task Snooze_writes_the_fields_of_the_wire_format()
    {
        var (engine, db, p, time) = await NewAsync();
        var job = Job();
        await engine.EnqueueAsync(job);
        var fetched = Assert.Single(await engine.FetchAsync(Request()));
        var due = time.GetUtcNow().AddSeconds(90);
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.True(await engine.SnoozeAsync(new JobSnooze(job.Id, fetched.LeaseToken, due, TimeSpan.FromSeconds(2))));

        var key = $"{p}:job:{job.Id}";
        var fields = JobHashCodec.ToDictionary(await db.HashGetAllAsync(key));
        Assert.Equal("scheduled", fields["status"]);
        Assert.Equal("0", fields["attempts"]);
        Assert.Equal("1", fields["snoozes"]);
        Assert.Equal(JobHashCodec.FormatTime(due), fields["scheduled_for"]);
        Assert.Equal(JobHashCodec.FormatTime(time.GetUtcNow()), fields["updated_at"]);
        Assert.False(fields.ContainsKey("worker_id"));
        Assert.False(fields.ContainsKey("lease_token"));
        Assert.False(fields.ContainsKey("error"));
        Assert.False(fields.ContainsKey("error_type"));
        Assert.False(fields.ContainsKey("error_history"));
        Assert.Null(await db.SortedSetScoreAsync($"{p}:queue:leases", job.Id.Value));
        Assert.Equal(JobHashCodec.ToUnixSeconds(due), await db.SortedSetScoreAsync($"{p}:queue:scheduled", job.Id.Value));
    }

    [Fact]
    public async Task Snooze_whose_scheduled_key_holds_a_string_is_refused_before_any_write()
    {
        var (engine, db, p, time) = await NewAsync();
        var job = Job();
        await engine.EnqueueAsync(job);
        var fetched = Assert.Single(await engine.FetchAsync(Request()));
        await db.StringSetAsync($"{p}:queue:scheduled", "not a zset");
        var before = await db.HashGetAllAsync($"{p}:job:{job.Id}");
        var leaseScore = await db.SortedSetScoreAsync($"{p}:queue:leases", job.Id.Value);
        time.Advance(TimeSpan.FromSeconds(1));

        var ex = await Assert.ThrowsAsync<RedisServerException>(() => engine.SnoozeAsync(new JobSnooze(job.Id, fetched.LeaseToken, time.GetUtcNow().AddSeconds(5), TimeSpan.Zero)));

        Assert.StartsWith("WRONGTYPE", ex.Message);
        Assert.Contains($"{p}:queue:scheduled", ex.Message);
        Assert.Contains("nothing was changed", ex.Message);
        Assert.Equal(leaseScore, await db.SortedSetScoreAsync($"{p}:queue:leases", job.Id.Value));
        var after = await db.HashGetAllAsync($"{p}:job:{job.Id}");
        Assert.Equal(before.OrderBy(e => (string)e.Name!).Select(e => $"{e.Name}={e.Value}"), after.OrderBy(e => (string)e.Name!).Select(e => $"{e.Name}={e.Value}"));
        Assert.Equal("not a zset", (string?)await db.StringGetAsync($"{p}:queue:scheduled"));
        // the lease still holds: the job can be completed
        Assert.True((await engine.AckAsync([new JobCompletion(job.Id, fetched.LeaseToken, null, TimeSpan.Zero)]))[0]);
    }

    [Fact]
    public async Task Snooze_of_a_job_key_replaced_by_a_string_is_a_lost_lease()
    {
        var (engine, db, p, time) = await NewAsync();
        var job = Job();
        await engine.EnqueueAsync(job);
        var fetched = Assert.Single(await engine.FetchAsync(Request()));
        await db.KeyDeleteAsync($"{p}:job:{job.Id}");
        await db.StringSetAsync($"{p}:job:{job.Id}", "not a hash");

        Assert.False(await engine.SnoozeAsync(new JobSnooze(job.Id, fetched.LeaseToken, time.GetUtcNow(), TimeSpan.Zero)));

        Assert.Equal("not a hash", (string?)await db.StringGetAsync($"{p}:job:{job.Id}"));
        Assert.NotNull(await db.SortedSetScoreAsync($"{p}:queue:leases", job.Id.Value));
        Assert.Equal(0, await db.SortedSetLengthAsync($"{p}:queue:scheduled"));
    }

    [Theory]
    [InlineData("x")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("99999999999")]
    public async Task A_malformed_snoozes_field_is_a_decode_error_naming_it_at_fetch_and_reads_as_zero_when_listed(string value)
    {
        var (engine, db, p, _) = await NewAsync();
        var job = Job();
        await engine.EnqueueAsync(job);
        await db.HashSetAsync($"{p}:job:{job.Id}", "snoozes", value);

        var fetched = Assert.Single(await engine.FetchAsync(Request()));

        Assert.Null(fetched.Job);
        Assert.Contains($"field 'snoozes' has value '{value}'", fetched.DecodeError);
        Assert.Equal(0, (await engine.GetJobAsync(job.Id))!.Snoozes);
    }
}
