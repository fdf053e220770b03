using Bananas.Tasks.Engine;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>Rate limits on Redis where the keys are not what the engine wrote: the job is never lost (fetch-n.lua's rate_defer).</summary>
public sealed class RedisRateLimitTests
{
    private static JobRecord Limited() => new()
    {
        Id = JobId.New(), Name = "work", Payload = "{}", RateBucket = "work", RateLimit = new RateLimit(1, TimeSpan.FromSeconds(10)),
    };

    [Theory]
    [InlineData("rate")]
    [InlineData("scheduled")]
    public async Task A_key_of_another_type_lets_the_job_run_without_its_limit_and_reports_it(string which)
    {
        var server = await RedisServer.GetAsync();
        var prefix = RedisServer.NewPrefix();
        var engine = new RedisQueueEngine(server.Connection, new QueueEngineOptions { Prefix = prefix });
        var db = server.Connection.GetDatabase();
        var jobs = new[] { Limited(), Limited() };
        await engine.EnqueueManyAsync(jobs);
        var key = which == "rate" ? $"{prefix}:rate:work" : $"{prefix}:queue:scheduled";
        await db.ListLeftPushAsync(key, "x");

        var fetched = await engine.FetchAsync(new FetchRequest([new RouteDemand(RoutingKey.Default, 10)], 10, TimeSpan.FromSeconds(30), "w"));

        // With a bucket of another type neither job is limited; with a scheduled set of another type the first starts in
        // the burst and the second, which would wait, runs rather than being lost.
        Assert.Equal(jobs.Select(j => j.Id), fetched.Select(f => f.Id));
        var incident = Assert.Single(engine.Incidents.Active(), i => i.Kind == "rate_limit_skipped");
        Assert.Equal(key, incident.Key);
        Assert.Contains("ran without", incident.Detail);
    }

    [Fact]
    public async Task A_route_scoped_bucket_lives_among_the_routes_keys()
    {
        var server = await RedisServer.GetAsync();
        var prefix = RedisServer.NewPrefix();
        var engine = new RedisQueueEngine(server.Connection, new QueueEngineOptions { Prefix = prefix });
        var client = new Bananas.Tasks.Client.BananasClient(engine);
        var options = new JobOptions { Route = "gpu", RateLimit = new RateLimit(5, TimeSpan.FromSeconds(1)), RateScope = LimitScope.Route };
        await client.EnqueueAsync("resize", "{}", options);
        await client.EnqueueAsync("render", "{}", options with { RateKey = "tenant-7" });

        Assert.Equal(2, (await engine.FetchAsync(new FetchRequest([new RouteDemand(RoutingKey.Parse("gpu"), 10)], 10, TimeSpan.FromSeconds(30), "w"))).Count);

        var db = server.Connection.GetDatabase();
        Assert.True(await db.KeyExistsAsync($"{prefix}:route:gpu:rate"));
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("tenant-7"u8));
        Assert.True(await db.KeyExistsAsync($"{prefix}:route:gpu:rate:{sha}"));
        Assert.False(await db.KeyExistsAsync($"{prefix}:rate:resize"));
    }
}
