using System.Diagnostics;
using Bananas.Tasks.Chaos.Infrastructure;
using Bananas.Tasks.Chaos.Orchestration;
using Bananas.Tasks.Chaos.Roles;

namespace Bananas.Tasks.Chaos.Scenarios;

/// <summary>W1: kill -9 workers mid-job, again and again; the orchestrator restarts each one. Measures the recovery time.</summary>
internal sealed class KillWorkersScenario : Scenario
{
    public override string Name => "kill9";
    public override string Title => "W1 kill -9 workers mid-job (3 workers × 8, restarted)";

    public override async Task RunAsync(ScenarioContext ctx, RunSettings s, ScenarioResult r)
    {
        var rnd = s.Random;
        var plan = new List<PlannedJob>();
        var seconds = s.KillTarget * 1.2 + 5;
        var count = (int)(seconds * 35);
        for (int i = 0; i < count; i++) plan.Add(PlannedJob.Sleep(rnd.Next(50, 300)));
        for (int i = 0; i < 20; i++) plan.Add(PlannedJob.FailN(2, 20));
        for (int i = 0; i < 8; i++) plan.Add(PlannedJob.FailN(1000, 2));
        plan = plan.OrderBy(_ => rnd.Next()).ToList();
        r.Planned = plan.Count;

        var names = new[] { "w1", "w2", "w3" };
        var workers = names.ToDictionary(n => n, n => ctx.Worker(n));
        await WaitReadyAsync(workers.Values.ToArray());
        ctx.StartLeaseMonitor();
        var producer = ctx.Producer(plan, rate: 35);
        var kills = 0;
        while (kills < s.KillTarget)
        {
            await Task.Delay(1100);
            // the longest-running live worker: it has had time to take jobs
            var victim = workers.Values.Where(w => !w.HasExited).OrderBy(w => w.StartedAt).FirstOrDefault();
            if (victim is null) continue;
            victim.Kill();
            ctx.Fault("kill9-worker", victim.Name, victim.Pid); // after the signal: every start the victim logged is before it
            kills++;
            await victim.WaitForExitAsync(TimeSpan.FromSeconds(5));
            await Task.Delay(300);
            workers[victim.Name] = ctx.Worker(victim.Name);
        }
        r.WorkerKills = kills;
        await DrainOrNoteAsync(ctx, r, producer, TimeSpan.FromSeconds(60));
        r.Notes.Add($"{plan.Count} jobs (sleep 50-300 ms, 20 fail-2-then-succeed, 8 designed to exhaust 2 retries), producer at 35/s");
    }
}

/// <summary>W2: SIGSTOP a worker for 3× the lease, then SIGCONT: its leases are recovered meanwhile and its stale acks must be refused.</summary>
internal sealed class PauseWorkerScenario : Scenario
{
    public override string Name => "sigstop";
    public override string Title => "W2 SIGSTOP a worker past its lease (6 s), then SIGCONT";

    public override async Task RunAsync(ScenarioContext ctx, RunSettings s, ScenarioResult r)
    {
        var plan = Enumerable.Range(0, 60 * s.StopCycles).Select(_ => PlannedJob.Sleep(1000)).ToList();
        var a = ctx.Worker("wA");
        var b = ctx.Worker("wB");
        await WaitReadyAsync(a, b);
        ctx.StartLeaseMonitor();
        var producer = ctx.Producer(plan, rate: 12);
        for (int i = 0; i < s.StopCycles; i++)
        {
            await Task.Delay(2500);
            Signals.Send(a.Pid, Signals.SigStop);
            ctx.Fault("sigstop", a.Name, a.Pid); // after the signal: what A logged as started before it stopped is before this
            await Task.Delay(ChaosConfig.Lease * 3);
            Signals.Send(a.Pid, Signals.SigCont);
            r.Stops++;
        }
        await DrainOrNoteAsync(ctx, r, producer, TimeSpan.FromSeconds(60));
        r.Notes.Add($"{plan.Count} jobs of sleep(1 s) at 12/s on 2 workers; worker A stopped {s.StopCycles}× for {3 * ChaosConfig.Lease.TotalSeconds:0} s");
    }
}

/// <summary>W3: SIGTERM a worker running long jobs: short jobs finish, long ones go back to the queue without burning an attempt, exit within the shutdown timeout + 1 s.</summary>
internal sealed class GracefulShutdownScenario : Scenario
{
    public override string Name => "sigterm";
    public override string Title => "W3 SIGTERM with long jobs (shutdown timeout 2 s)";

    public override async Task RunAsync(ScenarioContext ctx, RunSettings s, ScenarioResult r)
    {
        const int shutdownMs = 2000;
        var longJobs = Enumerable.Range(0, 4).Select(_ => PlannedJob.Sleep(8000)).ToList();
        var shortJobs = Enumerable.Range(0, 60).Select(_ => PlannedJob.Sleep(300)).ToList();
        var plan = longJobs.Concat(shortJobs).ToList();
        var w = ctx.Worker("w1", concurrency: 8, shutdownMs: shutdownMs);
        await WaitReadyAsync(w);
        ctx.StartLeaseMonitor();
        var producer = ctx.Producer(plan, rate: 40);
        await Task.Delay(2500);
        var clock = Stopwatch.StartNew();
        w.EndedByOrchestrator = true;
        Signals.Send(w.Pid, Signals.SigTerm);
        ctx.Fault("sigterm", w.Name, w.Pid);
        var exited = await w.WaitForExitAsync(TimeSpan.FromSeconds(15));
        var exitMs = clock.Elapsed.TotalMilliseconds;
        r.Terms++;
        r.Figures["exit after SIGTERM"] = exited ? $"{exitMs:0} ms (exit code {w.ExitCode})" : "did not exit in 15 s";
        if (!exited || exitMs > shutdownMs + 1000 + 1500)
            r.Violate($"W3: the worker took {exitMs:0} ms to exit after SIGTERM (shutdown timeout {shutdownMs} ms + 1 s, +1.5 s process teardown allowed)");
        if (exited && w.ExitCode != 0) r.Violate($"W3: the worker exited with code {w.ExitCode} after SIGTERM");
        var w2 = ctx.Worker("w2", concurrency: 8, shutdownMs: shutdownMs);
        await DrainOrNoteAsync(ctx, r, producer, TimeSpan.FromSeconds(60));

        var events = LedgerWriter.ReadAll(ctx.Dir);
        var released = events.Where(e => e.Ev == "released").Select(e => e.Id!).ToHashSet();
        var longIds = longJobs.Select(j => j.Id).ToHashSet();
        r.Figures["long jobs released at shutdown"] = $"{released.Count(longIds.Contains)} of {longIds.Count}";
        var burned = events.Where(e => e.Ev == "started" && e.Pid == w2.Pid && longIds.Contains(e.Id!) && e.Attempt > 1).ToList();
        var releasedLongStarted = events.Count(e => e.Ev == "started" && e.Pid == w2.Pid && released.Contains(e.Id!));
        r.Figures["attempts burned by the shutdown"] = burned.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (burned.Count > 0) r.Violate($"W3: {burned.Count} released job(s) restarted with attempt > 1 (the shutdown used up an attempt), e.g. {burned[0].Id} attempt {burned[0].Attempt}");
        if (released.Count == 0) r.Violate("W3: no job was handed back at shutdown although long jobs were running");
        r.Notes.Add($"{longJobs.Count} jobs of 8 s and {shortJobs.Count} of 300 ms on 1 worker; SIGTERM 2.5 s in; {releasedLongStarted} released job(s) rerun by the next worker");
    }
}

/// <summary>W4: a poison job whose handler kills its process on every attempt must reach the DLQ after max retries, not loop forever.</summary>
internal sealed class PoisonScenario : Scenario
{
    public override string Name => "poison";
    public override string Title => "W4 poison job that kills its worker (max_retries 2)";

    public override bool WorkersMayCrash => true;

    public override async Task RunAsync(ScenarioContext ctx, RunSettings s, ScenarioResult r)
    {
        const int maxRetries = 2;
        var poison = PlannedJob.Poison(maxRetries);
        var plan = Enumerable.Range(0, 400).Select(_ => PlannedJob.Sleep(20)).ToList();
        plan.Insert(50, poison);
        var names = new[] { "w1", "w2", "w3" };
        var workers = names.ToDictionary(n => n, n => ctx.Worker(n));
        await WaitReadyAsync(workers.Values.ToArray());
        ctx.StartLeaseMonitor();
        var producer = ctx.Producer(plan, rate: 40);
        var crashes = 0;
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            foreach (var name in names)
            {
                var w = workers[name];
                if (!w.HasExited) continue;
                crashes++;
                ctx.Fault("poison-crash", name, w.Pid);
                workers[name] = ctx.Worker(name);
            }
            if (producer.HasExited && await ctx.IsIdleAsync()) break;
        }
        r.SelfKills = crashes;
        r.Figures["worker crashes before the DLQ"] = $"{crashes} (designed: max_retries + 1 = {maxRetries + 1})";
        if (crashes != maxRetries + 1) r.Violate($"W4: the poison job crashed its worker {crashes} time(s); expected exactly max_retries + 1 = {maxRetries + 1}");
        await DrainOrNoteAsync(ctx, r, producer, TimeSpan.FromSeconds(30));
        r.Notes.Add($"1 poison job (Environment.FailFast) among {plan.Count - 1} short jobs on 3 workers; crashed workers restarted");
    }
}
