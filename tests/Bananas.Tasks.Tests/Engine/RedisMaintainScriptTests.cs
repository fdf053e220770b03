using Bananas.Tasks.Engine;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>maintain-4.lua refuses before its first write when a key it writes holds another type, and it carries the dataset check.</summary>
public sealed class RedisMaintainScriptTests
{
    [Theory]
    [InlineData("queue:leases")]
    [InlineData("queue:dead")]
    public async Task A_wrong_type_key_refuses_the_round_before_any_write(string key)
    {
        var server = await RedisServer.GetAsync();
        var prefix = RedisServer.NewPrefix();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));
        var engine = new RedisQueueEngine(server.Connection, new QueueEngineOptions { Prefix = prefix, TimeProvider = time });
        var db = server.Connection.GetDatabase();
        var job = new JobRecord { Id = JobId.New(), Name = "noop", Payload = "{}", RoutingKey = RoutingKey.Default, ScheduledFor = time.GetUtcNow().AddSeconds(1) };
        await engine.EnqueueAsync(job);
        await db.StringSetAsync($"{prefix}:{key}", "not mine");
        time.Advance(TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAsync<RedisServerException>(() => engine.MaintainAsync(100));

        Assert.Contains("WRONGTYPE", error.Message);
        Assert.Contains("nothing was changed", error.Message);
        Assert.Equal(JobStatus.Scheduled, (await engine.GetJobAsync(job.Id))!.Status); // not promoted
        Assert.Equal(1, await db.SortedSetLengthAsync($"{prefix}:queue:scheduled"));
    }

    [Fact]
    public async Task A_round_reports_an_emptied_dataset_once_the_start_marker_was_written()
    {
        var server = await RedisServer.GetAsync();
        var prefix = RedisServer.NewPrefix();
        var engine = new RedisQueueEngine(server.Connection, new QueueEngineOptions { Prefix = prefix });
        await engine.MaintainAsync(10);
        Assert.Empty(engine.Incidents.Active());

        await engine.CheckAtStartAsync();
        await server.Connection.GetDatabase().KeyDeleteAsync($"{prefix}:instance");
        await engine.MaintainAsync(10);

        Assert.Contains(engine.Incidents.Active(), i => i.Kind == "dataset_emptied");
        Assert.True(await server.Connection.GetDatabase().KeyExistsAsync($"{prefix}:instance")); // written again
    }
}
