using System.Collections.Concurrent;
using Bananas.Tasks.Client;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Hosting;
using Bananas.Tasks.Periodic;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bananas.Tasks.Tests.Hosting;

/// <summary>
/// A hosted worker and scheduler configured only by settings (REDIS_URL with the cluster's nodes, REDIS_LAYOUT=cluster or
/// cluster-per-route) on a real Redis Cluster: jobs run, a periodic task fires, and every key is under its hash tag (the
/// prefix's, or the route's on the per-route layout; the cron state under the prefix's in both).
/// </summary>
[Trait("Tier", "cluster")]
public sealed class ClusterHostingTests
{
    [Theory]
    [InlineData("cluster")]
    [InlineData("cluster-per-route")]
    public async Task Settings_alone_run_a_worker_and_a_schedule_on_a_cluster(string layout)
    {
        var cluster = await RedisClusterSet.GetSharedAsync();
        var prefix = RedisServer.NewPrefix();
        var ran = new ConcurrentBag<string>();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["REDIS_URL"] = cluster.Configuration,
            ["REDIS_LAYOUT"] = layout,
            ["Bananas:Prefix"] = prefix,
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddBananas()
            .AddWorker(o => { o.RoutingKeys = ["gpu", "default"]; o.IdlePollInterval = TimeSpan.FromMilliseconds(200); })
            .AddTask("work", ctx => { ran.Add(ctx.Payload); return ValueTask.FromResult<string?>("\"done\""); })
            .AddPeriodic("every-second", "* * * * * *", "work", "{\"from\":\"cron\"}");
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var engine = host.Services.GetRequiredService<IQueueEngine>();
            var perRoute = layout == "cluster-per-route";
            if (perRoute) Assert.IsType<RedisRouteShardedEngine>(engine);
            else Assert.Equal(RedisKeyLayout.Cluster, Assert.IsType<RedisQueueEngine>(engine).Layout);
            var client = host.Services.GetRequiredService<IBananasClient>();
            var gpu = await client.EnqueueAsync("work", "{\"n\":1}", new JobOptions { Route = "gpu" });
            var normal = await client.EnqueueAsync("work", "{\"n\":2}");
            Assert.Equal(JobStatus.Completed, (await client.WaitForResultAsync(gpu, TimeSpan.FromSeconds(20))).Status);
            Assert.Equal(JobStatus.Completed, (await client.WaitForResultAsync(normal, TimeSpan.FromSeconds(20))).Status);
            await RedisClusterSet.WaitAsync(() => Task.FromResult(ran.Any(p => p.Contains("cron"))), "the periodic task to fire", 20);

            var db = cluster.Connection.GetDatabase();
            Assert.True(await db.KeyExistsAsync("{" + prefix + "}:cron:every-second"));
            string Tag(string route) => perRoute ? "{" + prefix + ":" + route + "}" : "{" + prefix + "}";
            Assert.True(await db.KeyExistsAsync(Tag("gpu") + ":job:" + gpu.Value));
            Assert.True(await db.KeyExistsAsync(Tag("default") + ":job:" + normal.Value));
            Assert.False(await db.KeyExistsAsync(prefix + ":job:" + gpu.Value));
            if (perRoute) Assert.False(await db.KeyExistsAsync("{" + prefix + "}:job:" + gpu.Value));
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
