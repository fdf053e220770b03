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
/// Redis CPU is read on the node that serves the prefix's slot. Then the per-route layout (docs/scaling.md "One hash tag
/// per route"): three routes drained at once, each by its own loops, on the one Redis, on the 3-master cluster with the
/// three routes' tags on one master, and with them on three masters: what spreading routes over masters buys. Printed
/// only (<c>--scenario cluster</c>), not part of <c>--all</c>'s table.
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

        IServer[] all = [.. cluster.Nodes.Select(n => cluster.Connection.GetServer("127.0.0.1", n.Port))];
        Task FlushAll() => Task.WhenAll(all.Select(s => s.FlushDatabaseAsync()));
        await MeasureRoutesAsync(context, "one Redis, per-route layout, 3 routes", count, classic, ["r0", "r1", "r2"], [context.Redis.Server], () => context.Redis.FlushAsync());
        await MeasureRoutesAsync(context, "3-master cluster, per-route layout, 3 routes on 1 master", count, cluster.Connection, await RoutesAsync(cluster, sameMaster: true), all, FlushAll);
        await MeasureRoutesAsync(context, "3-master cluster, per-route layout, 3 routes on 3 masters", count, cluster.Connection, await RoutesAsync(cluster, sameMaster: false), all, FlushAll);

        // Redis memory per job in each layout: queued, then completed and kept (the default retention)
        await MeasureMemoryAsync("one Redis, classic layout", classic, RedisKeyLayout.Classic, ["default"], [context.Redis.Server], () => context.Redis.FlushAsync());
        await MeasureMemoryAsync("3-master cluster, cluster layout", cluster.Connection, RedisKeyLayout.Cluster, ["default"], all, FlushAll);
        await MeasureMemoryAsync("3-master cluster, per-route layout, 3 routes", cluster.Connection, RedisKeyLayout.ClusterPerRoute, await RoutesAsync(cluster, sameMaster: false), all, FlushAll);
    }

    /// <summary>Growth of used_memory (summed over <paramref name="servers"/>) per job: 100,000 jobs of a 200-byte payload queued, then fetched and acked with a 2-byte result and kept.</summary>
    private static async Task MeasureMemoryAsync(string label, IConnectionMultiplexer connection, RedisKeyLayout layout, string[] routes, IServer[] servers, Func<Task> flush)
    {
        const int jobs = 100_000;
        var payload = "{\"data\":\"" + new string('x', 200 - "{\"data\":\"\"}".Length) + "\"}";
        await flush();
        await using var engine = (IAsyncDisposable)RedisEngines.Create(connection, new QueueEngineOptions { Prefix = Prefix, RedisLayout = layout });
        var queue = (IQueueEngine)engine;
        async Task<long> UsedAsync() => (await Task.WhenAll(servers.Select(RedisStats.UsedMemoryAsync))).Sum();
        await queue.EnqueueAsync(new JobRecord { Id = JobId.New(), Name = "noop", Payload = payload, RoutingKey = RoutingKey.Parse(routes[0]), Priority = Priority.Normal, MaxRetries = 0 });
        var before = await UsedAsync();
        for (int start = 0; start < jobs; start += 999)
            await queue.EnqueueManyAsync(Enumerable.Range(start, Math.Min(999, jobs - start)).Select(i => new JobRecord
            {
                Id = JobId.New(), Name = "noop", Payload = payload, RoutingKey = RoutingKey.Parse(routes[i % routes.Length]), Priority = Priority.Normal, MaxRetries = 0,
            }).ToList());
        var queued = await UsedAsync();
        var request = new FetchRequest(routes.Select(r => new RouteDemand(RoutingKey.Parse(r), 256)).ToList(), 256, TimeSpan.FromSeconds(30), "bench:memory");
        for (var fetched = await queue.FetchAsync(request); fetched.Count > 0; fetched = await queue.FetchAsync(request))
            await queue.AckAsync(fetched.Select(f => new JobCompletion(f.Id, f.LeaseToken, "42", TimeSpan.Zero)).ToList());
        var completed = await UsedAsync();
        Console.WriteLine($"  cluster: memory, {label}: {(queued - before) / (double)jobs:N0} B per queued job, {(completed - before) / (double)jobs:N0} B per completed job kept ({jobs:N0} jobs of a 200-byte payload, used_memory over {servers.Length} node(s))");
    }

    /// <summary>Three route names whose partitions' tags (<c>{prefix:route}</c>) are on one master, or on three.</summary>
    private static async Task<string[]> RoutesAsync(RedisClusterSet cluster, bool sameMaster)
    {
        var byMaster = new Dictionary<int, List<string>>();
        for (int i = 0; ; i++)
        {
            var route = "r" + i;
            var port = (await cluster.MasterOfAsync(await cluster.SlotOfAsync("{" + Prefix + ":" + route + "}"))).Port;
            if (!byMaster.TryGetValue(port, out var routes)) byMaster[port] = routes = [];
            routes.Add(route);
            if (sameMaster && routes.Count == 3) return [.. routes];
            if (!sameMaster && byMaster.Count == 3) return [.. byMaster.Values.Select(r => r[0])];
        }
    }

    /// <summary>The drain of <paramref name="count"/> jobs spread over the routes, each route fetched and acked by its own <see cref="BareEngineScenario.Loops"/> loops; Redis CPU summed over <paramref name="servers"/>.</summary>
    private static async Task MeasureRoutesAsync(BenchContext context, string label, int count, IConnectionMultiplexer connection, string[] routes, IServer[] servers, Func<Task> flush)
    {
        var rates = new List<double>();
        var redisMicros = new List<double>();
        for (int run = 0; run <= context.Options.Runs; run++) // run 0 warms up
        {
            await flush();
            await using var engine = new RedisRouteShardedEngine(connection, new QueueEngineOptions { Prefix = Prefix, RedisLayout = RedisKeyLayout.ClusterPerRoute });
            for (int start = 0; start < count; start += 999)
                await engine.EnqueueManyAsync(Enumerable.Range(start, Math.Min(999, count - start)).Select(i => new JobRecord
                {
                    Id = JobId.New(), Name = "noop", Payload = "{}", RoutingKey = RoutingKey.Parse(routes[i % routes.Length]), Priority = Priority.Normal, MaxRetries = 0,
                }).ToList());
            int done = 0;
            async Task Loop(string route)
            {
                var request = new FetchRequest([new RouteDemand(RoutingKey.Parse(route), BareEngineScenario.BatchSize)], BareEngineScenario.BatchSize, TimeSpan.FromSeconds(30), "bench:cluster:" + route);
                while (true)
                {
                    var fetched = await engine.FetchAsync(request).ConfigureAwait(false);
                    if (fetched.Count == 0) return;
                    var acked = await engine.AckAsync(fetched.Select(f => new JobCompletion(f.Id, f.LeaseToken, null, TimeSpan.Zero)).ToList()).ConfigureAwait(false);
                    if (acked.Any(a => !a)) throw new InvalidOperationException($"{label}: an ack found its lease lost.");
                    Interlocked.Add(ref done, fetched.Count);
                }
            }
            var meters = await Task.WhenAll(servers.Select(CpuMeter.StartAsync));
            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(routes.SelectMany(r => Enumerable.Range(0, BareEngineScenario.Loops).Select(_ => Task.Run(() => Loop(r)))));
            var rate = count / Stopwatch.GetElapsedTime(started).TotalSeconds;
            var profiles = await Task.WhenAll(meters.Select(m => m.StopAsync(count)));
            if (done != count) throw new InvalidOperationException($"{label}: {done:N0} of {count:N0} jobs were fetched and acked.");
            if (run == 0) continue;
            var redis = profiles.Sum(p => p.RedisMicrosPerJob);
            var busiest = profiles.Max(p => p.RedisPercent);
            rates.Add(rate);
            redisMicros.Add(redis);
            Console.WriteLine($"  cluster: {label}, run {run}/{context.Options.Runs}: {rate:N0} jobs/s; Redis {redis:0.0} µs/job over {servers.Length} node(s), busiest node {busiest:0} % of a core");
        }
        var median = rates.Order().ElementAt(rates.Count / 2);
        var micros = redisMicros.Order().ElementAt(redisMicros.Count / 2);
        Console.WriteLine($"  cluster: {label}: median {median:N0} jobs/s ({string.Join(", ", rates.Select(r => r.ToString("N0")))}), Redis {micros:0.0} µs/job in all ({count:N0} jobs over routes {string.Join(",", routes)}, {BareEngineScenario.Loops} loops per route, batches of {BareEngineScenario.BatchSize})");
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
