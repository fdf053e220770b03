using Bananas.Tasks.Client;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Client;

/// <summary>
/// An enqueue result the caller can trust (issue 9): a timed-out enqueue is retried with the same id (enqueue is
/// idempotent by id), so a call that returns stored the job once, and a call that throws says whether it may have.
/// Each test has its own redis-server: CLIENT PAUSE stops every client of a server.
/// </summary>
public sealed class EnqueueRetryTests
{
    private static async Task<(RedisProcess Redis, ConnectionMultiplexer Connection, ConnectionMultiplexer Admin)> StartAsync(int asyncTimeoutMs)
    {
        var redis = new RedisProcess(persistent: false);
        await redis.StartAsync();
        var options = ConfigurationOptions.Parse($"127.0.0.1:{redis.Port}");
        options.AsyncTimeout = asyncTimeoutMs;
        options.SyncTimeout = asyncTimeoutMs;
        options.AbortOnConnectFail = false;
        var connection = await ConnectionMultiplexer.ConnectAsync(options);
        var admin = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redis.Port},allowAdmin=true");
        return (redis, connection, admin);
    }

    [Fact]
    public async Task An_enqueue_that_timed_out_while_Redis_was_paused_is_retried_with_the_same_id_and_stored_once()
    {
        var (redis, connection, admin) = await StartAsync(asyncTimeoutMs: 400);
        await using var _ = redis;
        using var __ = connection;
        using var ___ = admin;
        var engine = new RedisQueueEngine(connection, new QueueEngineOptions { Prefix = "p" });
        var client = new BananasClient(engine);
        await engine.EnqueueAsync(new JobRecord { Id = JobId.New(), Name = "warm", Payload = "{}" }); // scripts loaded

        await admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "1000", "WRITE");
        var id = await client.EnqueueAsync("work", "{}");

        var db = admin.GetDatabase();
        Assert.True(await db.KeyExistsAsync($"p:job:{id}"));
        var queued = (await db.ListRangeAsync("p:route:default:queue:normal")).Select(v => (string)v!).Where(v => v == id.Value).Count();
        Assert.Equal(1, queued);
    }

    [Fact]
    public async Task An_enqueue_that_times_out_on_every_try_throws_saying_the_job_may_have_been_stored()
    {
        var (redis, connection, admin) = await StartAsync(asyncTimeoutMs: 300);
        await using var _ = redis;
        using var __ = connection;
        using var ___ = admin;
        var engine = new RedisQueueEngine(connection, new QueueEngineOptions { Prefix = "p" });
        var client = new BananasClient(engine);
        await engine.EnqueueAsync(new JobRecord { Id = JobId.New(), Name = "warm", Payload = "{}" });
        var id = JobId.New();

        await admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "4000", "WRITE");
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => client.EnqueueAsync("work", "{}", new JobOptions { JobId = id }));

        Assert.Contains("may have been stored", ex.Message);
        Assert.Contains(id.Value, ex.Message);
        await admin.GetDatabase().ExecuteAsync("CLIENT", "UNPAUSE");
        // Whether a try ran once Redis resumed depends on whether its connection survived; either way at most once,
        // and the advice of the exception — enqueue again with the same id — leaves exactly one.
        await Task.Delay(300);
        Assert.InRange((await admin.GetDatabase().ListRangeAsync("p:route:default:queue:normal")).Count(v => (string)v! == id.Value), 0, 1);
        Assert.Equal(id, await client.EnqueueAsync("work", "{}", new JobOptions { JobId = id }));
        Assert.Equal(1, (await admin.GetDatabase().ListRangeAsync("p:route:default:queue:normal")).Count(v => (string)v! == id.Value));
    }

    [Fact]
    public async Task An_enqueue_whose_connection_is_killed_mid_call_is_retried_and_stored_once()
    {
        var (redis, connection, admin) = await StartAsync(asyncTimeoutMs: 2000);
        await using var _ = redis;
        using var __ = connection;
        using var ___ = admin;
        var engine = new RedisQueueEngine(connection, new QueueEngineOptions { Prefix = "p" });
        var client = new BananasClient(engine);
        await engine.EnqueueAsync(new JobRecord { Id = JobId.New(), Name = "warm", Payload = "{}" });

        // Pause so the call is in flight, then kill the engine's connections while it waits.
        await admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "500", "WRITE");
        var call = client.EnqueueAsync("work", "{}");
        await Task.Delay(100);
        await admin.GetDatabase().ExecuteAsync("CLIENT", "KILL", "SKIPME", "yes");
        var id = await call;

        var db = admin.GetDatabase();
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!await db.KeyExistsAsync($"p:job:{id}") && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.True(await db.KeyExistsAsync($"p:job:{id}"));
        Assert.Equal(1, (await db.ListRangeAsync("p:route:default:queue:normal")).Count(v => (string)v! == id.Value));
    }
}
