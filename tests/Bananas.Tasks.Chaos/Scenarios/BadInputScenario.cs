using System.Text;
using Bananas.Tasks.Chaos.Infrastructure;
using Bananas.Tasks.Chaos.Orchestration;
using Bananas.Tasks.Client;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Bananas.Tasks.Chaos.Scenarios;

/// <summary>
/// B: the bad-input table (<see cref="BadInputCases"/>). Verifiable cases run together in one round among good jobs;
/// each isolated case runs in a round of its own on a flushed dataset, with good jobs in the same queue so they share
/// its fetch batch. The ACL worker cases come last: each on its own route, served by a worker process that connects
/// as the case's ACL user. Those workers and a rescue worker (full rights, serving every ACL route) are kept stopped
/// (SIGSTOP) outside their rounds, so no other worker's maintenance races them. An ACL round runs in two phases:
/// first only its restricted workers run; then they stop and w1 and the rescue worker finish what is left, so a job
/// a restricted worker could not touch still runs. The cases share one such round, except those marked Alone (each in
/// a round of its own). Checks per round: the case's classification, good jobs harmed (0), worker exits (0).
/// </summary>
internal sealed class BadInputScenario : Scenario
{
    public override string Name => "badinput";
    public override string Title => "B bad input written straight into Redis (fields, ids, key types, payloads, ACL refusals)";

    public override CheckOptions? CheckOptions => null;

    public List<(BadInputCase Case, string Outcome, string Verdict)> Outcomes { get; } = new();

    public override async Task RunAsync(ScenarioContext ctx, RunSettings s, ScenarioResult r)
    {
        var services = new ServiceCollection();
        services.AddBananas(o => o.Prefix = ChaosConfig.Prefix).UseRedis(ctx.RedisUrl);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IBananasClient>();
        await using var env = new BadInputEnv(ctx.Db, client, ctx.Redis.Port);
        var cases = BadInputCases.All();
        foreach (var user in BadInputCases.Users) await user.CreateAsync(ctx.Server);

        var worker = ctx.Worker("w1", concurrency: 8);
        var aclWorkers = cases.Where(c => c.Worker is not null).Select(c => c.Worker!).Distinct()
            .ToDictionary(u => u.Name, u => ctx.Worker("acl-" + u.Route, concurrency: 4, redisUrl: u.Url(ctx.Redis.Port), routes: u.Route), StringComparer.Ordinal);
        var rescue = ctx.Worker("w-rescue", concurrency: 8, routes: string.Join(',', aclWorkers.Keys.Select(n => cases.First(c => c.Worker?.Name == n).Worker!.Route)));
        await WaitReadyAsync(worker, rescue);
        Signals.Send(rescue.Pid, Signals.SigStop);
        var notReady = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, w) in aclWorkers)
        {
            try
            {
                await w.Ready.WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
            {
                notReady[name] = w.HasExited ? $"its worker exited at start (code {w.ExitCode})" : "its worker was not ready within 30 s";
            }
            if (!w.HasExited) Signals.Send(w.Pid, Signals.SigStop);
        }

        var rounds = new List<List<BadInputCase>> { cases.Where(c => !c.Isolated && c.Worker is null).ToList() };
        rounds.AddRange(cases.Where(c => c.Isolated).Select(c => new List<BadInputCase> { c }));
        rounds.Add(cases.Where(c => c.Worker is not null && !c.Alone).ToList());
        rounds.AddRange(cases.Where(c => c.Worker is not null && c.Alone).Select(c => new List<BadInputCase> { c }));
        var exitsBefore = 0;
        foreach (var round in rounds)
        {
            await ctx.Server.FlushAllDatabasesAsync();
            var aclRound = round.Any(c => c.Worker is not null);
            var good = new List<string>();
            async Task GoodAsync(int n)
            {
                for (int i = 0; i < n; i++)
                {
                    var id = Guid.NewGuid().ToString("D");
                    await client.EnqueueAsync(ChaosConfig.Noop, "{}", new JobOptions { JobId = JobId.Parse(id), MaxRetries = 0 });
                    good.Add(id);
                }
            }
            // Pause the workers while the round is written, so good and bad records share a fetch batch.
            Signals.Send(worker.Pid, Signals.SigStop);
            var restricted = round.Where(c => c.Worker is not null).Select(c => aclWorkers[c.Worker!.Name]).Distinct().Where(w => !w.HasExited).ToList();
            var planted = new List<(BadInputCase Case, RedisValue Id, string Notes)>();
            try
            {
                await GoodAsync(3);
                foreach (var c in round)
                {
                    RedisValue id;
                    try
                    {
                        id = await c.Setup(env);
                    }
                    catch (Exception ex)
                    {
                        id = "setup-failed:" + c.Id;
                        env.Note("setup threw " + BadInputEnv.Brief(ex));
                    }
                    planted.Add((c, id, env.TakeNotes()));
                    await GoodAsync(1);
                }
                await GoodAsync(3);
            }
            finally
            {
                // An ACL round's first phase: only its restricted workers run.
                foreach (var w in aclRound ? restricted : [worker]) Signals.Send(w.Pid, Signals.SigCont);
            }
            if (aclRound)
            {
                // Phase 1 waits for the planted jobs only (good jobs wait for w1 in phase 2); an Alone case may wait past
                // its worker's own recovery of a lease it could not settle (recording is retried for twice the lease).
                await WaitSettledAsync(ctx, [], planted.Select(p => p.Id).ToList(), TimeSpan.FromSeconds(round.Max(c => c.WaitSeconds)), idle: false);
                foreach (var w in restricted) Signals.Send(w.Pid, Signals.SigStop);
                // Phase 2: what the restricted workers could not do, workers with every right do: nothing may be lost.
                Signals.Send(worker.Pid, Signals.SigCont);
                Signals.Send(rescue.Pid, Signals.SigCont);
                await WaitSettledAsync(ctx, good, planted.Select(p => p.Id).ToList(), TimeSpan.FromSeconds(12));
                Signals.Send(rescue.Pid, Signals.SigStop);
            }
            else await WaitSettledAsync(ctx, good, planted.Select(p => p.Id).ToList(), TimeSpan.FromSeconds(round.Count > 1 ? 20 : 8));

            var events = LedgerWriter.ReadAll(ctx.Dir);
            var started = events.Where(e => e.Ev == "started" && e.Id is not null).ToList();
            var starts = started.GroupBy(e => e.Id!).ToDictionary(g => g.Key, g => g.Count());
            var harmed = new List<string>();
            foreach (var id in good)
            {
                var st = await StatusAsync(ctx.Db, id);
                if (st != "completed" || starts.GetValueOrDefault(id) != 1) harmed.Add($"{id}: {st}, {starts.GetValueOrDefault(id)} start(s)");
            }
            if (worker.HasExited)
            {
                harmed.Add($"worker exited with code {worker.ExitCode}");
                worker = ctx.Worker("w1", concurrency: 8);
                await WaitReadyAsync(worker);
            }
            var exits = ctx.UnexpectedExits(c => aclWorkers.Any(kv => kv.Value == c && notReady.ContainsKey(kv.Key))).Count - exitsBefore;
            exitsBefore += exits;
            foreach (var (c, id, notes) in planted)
            {
                var outcome = await ClassifyAsync(ctx.Db, id, starts) + notes;
                if (c.Worker is not null) outcome += AclWorkerOutcome(ctx, c, id, started, aclWorkers, notReady);
                var ok = outcome == c.Expect && harmed.Count == 0 && exits == 0;
                var suffix = harmed.Count > 0 ? $"; {harmed.Count} good job(s) harmed: {harmed[0]}" : exits > 0 ? $"; {exits} worker exit(s)" : "";
                string verdict;
                if (ok) verdict = c.KnownOpen is null ? "pass" : $"pass — was open ({c.KnownOpen}): remove it from the known-open list";
                else if (c.KnownOpen is not null && KnownOpen.Active.Contains(c.KnownOpen)) { verdict = $"open ({c.KnownOpen})"; r.Open.Add($"{c.Id} {c.Description}: {outcome}{suffix}"); }
                else { verdict = "FAIL"; r.Violate($"B {c.Id} {c.Description}: expected {c.Expect}, got {outcome}{suffix}"); }
                Outcomes.Add((c, outcome + suffix, verdict));
            }
            r.BadInputs += round.Count;
        }
        // Resume the stopped workers, so that they can take the orchestrator's SIGTERM.
        foreach (var w in aclWorkers.Values.Append(rescue).Where(w => !w.HasExited)) Signals.Send(w.Pid, Signals.SigCont);
        foreach (var (name, w) in aclWorkers)
            if (w.HasExited && !notReady.ContainsKey(name)) r.Violate($"the worker of ACL user {name} exited with code {w.ExitCode}");
        r.Figures["bad inputs: pass / open / fail"] = $"{Outcomes.Count(o => o.Verdict.StartsWith("pass", StringComparison.Ordinal))} / {Outcomes.Count(o => o.Verdict.StartsWith("open", StringComparison.Ordinal))} / {Outcomes.Count(o => o.Verdict == "FAIL")}";
        r.Figures["bad inputs by group"] = string.Join(", ", cases.GroupBy(c => c.Group).Select(g => $"{g.Key} {g.Count()}"));
        await ctx.Server.FlushAllDatabasesAsync();
        foreach (var user in BadInputCases.Users) await ctx.Server.ExecuteAsync("ACL", "DELUSER", user.Name);
    }

    /// <summary>Which worker ran an ACL case's job, and whether its restricted worker reported a refusal (NOPERM in its log).</summary>
    private static string AclWorkerOutcome(ScenarioContext ctx, BadInputCase c, RedisValue id, List<LedgerEvent> started, Dictionary<string, Child> aclWorkers, Dictionary<string, string> notReady)
    {
        if (notReady.TryGetValue(c.Worker!.Name, out var why)) return "; " + why;
        var acl = aclWorkers[c.Worker.Name];
        var runners = started.Where(e => e.Id == id.ToString()).Select(e => e.Pid == acl.Pid ? "its ACL worker" : "the rescue worker").Distinct().ToList();
        var text = runners.Count == 0 ? "; run by no worker" : "; run by " + string.Join(" and ", runners);
        var log = Directory.GetFiles(ctx.Dir, $"{acl.Name}-{acl.Pid}.log").FirstOrDefault();
        // NOPERM from a refused call, or the fetch's own 'refused' note (a script's undeclared key: "Redis refused a command on …").
        if (log is not null && File.ReadAllText(log) is var logged && (logged.Contains("NOPERM", StringComparison.Ordinal) || logged.Contains("Redis refused a command on", StringComparison.Ordinal)))
            text += "; its ACL worker logged NOPERM";
        return text;
    }

    private static async Task WaitSettledAsync(ScenarioContext ctx, List<string> good, List<RedisValue> planted, TimeSpan limit, bool idle = true)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(300);
            try
            {
                var done = true;
                foreach (var id in good)
                {
                    if (await StatusAsync(ctx.Db, id) != "completed") { done = false; break; }
                }
                // A planted id may never get a record (a refused enqueue, a key of another type): settled once all is idle.
                foreach (var id in planted)
                {
                    if (!done) break;
                    if (await StatusAsync(ctx.Db, id) is not (null or "completed" or "failed" or "not a hash")) done = false;
                }
                if (done && (!idle || await ctx.IsIdleAsync())) return;
            }
            catch (RedisException)
            {
                // a key of another type the case planted; keep waiting until the limit
            }
        }
    }

    private static async Task<string?> StatusAsync(IDatabase db, RedisValue id)
    {
        var key = BadInputEnv.JobKey(id);
        var type = await db.KeyTypeAsync(key);
        if (type == RedisType.None) return null;
        if (type != RedisType.Hash) return "not a hash";
        return await db.HashGetAsync(key, "status");
    }

    /// <summary>The outcome of one planted id: completed, dead:&lt;error_type&gt;, ran-twice, not-run, stranded:&lt;status&gt;, no-record.</summary>
    private static async Task<string> ClassifyAsync(IDatabase db, RedisValue id, Dictionary<string, int> starts)
    {
        var raw = (byte[])id!;
        var n = IsUtf8(raw) ? starts.GetValueOrDefault(id.ToString()) : 0;
        var key = BadInputEnv.JobKey(id);
        var type = await db.KeyTypeAsync(key);
        var deadType = await db.KeyTypeAsync($"{ChaosConfig.Prefix}:queue:dead");
        var dead = deadType == RedisType.List && (await db.ListRangeAsync($"{ChaosConfig.Prefix}:queue:dead")).Any(v => ((byte[])v!).AsSpan().SequenceEqual(raw));
        if (type == RedisType.None) return dead ? "dead:no-record" : n > 0 ? $"ran {n}×, no record" : "no-record";
        if (type != RedisType.Hash) return n > 0 ? $"ran {n}× (key is {type})" : $"skipped ({type} key left)";
        var status = (string?)await db.HashGetAsync(key, "status");
        var errorType = (string?)await db.HashGetAsync(key, "error_type");
        if (n > 1 && status == "completed") return "ran-twice";
        // A finished job always has its outcome (a script that failed after its first write would leave none): in the
        // job hash (duration_ms, docs/wire-format.md D10), or in the old format's result hash.
        var hasOutcome = await db.HashExistsAsync(key, "duration_ms") || await db.KeyExistsAsync(BadInputEnv.ResultKey(id));
        var noResult = status is "completed" or "failed" && !hasOutcome ? " (no result)" : "";
        if (status == "completed") return (n == 0 ? "completed-not-run" : "completed") + noResult;
        if (status == "failed" && dead) return "dead:" + errorType + noResult;
        if (status == "failed") return "failed-not-in-dlq:" + errorType;
        return $"stranded:{status}";
    }

    private static bool IsUtf8(byte[] raw)
    {
        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(raw);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
