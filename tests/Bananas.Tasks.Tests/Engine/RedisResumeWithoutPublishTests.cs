using Bananas.Tasks.Engine;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>
/// Resuming a route as a Redis user whose ACL refuses PUBLISH (chaos case B10.06): pause-1.lua removes the route from
/// the paused set, then wakes the route's workers. The wake-up is a hint, so its refusal must not turn a resume that
/// happened into an error for the caller (a script that fails after its first write).
/// </summary>
public sealed class RedisResumeWithoutPublishTests
{
    [Fact]
    public async Task Resuming_a_route_with_PUBLISH_refused_resumes_it_and_reports_success()
    {
        var server = await RedisServer.GetAsync();
        var admin = server.Connection.GetDatabase();
        var user = "bt-resume-nopublish-" + Guid.NewGuid().ToString("N")[..8];
        await admin.ExecuteAsync("ACL", "SETUSER", user, "on", ">secret", "~*", "&*", "+@all", "-publish");
        try
        {
            var options = ConfigurationOptions.Parse(server.Endpoint);
            options.User = user;
            options.Password = "secret";
            options.AbortOnConnectFail = false;
            await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
            var prefix = RedisServer.NewPrefix();
            var engine = new RedisQueueEngine(connection, new QueueEngineOptions { Prefix = prefix });
            var gpu = RoutingKey.Parse("gpu");
            Assert.True(await engine.SetPausedAsync(gpu, true));

            Assert.True(await engine.SetPausedAsync(gpu, false));
            Assert.False(await admin.SetContainsAsync($"{prefix}:paused", "gpu"));
        }
        finally
        {
            await admin.ExecuteAsync("ACL", "DELUSER", user);
        }
    }
}
