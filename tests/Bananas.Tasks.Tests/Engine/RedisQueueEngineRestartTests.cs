using Bananas.Tasks.Engine;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>
/// Redis going away mid-run: a private redis-server (AOF, fsync always) is killed and restarted on the same port
/// under a live engine. While it is down calls throw connection errors (never swallowed, never half-applied);
/// once it is back the same multiplexer reconnects and the queued and leased jobs carry on.
/// </summary>
public sealed class RedisQueueEngineRestartTests
{
    [Fact]
    public async Task The_engine_throws_while_redis_is_down_and_resumes_when_it_is_back()
    {
        await using var redis = new RedisProcess(persistent: true);
        await redis.StartAsync();
        var configuration = RedisConnectionString.Parse(redis.Url);
        configuration.ConnectTimeout = 1000;
        configuration.AsyncTimeout = 2000;
        configuration.ReconnectRetryPolicy = new LinearRetry(100);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(configuration);
        await using var engine = new RedisQueueEngine(connection, new QueueEngineOptions { TimeProvider = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero)) });
        var jobs = Enumerable.Range(0, 10).Select(_ => new JobRecord { Id = JobId.New(), Name = "work", Payload = "{}" }).ToList();
        await engine.EnqueueManyAsync(jobs);
        var request = new FetchRequest([new RouteDemand(RoutingKey.Default, 100)], 3, TimeSpan.FromMinutes(5), "w");
        var leased = await engine.FetchAsync(request);
        Assert.Equal(jobs.Take(3).Select(j => j.Id), leased.Select(f => f.Id));

        await redis.StopAsync();
        var error = await FirstFailureAsync(() => engine.FetchAsync(request));
        Assert.True(error is RedisConnectionException or RedisTimeoutException, error.ToString());

        await redis.StartAsync();
        var resumed = await FirstSuccessAsync(() => engine.FetchAsync(request with { MaxJobs = 100 }));

        Assert.Equal(jobs.Skip(3).Select(j => j.Id), resumed.Select(f => f.Id));
        var acks = await engine.AckAsync(leased.Concat(resumed).Select(f => new JobCompletion(f.Id, f.LeaseToken, null, TimeSpan.Zero)).ToList());
        Assert.All(acks, Assert.True);
        Assert.Equal(0, (await engine.GetQueueDepthsAsync()).Processing);
    }

    private static async Task<Exception> FirstFailureAsync(Func<Task> call)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                await call();
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                return ex;
            }
            Assert.True(DateTime.UtcNow < deadline, "engine calls kept succeeding after redis-server was killed");
            await Task.Delay(50);
        }
    }

    private static async Task<T> FirstSuccessAsync<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception ex) when ((ex is RedisException or TimeoutException) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
