using Bananas.Tasks.Chaos.Orchestration;
using Bananas.Tasks.Chaos.Roles;
using StackExchange.Redis;

namespace Bananas.Tasks.Chaos.Scenarios;

/// <summary>R1/R2: kill -9 of redis-server under load, restarted on the same AOF after 1 s. <c>always</c>: 0 acked enqueues lost (hard); <c>everysec</c>: the loss window is measured.</summary>
internal sealed class RedisKillScenario(string fsync) : Scenario
{
    public override string Name => "redis-kill-" + fsync;
    public override string Title => $"R{(fsync == "always" ? 2 : 1)} kill -9 redis-server, AOF appendfsync {fsync}";
    public override string Fsync => fsync;

    // everysec may lose up to about a second of acknowledged writes on a crash (redis.conf): measured, not gated.
    // A lost ack can also make a job run and complete again, so double completions are measured there too.
    public override CheckOptions? CheckOptions => fsync == "always" ? new() : new() { LossIsViolation = false, DoubleCompletionIsViolation = false, EarlyRestartIsViolation = false, DuplicatesBounded = false };

    public override async Task RunAsync(ScenarioContext ctx, RunSettings s, ScenarioResult r)
    {
        var rnd = s.Random;
        var seconds = s.RedisKills * 5 + 4;
        var plan = Enumerable.Range(0, seconds * 40).Select(_ => PlannedJob.Sleep(rnd.Next(20, 120))).ToList();
        var w1 = ctx.Worker("w1");
        var w2 = ctx.Worker("w2");
        await WaitReadyAsync(w1, w2);
        ctx.StartLeaseMonitor();
        var producer = ctx.Producer(plan, rate: 40);
        for (int i = 0; i < s.RedisKills; i++)
        {
            await Task.Delay(4000);
            ctx.GraceFor(TimeSpan.FromSeconds(8));
            await ctx.RedisFaultAsync("redis-kill", "redis-server", () => ctx.Redis.StopAsync()); // SIGKILL
            await Task.Delay(1000);
            await ctx.StartRedisAsync();
            ctx.GraceFor(TimeSpan.FromSeconds(6));
            r.RedisRestarts++;
        }
        await DrainOrNoteAsync(ctx, r, producer, TimeSpan.FromSeconds(60));
        r.Notes.Add($"{plan.Count} jobs at 40/s on 2 workers; redis-server SIGKILLed every 5 s ({s.RedisKills}×), restarted after 1 s on its AOF; lease overdue not judged for 6 s after each restart (reconnect)");
    }
}

/// <summary>R6 + R9: <c>CLIENT KILL TYPE normal</c> every 1.5 s and <c>SCRIPT FLUSH</c> every second under load.</summary>
internal sealed class StormScenario : Scenario
{
    public override string Name => "storm";
    public override string Title => "R6+R9 CLIENT KILL TYPE normal and SCRIPT FLUSH storms";

    public override async Task RunAsync(ScenarioContext ctx, RunSettings s, ScenarioResult r)
    {
        var rnd = s.Random;
        var plan = Enumerable.Range(0, (int)(s.StormFor.TotalSeconds + 4) * 40).Select(_ => PlannedJob.Sleep(rnd.Next(20, 120))).ToList();
        var w1 = ctx.Worker("w1");
        var w2 = ctx.Worker("w2");
        await WaitReadyAsync(w1, w2);
        ctx.StartLeaseMonitor();
        var producer = ctx.Producer(plan, rate: 40);
        var end = DateTime.UtcNow + s.StormFor;
        var tick = 0;
        int kills = 0, flushes = 0;
        while (DateTime.UtcNow < end)
        {
            await Task.Delay(500);
            tick++;
            try
            {
                if (tick % 2 == 0)
                {
                    await ctx.Server.ExecuteAsync("SCRIPT", "FLUSH");
                    flushes++;
                }
                if (tick % 3 == 0)
                {
                    await ctx.RedisFaultAsync("client-kill", "all normal clients", () => ctx.Server.ExecuteAsync("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes"));
                    kills++;
                }
            }
            catch (RedisException ex)
            {
                r.Notes.Add("storm command failed: " + ex.Message);
            }
        }
        r.Storms = kills + flushes;
        r.Figures["CLIENT KILL / SCRIPT FLUSH"] = $"{kills} / {flushes}";
        await DrainOrNoteAsync(ctx, r, producer, TimeSpan.FromSeconds(60));
        r.Notes.Add($"{plan.Count} jobs at 40/s on 2 workers; {s.StormFor.TotalSeconds:0} s of storms");
    }
}

/// <summary>
/// N1 without netns: workers A and C reach Redis through TCP proxies that the orchestrator cuts silently for 3× the
/// lease, alternately, a cut every 4.5 s (each worker is cut 6 s of every 9 s; for 1.5 s both are); B is direct.
/// </summary>
internal sealed class PartitionScenario : Scenario
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(4500);

    public override string Name => "partition";
    public override string Title => "N1 worker↔Redis silent partitions (proxy) of 6 s, two workers cut alternately";


    public override async Task RunAsync(ScenarioContext ctx, RunSettings s, ScenarioResult r)
    {
        await using var proxyA = new TcpProxy(ctx.Redis.Port);
        await using var proxyC = new TcpProxy(ctx.Redis.Port);
        var seconds = (int)(Every.TotalSeconds * s.Partitions + 8);
        var plan = Enumerable.Range(0, 12 * seconds).Select(_ => PlannedJob.Sleep(1000)).ToList();
        var a = ctx.Worker("wA", redisUrl: $"redis://127.0.0.1:{proxyA.Port}");
        var c = ctx.Worker("wC", redisUrl: $"redis://127.0.0.1:{proxyC.Port}");
        var b = ctx.Worker("wB");
        await WaitReadyAsync(a, b, c);
        ctx.StartLeaseMonitor();
        var producer = ctx.Producer(plan, rate: 12);
        await Task.Delay(3000);
        // The timeline: cut i starts at i × 4.5 s on A (even i) or C (odd i) and heals 3× the lease later.
        var events = new List<(TimeSpan At, bool Cut, Child Worker, TcpProxy Proxy)>();
        for (int i = 0; i < s.Partitions; i++)
        {
            var (worker, proxy) = i % 2 == 0 ? (a, proxyA) : (c, proxyC);
            events.Add((Every * i, true, worker, proxy));
            events.Add((Every * i + ChaosConfig.Lease * 3, false, worker, proxy));
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var (at, cut, worker, proxy) in events.OrderBy(e => e.At).ThenBy(e => e.Cut))
        {
            if (at > clock.Elapsed) await Task.Delay(at - clock.Elapsed);
            if (cut)
            {
                proxy.Cut();
                ctx.Fault("partition", worker.Name, worker.Pid);
            }
            else
            {
                proxy.Heal();
                r.Partitions++;
            }
        }
        await DrainOrNoteAsync(ctx, r, producer, TimeSpan.FromSeconds(90));
        r.Notes.Add($"{plan.Count} jobs of sleep(1 s) at 12/s; workers A and C through proxies, B direct; {s.Partitions} silent cuts of {3 * ChaosConfig.Lease.TotalSeconds:0} s, alternating A/C every {Every.TotalSeconds} s (bytes held, delivered at the heal)");
    }
}
