using Bananas.Tasks.Engine;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>
/// A scheduled-ZSET entry whose job already ran (a foreign producer also pushed the id onto its queue, chaos case
/// B3.103) or is running: promote drops the entry and leaves the job as it is, so the job never runs a second time.
/// </summary>
public sealed class RedisStaleScheduleEntryTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_scheduled_job_that_already_ran_from_a_foreign_queue_entry_is_not_queued_again_when_due()
    {
        var server = await RedisServer.GetAsync();
        var time = new FakeTimeProvider(Start);
        var prefix = RedisServer.NewPrefix();
        var engine = new RedisQueueEngine(server.Connection, new QueueEngineOptions { Prefix = prefix, TimeProvider = time });
        var db = server.Connection.GetDatabase();
        var job = new JobRecord { Id = JobId.New(), Name = "noop", Payload = "{}", ScheduledFor = Start.AddSeconds(30) };
        Assert.True(await engine.EnqueueAsync(job));
        await db.ListLeftPushAsync($"{prefix}:route:default:queue:normal", job.Id.Value);

        var fetched = await engine.FetchAsync(new FetchRequest([new RouteDemand(RoutingKey.Default, 10)], 10, TimeSpan.FromSeconds(30), "worker-1"));
        Assert.Equal(job.Id, Assert.Single(fetched).Id);
        Assert.Equal(new[] { true }, (await engine.AckAsync([new JobCompletion(job.Id, fetched[0].LeaseToken, null, TimeSpan.Zero)])).ToArray());
        time.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(0, await engine.PromoteDueAsync(100));
        Assert.Equal("completed", (string?)await db.HashGetAsync($"{prefix}:job:{job.Id}", "status"));
        Assert.Equal(0, await db.ListLengthAsync($"{prefix}:route:default:queue:normal"));
        Assert.Equal(0, await db.SortedSetLengthAsync($"{prefix}:queue:scheduled"));
    }

    [Fact]
    public async Task A_scheduled_job_running_under_a_lease_when_due_is_left_running_and_not_queued()
    {
        var server = await RedisServer.GetAsync();
        var time = new FakeTimeProvider(Start);
        var prefix = RedisServer.NewPrefix();
        var engine = new RedisQueueEngine(server.Connection, new QueueEngineOptions { Prefix = prefix, TimeProvider = time });
        var db = server.Connection.GetDatabase();
        var job = new JobRecord { Id = JobId.New(), Name = "noop", Payload = "{}", ScheduledFor = Start.AddSeconds(30) };
        Assert.True(await engine.EnqueueAsync(job));
        await db.ListLeftPushAsync($"{prefix}:route:default:queue:normal", job.Id.Value);
        var fetched = await engine.FetchAsync(new FetchRequest([new RouteDemand(RoutingKey.Default, 10)], 10, TimeSpan.FromSeconds(60), "worker-1"));
        Assert.Single(fetched);
        time.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(0, await engine.PromoteDueAsync(100));
        Assert.Equal("processing", (string?)await db.HashGetAsync($"{prefix}:job:{job.Id}", "status"));
        Assert.Equal(fetched[0].LeaseToken, (string?)await db.HashGetAsync($"{prefix}:job:{job.Id}", "lease_token"));
        Assert.Equal(0, await db.ListLengthAsync($"{prefix}:route:default:queue:normal"));
    }
}
