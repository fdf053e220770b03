using System.Diagnostics;
using Bananas.Tasks.Benchmarks.Infrastructure;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using StackExchange.Redis;

namespace Bananas.Tasks.Benchmarks.Scenarios;

/// <summary>
/// What the cluster layout costs (docs/scaling.md): the bare-engine drain (fetch/ack scripts in <see cref="BareEngineScenario.Loops"/>
/// loops, no worker) on the harness's one Redis with the classic layout, then on a 3-master Redis Cluster of redis-server
/// processes with the cluster layout, where every key-building script first checks that its slot is not being migrated.
/// Redis CPU is read on the node that serves the prefix's slot. Printed only (<c>--scenario cluster</c>), not part of
/// <c>--all</c>'s table.
/// </summary>
internal static class ClusterScenario
{
    private const string Prefix = "bench-cluster";

    public static async Task RunAsync(BenchContext context)
    {
        var count = context.Sizes.Bare;
        await using var classic = await context.Redis.ConnectAsync();
        await MeasureAsync(context, "one Redis, classic layout", count, classic, RedisKeyLayout.Classic, context.Redis.Server, () => context.Redis.FlushAsync());

        await using var cluster = await RedisClusterSet.StartAsync(masters: 3, replicasPerMaster: 0);
        var master = await cluster.MasterOfAsync(await cluster.SlotOfAsync("{" + Prefix + "}"));
        var server = cluster.Connection.GetServer("127.0.0.1", master.Port);
        await MeasureAsync(context, "3-master cluster, cluster layout", count, cluster.Connection, RedisKeyLayout.Cluster, server, () => server.FlushDatabaseAsync());
    }

    private static async Task MeasureAsync(BenchContext context, string label, int count, IConnectionMultiplexer connection, RedisKeyLayout layout, IServer server, Func<Task> flush)
    {
        var rates = new List<double>();
        var profiles = new List<CpuProfile>();
        for (int run = 0; run <= context.Options.Runs; run++) // run 0 warms up
        {
            await flush();
            var engine = new RedisQueueEngine(connection, new QueueEngineOptions { Prefix = Prefix, RedisLayout = layout });
            for (int start = 0; start < count; start += 1000)
                await engine.EnqueueManyAsync(Enumerable.Range(start, Math.Min(1000, count - start)).Select(_ => new JobRecord
                {
                    Id = JobId.New(), Name = "noop", Payload = "{}", RoutingKey = RoutingKey.Default, Priority = Priority.Normal, MaxRetries = 0,
                }).ToList());
            var request = new FetchRequest([new RouteDemand(RoutingKey.Default, BareEngineScenario.BatchSize)], BareEngineScenario.BatchSize, TimeSpan.FromSeconds(30), "bench:cluster");
            int done = 0;
            async Task Loop()
            {
                while (true)
                {
                    var fetched = await engine.FetchAsync(request).ConfigureAwait(false);
                    if (fetched.Count == 0) return;
                    var acked = await engine.AckAsync(fetched.Select(f => new JobCompletion(f.Id, f.LeaseToken, null, TimeSpan.Zero)).ToList()).ConfigureAwait(false);
                    if (acked.Any(a => !a)) throw new InvalidOperationException($"{label}: an ack found its lease lost.");
                    Interlocked.Add(ref done, fetched.Count);
                }
            }
            var meter = await CpuMeter.StartAsync(server);
            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(Enumerable.Range(0, BareEngineScenario.Loops).Select(_ => Task.Run(Loop)));
            var rate = count / Stopwatch.GetElapsedTime(started).TotalSeconds;
            var profile = await meter.StopAsync(count);
            if (done != count) throw new InvalidOperationException($"{label}: {done:N0} of {count:N0} jobs were fetched and acked.");
            await engine.DisposeAsync();
            if (run == 0) continue;
            rates.Add(rate);
            profiles.Add(profile);
            Console.WriteLine($"  cluster: {label}, run {run}/{context.Options.Runs}: {rate:N0} jobs/s; {profile}");
        }
        var median = rates.Order().ElementAt(rates.Count / 2);
        var redis = profiles.Select(p => p.RedisMicrosPerJob).Order().ElementAt(profiles.Count / 2);
        var commands = profiles.Select(p => p.CommandsPerJob).Order().ElementAt(profiles.Count / 2);
        Console.WriteLine($"  cluster: {label}: median {median:N0} jobs/s, Redis {redis:0.0} µs/job, {commands:0.0} commands/job ({count:N0} jobs, {BareEngineScenario.Loops} loops, batches of {BareEngineScenario.BatchSize})");
    }
}
