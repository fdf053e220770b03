using Bananas.Tasks.Engine;
using Bananas.Tasks.Hosting;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using Bananas.Tasks.Tests.Worker;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>Start-up checks (issue 9): the eviction policy, CONFIG refused by an ACL, a dataset emptied under a running worker.</summary>
public sealed class RedisSelfCheckTests
{
    private static async Task<HealthCheckResult> HealthAsync(IQueueEngine engine)
    {
        var check = new BananasHealthCheck(engine, new BananasHealthCheckOptions());
        return await check.CheckHealthAsync(new HealthCheckContext { Registration = new HealthCheckRegistration("bananas", check, HealthStatus.Unhealthy, null) });
    }

    [Theory]
    [InlineData("allkeys-lru", true)]
    [InlineData("volatile-ttl", true)]
    [InlineData("noeviction", false)]
    public async Task A_maxmemory_policy_other_than_noeviction_is_reported_at_start(string policy, bool reported)
    {
        await using var redis = new RedisProcess(persistent: false);
        await redis.StartAsync();
        using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redis.Port},allowAdmin=true");
        await connection.GetDatabase().ExecuteAsync("CONFIG", "SET", "maxmemory-policy", policy);
        using var workerConnection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redis.Port}"); // no admin mode, as a worker's
        var engine = new RedisQueueEngine(workerConnection);

        await engine.CheckAtStartAsync();

        var incident = engine.Incidents.Active().SingleOrDefault(i => i.Kind == "eviction_policy");
        Assert.True(incident is not null || !reported, string.Join("; ", engine.Incidents.Active().Select(i => i.Kind + ": " + i.Detail)));
        Assert.Equal(reported, incident is not null);
        if (incident is not null)
        {
            Assert.Contains(policy, incident.Detail);
            Assert.Contains("noeviction", incident.Detail);
            Assert.Equal(HealthStatus.Healthy, (await HealthAsync(engine)).Status); // a warning, not a degradation
        }
    }

    [Fact]
    public async Task CONFIG_refused_by_an_ACL_is_said_once_at_information_and_never_fails_the_check()
    {
        var server = await RedisServer.GetAsync();
        var admin = server.Connection.GetDatabase();
        var user = "bt-noconfig-" + Guid.NewGuid().ToString("N")[..8];
        await admin.ExecuteAsync("ACL", "SETUSER", user, "on", ">secret", "~*", "&*", "+@all", "-config", "-info");
        try
        {
            var options = ConfigurationOptions.Parse(server.Endpoint);
            options.User = user;
            options.Password = "secret";
            options.AllowAdmin = true; // so CONFIG reaches the server, which refuses it
            await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
            var engine = new RedisQueueEngine(connection, new QueueEngineOptions { Prefix = RedisServer.NewPrefix() });
            var reported = new List<EngineIncident>();
            engine.Incidents.Reported += reported.Add;

            await engine.CheckAtStartAsync();
            await engine.CheckAtStartAsync();

            var incident = Assert.Single(reported);
            Assert.Equal("config_unavailable", incident.Kind);
            Assert.Contains("maxmemory-policy", incident.Detail);
            Assert.False(incident.Degrades);
        }
        finally
        {
            await admin.ExecuteAsync("ACL", "DELUSER", user);
        }
    }

    [Fact]
    public async Task A_dataset_emptied_under_a_running_worker_is_logged_as_an_error_and_degrades_health()
    {
        await using var redis = new RedisProcess(persistent: false);
        await redis.StartAsync();
        using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redis.Port},allowAdmin=true");
        var engine = new RedisQueueEngine(connection, new QueueEngineOptions { Prefix = "p" });
        var logs = new CapturingLoggerProvider();
        await using var host = await WorkerHost.StartAsync(engine, b => b.AddTask("noop", _ => ValueTask.FromResult<string?>(null)), logs: logs);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!await connection.GetDatabase().KeyExistsAsync("p:instance") && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.True(await connection.GetDatabase().KeyExistsAsync("p:instance"));
        Assert.Equal(HealthStatus.Healthy, (await HealthAsync(engine)).Status);

        await connection.GetServers()[0].FlushDatabaseAsync();

        deadline = DateTime.UtcNow.AddSeconds(10);
        while (!logs.Lines.Any(l => l.Message.Contains("dataset_emptied")) && DateTime.UtcNow < deadline) await Task.Delay(50);
        var line = Assert.Single(logs.Lines, l => l.Message.Contains("dataset_emptied"));
        Assert.Equal(LogLevel.Error, line.Level);
        Assert.Contains("p:instance", line.Message);
        var health = await HealthAsync(engine);
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains("emptied", health.Description);
        // the worker goes on: a job enqueued now runs
        var id = await host.Client.EnqueueAsync("noop", "{}");
        await host.WaitForStatusAsync(id, JobStatus.Completed);
    }
}
