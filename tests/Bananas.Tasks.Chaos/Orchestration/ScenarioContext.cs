using System.Globalization;
using Bananas.Tasks.Chaos.Infrastructure;
using Bananas.Tasks.Chaos.Roles;
using Bananas.Tasks.Tests.Infrastructure;
using StackExchange.Redis;

namespace Bananas.Tasks.Chaos.Orchestration;

/// <summary>A fault the orchestrator injected, for the duplicate bound and the recovery times.</summary>
/// <summary>
/// A fault the orchestrator injected, for the duplicate bound and the recovery times. <see cref="Leased"/>: for Redis
/// faults, the lease set read just before the fault (jobs fetched but not started yet are at risk too).
/// </summary>
internal sealed record Fault(long T, string Kind, IReadOnlyList<int> Pids, string Target, IReadOnlySet<string>? Leased = null);

/// <summary>
/// Everything one scenario owns: its folder (ledgers, logs, plan), its own redis-server (AOF on, on a free loopback
/// port), the children it started, the faults it injected and the lease monitor (invariant I7). Disposing it kills
/// every child and the server, whatever happened.
/// </summary>
internal sealed class ScenarioContext : IAsyncDisposable
{
    private readonly List<Child> _children = new();
    private readonly string _pidFile;
    private readonly CancellationTokenSource _monitorStop = new();
    private Task? _monitor;
    private long _graceUntil;

    private ScenarioContext(string name, string dir, string pidFile, RedisProcess redis, string fsync)
    {
        Name = name;
        Dir = dir;
        _pidFile = pidFile;
        Redis = redis;
        Fsync = fsync;
    }

    public string Name { get; }
    public string Dir { get; }
    public RedisProcess Redis { get; }
    public string Fsync { get; }
    public string RedisUrl => Redis.Url;
    public ConnectionMultiplexer Admin { get; private set; } = null!;
    public List<Fault> Faults { get; } = new();
    /// <summary>Every job handed to a producer in this scenario (the checker's universe of ids).</summary>
    public List<PlannedJob> Plan { get; } = new();
    public List<string> Notes { get; } = new();
    public IReadOnlyList<Child> Children => _children;
    public long StartedAt { get; } = LedgerWriter.Now();
    public int RedisRestarts { get; set; }
    public double MaxOverdueMs { get; private set; }
    public string? MaxOverdueId { get; private set; }
    public long LeaseSamples { get; private set; }

    public IDatabase Db => Admin.GetDatabase();
    public IServer Server => Admin.GetServer(Admin.GetEndPoints()[0]);

    public static async Task<ScenarioContext> StartAsync(string root, string name, string pidFile, string fsync = "always")
    {
        var dir = Path.Combine(root, name);
        Directory.CreateDirectory(dir);
        var redis = new RedisProcess(persistent: true);
        var context = new ScenarioContext(name, dir, pidFile, redis, fsync);
        await context.StartRedisAsync();
        var options = ConfigurationOptions.Parse($"127.0.0.1:{redis.Port}");
        options.AllowAdmin = true;
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 2000;
        options.SyncTimeout = 5000;
        options.AsyncTimeout = 5000;
        options.ClientName = "chaos-orchestrator";
        context.Admin = await ConnectionMultiplexer.ConnectAsync(options);
        return context;
    }

    /// <summary>Starts (or restarts, same port and AOF dir) the server and applies the fsync policy.</summary>
    public async Task StartRedisAsync()
    {
        await Redis.StartAsync();
        if (Redis.ProcessId is { } pid) RegisterPid(pid);
        if (Fsync != "always")
        {
            // RedisProcess starts with appendfsync always; a running server takes the policy at once.
            using var admin = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Redis.Port},allowAdmin=true");
            await admin.GetServer(admin.GetEndPoints()[0]).ConfigSetAsync("appendfsync", Fsync);
        }
    }

    public void RegisterPid(int pid)
    {
        lock (_pidFile) File.AppendAllText(_pidFile, pid.ToString(CultureInfo.InvariantCulture) + "\n");
    }

    public Child Spawn(string role, string name, params string[] args)
    {
        var all = new List<string> { "--redis", RedisUrl, "--dir", Dir, "--name", name };
        all.AddRange(args);
        return SpawnRaw(role, name, all);
    }

    public Child SpawnRaw(string role, string name, List<string> args)
    {
        var child = Child.Start(Dir, role, name, args);
        RegisterPid(child.Pid);
        lock (_children) _children.Add(child);
        return child;
    }

    public Child Worker(string name, int concurrency = 8, string? redisUrl = null, int shutdownMs = 3000, string routes = "default")
    {
        var args = new List<string>
        {
            "--redis", redisUrl ?? RedisUrl, "--dir", Dir, "--name", name, "--concurrency", concurrency.ToString(CultureInfo.InvariantCulture),
            "--shutdown-ms", shutdownMs.ToString(CultureInfo.InvariantCulture), "--routes", routes,
        };
        return SpawnRaw("worker", name, args);
    }

    /// <param name="parallel">Enqueue lanes (the producer's default 4); 1 keeps the plan's order (sequences).</param>
    public Child Producer(IReadOnlyList<PlannedJob> plan, int rate, string name = "producer", int? parallel = null)
    {
        var path = Path.Combine(Dir, $"plan-{name}.jsonl");
        PlannedJob.Write(path, plan);
        Plan.AddRange(plan);
        return parallel is { } lanes
            ? Spawn("producer", name, "--plan", path, "--rate", rate.ToString(CultureInfo.InvariantCulture), "--parallel", lanes.ToString(CultureInfo.InvariantCulture))
            : Spawn("producer", name, "--plan", path, "--rate", rate.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Records a fault on these processes; call it right after the signal, so every start they logged before it is counted in flight.</summary>
    public void Fault(string kind, string target, params int[] pids) =>
        Faults.Add(new Fault(LedgerWriter.Now(), kind, pids, target));

    /// <summary>
    /// Applies and records a fault that hits every worker's connection (Redis crash, storms), with the lease set as it was
    /// just before. The time is taken after <paramref name="apply"/> (even when it throws), so every start logged before
    /// the fault is counted in flight: a job that started between a time taken first and the fault itself ran twice
    /// outside the bound (dup 8 > 7 in wfkill on 2026-12-03, the same race for a kill -9).
    /// </summary>
    public async Task RedisFaultAsync(string kind, string target, Func<Task> apply)
    {
        IReadOnlySet<string>? leased = null;
        try
        {
            leased = (await Db.SortedSetRangeByRankAsync($"{ChaosConfig.Prefix}:queue:leases")).Select(v => v.ToString()).ToHashSet(StringComparer.Ordinal);
        }
        catch (RedisException)
        {
            // unreadable: the ledger's in-flight count is the bound
        }
        var pids = LiveWorkers().Select(w => w.Pid).ToArray();
        try
        {
            await apply();
        }
        finally
        {
            Faults.Add(new Fault(LedgerWriter.Now(), kind, pids, target, leased));
        }
    }

    /// <summary>Live worker processes (not exited).</summary>
    public List<Child> LiveWorkers() { lock (_children) return _children.Where(c => c.Role == "worker" && !c.HasExited).ToList(); }

    /// <summary>Children that exited without the orchestrator ending them (crashes), except those named in <paramref name="allowed"/>.</summary>
    public List<Child> UnexpectedExits(Func<Child, bool>? allowed = null)
    {
        lock (_children) return _children.Where(c => c.HasExited && !c.EndedByOrchestrator && c.ExitCode != 0 && !(allowed?.Invoke(c) ?? false)).ToList();
    }

    /// <summary>Redis restarts and partitions disturb every lease for a moment: overdue samples inside this window are not held against I7.</summary>
    public void GraceFor(TimeSpan span) => Interlocked.Exchange(ref _graceUntil, LedgerWriter.Now() + (long)span.TotalMilliseconds);

    private const string OldestLeaseScript = """
        local t = redis.call('TIME')
        local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
        return { tonumber(t[1]), tonumber(t[2]), oldest[1], oldest[2] }
        """;

    /// <summary>I7: every 250 ms, how far past its deadline the oldest lease is (redis clock = machine clock here).</summary>
    public void StartLeaseMonitor()
    {
        _monitor = Task.Run(async () =>
        {
            var key = (RedisKey)$"{ChaosConfig.Prefix}:queue:leases";
            while (!_monitorStop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(250, _monitorStop.Token);
                    // Redis's clock at the moment of the read (one script), so the monitor's own latency is not counted.
                    var reply = (RedisResult[])(await Db.ScriptEvaluateAsync(OldestLeaseScript, [key]))!;
                    LeaseSamples++;
                    var nowMs = (double)(long)reply[0] * 1000 + (long)reply[1] / 1000.0;
                    if (reply.Length == 4 && LedgerWriter.Now() > Interlocked.Read(ref _graceUntil))
                    {
                        var overdue = nowMs - double.Parse(reply[3].ToString(), CultureInfo.InvariantCulture);
                        if (overdue > MaxOverdueMs)
                        {
                            MaxOverdueMs = overdue;
                            MaxOverdueId = reply[2].ToString();
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (Exception)
                {
                    // Redis down (a fault): no sample
                }
            }
        });
    }

    /// <summary>Waits until no job is queued, scheduled or leased (stable for a second), or the limit passes.</summary>
    public async Task<bool> WaitDrainAsync(TimeSpan limit, Func<bool>? alsoDone = null)
    {
        var deadline = DateTime.UtcNow + limit;
        var stable = 0;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((alsoDone?.Invoke() ?? true) && await IsIdleAsync())
                {
                    if (++stable >= 3) return true;
                }
                else stable = 0;
            }
            catch (Exception)
            {
                stable = 0;
            }
            await Task.Delay(400);
        }
        return false;
    }

    public async Task<bool> IsIdleAsync()
    {
        var db = Db;
        if (await db.SortedSetLengthAsync($"{ChaosConfig.Prefix}:queue:leases") > 0) return false;
        if (await db.SortedSetLengthAsync($"{ChaosConfig.Prefix}:queue:scheduled") > 0) return false;
        foreach (var route in await db.SetMembersAsync($"{ChaosConfig.Prefix}:routes"))
            foreach (var p in new[] { "high", "normal", "low" })
            {
                var key = (RedisKey)$"{ChaosConfig.Prefix}:route:{route}:queue:{p}";
                if (await db.KeyTypeAsync(key) == RedisType.List && await db.ListLengthAsync(key) > 0) return false;
            }
        return true;
    }

    /// <summary>SIGTERM every child, give them a moment, then SIGKILL what is left.</summary>
    public async Task StopChildrenAsync(TimeSpan grace)
    {
        List<Child> live;
        lock (_children) live = _children.Where(c => !c.HasExited).ToList();
        foreach (var c in live)
        {
            c.EndedByOrchestrator = true;
            Signals.Send(c.Pid, Signals.SigCont);
            Signals.Send(c.Pid, Signals.SigTerm);
        }
        await Task.WhenAll(live.Select(c => c.WaitForExitAsync(grace)));
        foreach (var c in live) c.Kill();
    }

    public async ValueTask DisposeAsync()
    {
        _monitorStop.Cancel();
        if (_monitor is not null)
        {
            try
            {
                await _monitor;
            }
            catch (Exception)
            {
                // stopping
            }
        }
        List<Child> all;
        lock (_children) all = _children.ToList();
        foreach (var c in all) c.Kill();
        foreach (var c in all)
        {
            await c.WaitForExitAsync(TimeSpan.FromSeconds(5));
            c.CloseLog();
        }
        try
        {
            await Admin.DisposeAsync();
        }
        catch (Exception)
        {
            // the server may be down
        }
        await Redis.DisposeAsync();
        _monitorStop.Dispose();
    }
}
