using System.Collections.Concurrent;
using Bananas.Tasks.Client;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Hosting;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Worker;

/// <summary>Every worker test on real Redis, plus the bad inputs only Redis can hold.</summary>
public sealed class RedisWorkerTests : WorkerTests
{
    protected override async Task<IQueueEngine> CreateEngineAsync()
    {
        var server = await RedisServer.GetAsync();
        return new RedisQueueEngine(server.Connection, new QueueEngineOptions { Prefix = RedisServer.NewPrefix() });
    }

    [Fact]
    public async Task A_malformed_job_record_is_dead_lettered_with_an_error_naming_the_field()
    {
        var server = await RedisServer.GetAsync();
        var prefix = RedisServer.NewPrefix();
        var engine = new RedisQueueEngine(server.Connection, new QueueEngineOptions { Prefix = prefix });
        await using var host = await WorkerHost.StartAsync(engine, b => b.AddTask("anything", _ => ValueTask.FromResult<string?>(null)));
        var db = server.Connection.GetDatabase();
        var id = Guid.NewGuid().ToString("D");
        await db.HashSetAsync($"{prefix}:job:{id}", [
            new HashEntry("id", id), new HashEntry("name", "anything"), new HashEntry("payload", "{}"),
            new HashEntry("status", "pending"), new HashEntry("priority", "urgent"), new HashEntry("routing_key", "default"),
            new HashEntry("attempts", "0"), new HashEntry("max_retries", "3"),
            new HashEntry("created_at", "2026-11-25T02:14:07.1234567Z"), new HashEntry("updated_at", "2026-11-25T02:14:07.1234567Z")]);
        await db.ListLeftPushAsync($"{prefix}:route:default:queue:normal", id);
        await db.PublishAsync(RedisChannel.Literal($"{prefix}:notify:default"), "wake");

        var job = await WaitForFieldAsync(db, $"{prefix}:job:{id}", "status", "failed");
        Assert.Equal("MalformedJobRecord", (string?)await db.HashGetAsync($"{prefix}:job:{id}", "error_type"));
        var error = (string?)await db.HashGetAsync($"{prefix}:job:{id}", "error");
        Assert.Contains("priority", error);
        Assert.Contains("urgent", error);
        Assert.Contains(id, (await db.ListRangeAsync($"{prefix}:queue:dead")).Select(v => (string)v!));
        Assert.Equal(0, await db.SortedSetLengthAsync($"{prefix}:queue:leases"));
    }

    [Fact]
    public async Task A_queued_id_without_a_record_is_dead_lettered_not_dropped()
    {
        var server = await RedisServer.GetAsync();
        var prefix = RedisServer.NewPrefix();
        var engine = new RedisQueueEngine(server.Connection, new QueueEngineOptions { Prefix = prefix });
        await using var host = await WorkerHost.StartAsync(engine, b => b.AddTask("anything", _ => ValueTask.FromResult<string?>(null)));
        var db = server.Connection.GetDatabase();
        var id = Guid.NewGuid().ToString("D");
        await db.ListLeftPushAsync($"{prefix}:route:default:queue:high", id);
        await db.PublishAsync(RedisChannel.Literal($"{prefix}:notify:default"), "wake");

        await WaitForFieldAsync(db, $"{prefix}:job:{id}", "status", "failed");
        Assert.Equal("MissingJobRecord", (string?)await db.HashGetAsync($"{prefix}:job:{id}", "error_type"));
        Assert.Contains(id, (await db.ListRangeAsync($"{prefix}:queue:dead")).Select(v => (string)v!));
    }

    [Fact]
    public async Task A_worker_started_while_Redis_is_down_starts_working_when_Redis_comes_up()
    {
        await using var redis = new RedisProcess();
        var ran = new TaskCompletionSource<string>();
        var host = await StartRedisHostAsync(redis.Url, b => b.AddTask("hello", ctx => { ran.TrySetResult(ctx.Payload); return ValueTask.FromResult<string?>("\"hi\""); }));
        try
        {
            await Task.Delay(500); // the worker is up and its loops retry against a closed port
            await redis.StartAsync();
            var client = host.Services.GetRequiredService<IBananasClient>();
            var id = await EnqueueWithRetryAsync(client, "hello", """{"n":1}""");
            Assert.Equal("""{"n":1}""", await ran.Task.WaitAsync(TimeSpan.FromSeconds(20)));
            Assert.Equal("\"hi\"", (await client.WaitForResultAsync(id, TimeSpan.FromSeconds(20))).ResultJson);
        }
        finally
        {
            await host.StopAsync();
            host.Dispose();
        }
    }

    [Fact]
    public async Task Jobs_resume_after_Redis_goes_down_mid_run_and_comes_back()
    {
        await using var redis = new RedisProcess();
        await redis.StartAsync();
        var completed = new ConcurrentDictionary<string, int>();
        var host = await StartRedisHostAsync(redis.Url, b => b.AddTask("work", async ctx =>
        {
            await Task.Delay(100, ctx.CancellationToken);
            completed.AddOrUpdate(ctx.Payload, 1, (_, n) => n + 1);
            return null;
        }));
        try
        {
            var client = host.Services.GetRequiredService<IBananasClient>();
            var payloads = Enumerable.Range(0, 30).Select(i => $$"""{"i":{{i}}}""").ToList();
            await client.EnqueueManyAsync(payloads.Select(p => new TaskEnvelope("work", p)).ToList());
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (completed.Count < 5 && DateTime.UtcNow < deadline) await Task.Delay(20);
            Assert.True(completed.Count >= 5, "some jobs ran before the outage");

            await redis.StopAsync();
            await Task.Delay(1500);
            await redis.StartAsync();

            deadline = DateTime.UtcNow.AddSeconds(40);
            while (completed.Count < payloads.Count && DateTime.UtcNow < deadline) await Task.Delay(50);
            Assert.Equal(payloads.Order(), completed.Keys.Order());
            // at-least-once: a job whose completion could not be recorded during the outage may run again, nothing is lost
            var engine = host.Services.GetRequiredService<IQueueEngine>();
            var depths = await engine.GetQueueDepthsAsync();
            Assert.Equal(0, depths.Dead);
        }
        finally
        {
            await host.StopAsync();
            host.Dispose();
        }
    }

    [Fact]
    public async Task Stopping_while_Redis_is_down_does_not_wait_for_engine_timeouts()
    {
        await using var redis = new RedisProcess();
        await redis.StartAsync();
        var host = await StartRedisHostAsync(redis.Url, b => b.AddTask("noop", _ => ValueTask.FromResult<string?>(null)));
        try
        {
            var client = host.Services.GetRequiredService<IBananasClient>();
            var id = await client.EnqueueAsync("noop", "{}");
            await client.WaitForResultAsync(id, TimeSpan.FromSeconds(10));
            await redis.StopAsync();
            await Task.Delay(300);
            var stopwatch = System.Diagnostics.Stopwatch.StartNew();
            await host.StopAsync();
            Console.WriteLine($"stop with Redis down: {stopwatch.Elapsed.TotalSeconds:0.00} s");
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(4), $"stopping took {stopwatch.Elapsed.TotalSeconds:0.0} s");
        }
        finally
        {
            host.Dispose();
        }
    }

    private static async Task<IHost> StartRedisHostAsync(string url, Action<IBananasBuilder> tasks)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        var bananas = builder.Services.AddBananas().UseRedis(url).AddWorker(o =>
        {
            o.LeaseDuration = TimeSpan.FromSeconds(3);
            o.IdlePollInterval = TimeSpan.FromMilliseconds(300);
            o.MaintenanceInterval = TimeSpan.FromMilliseconds(200);
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(20);
            o.Concurrency = 4;
        });
        tasks(bananas);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task<JobId> EnqueueWithRetryAsync(IBananasClient client, string task, string payload)
    {
        var id = JobId.New();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                await client.EnqueueAsync(task, payload, new JobOptions { JobId = id }); // same id: a retried enqueue is idempotent
                return id;
            }
            catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    private static async Task<HashEntry[]> WaitForFieldAsync(IDatabase db, string key, string field, string value)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if ((string?)await db.HashGetAsync(key, field) == value) return await db.HashGetAllAsync(key);
            await Task.Delay(20);
        }
        throw new TimeoutException($"{key} {field} never became '{value}': {string.Join(", ", (await db.HashGetAllAsync(key)).Select(e => $"{e.Name}={e.Value}"))}");
    }
}
