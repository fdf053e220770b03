using System.Globalization;
using Bananas.Tasks.Chaos.Infrastructure;
using Bananas.Tasks.Chaos.Orchestration;
using Bananas.Tasks.Client;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Workflows;

namespace Bananas.Tasks.Chaos.Scenarios;

/// <summary>
/// F2 (issue 14): kill -9 workers while workflows run: 12 three-step chains and 2 fan-outs of 100 steps joined by one.
/// Each step adds its own k to its input (a parent's result, or the sum of a group's), so a workflow's typed result says
/// whether every step's result reached the next exactly once. Checked: every workflow completed once with the expected
/// typed result, every step completed exactly once (one accepted completion in the ledgers), and no step started before
/// a parent's handler had run to its end.
/// </summary>
internal sealed class WorkflowsUnderKillsScenario : Scenario
{
    public override string Name => "wfkill";
    public override string Title => "F2 kill -9 workers mid-workflow: 12 three-step chains and 2 joins of 100 (3 workers × 8, restarted)";

    private static Step<long> Step(long k, int ms) =>
        Workflow.Step<long>(ChaosConfig.WfStep, Payload(k, ms), Options, Encode, Decode);

    private static Step<long> After<T>(IStepInput<T> from, long k, int ms) =>
        Workflow.Step<T, long>(from, "input", ChaosConfig.WfStep, Payload(k, ms), Options, Encode, Decode);

    private static readonly JobOptions Options = new() { MaxRetries = 20 };
    private static string Payload(long k, int ms) => $"{{\"k\":{k},\"ms\":{ms}}}";
    private static string Encode(long value) => value.ToString(CultureInfo.InvariantCulture);
    private static long Decode(string? json) => long.Parse(json ?? "x", CultureInfo.InvariantCulture);

    public override async Task RunAsync(ScenarioContext ctx, RunSettings s, ScenarioResult r)
    {
        var rnd = s.Random;
        await using var engine = new RedisQueueEngine(ctx.Admin, new QueueEngineOptions { Prefix = ChaosConfig.Prefix });
        var client = new BananasClient(engine);
        var names = new[] { "g1", "g2", "g3" };
        var workers = names.ToDictionary(n => n, n => ctx.Worker(n));
        await WaitReadyAsync(workers.Values.ToArray());
        ctx.StartLeaseMonitor();

        var started = new List<(WorkflowHandle<long> Handle, long Expected, string Kind)>();
        for (int i = 0; i < 12; i++)
        {
            long k1 = rnd.Next(1, 10), k2 = rnd.Next(1, 10), k3 = rnd.Next(1, 10);
            var chain = Step(k1, rnd.Next(100, 400)).Then(x => After(x, k2, rnd.Next(100, 400))).Then(x => After(x, k3, rnd.Next(100, 400)));
            started.Add((await client.StartWorkflowAsync(chain), k1 + k2 + k3, "chain"));
        }
        for (int i = 0; i < 2; i++)
        {
            var ks = Enumerable.Range(0, 100).Select(_ => (long)rnd.Next(1, 10)).ToList();
            var join = Workflow.All(ks.Select(k => Step(k, rnd.Next(20, 200)))).Then(x => After(x, 1000, 50));
            started.Add((await client.StartWorkflowAsync(join), ks.Sum() + 1000, "join"));
        }

        var kills = 0;
        var target = Math.Max(3, s.KillTarget / 2);
        while (kills < target)
        {
            await Task.Delay(900);
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

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        var records = new Dictionary<string, WorkflowRecord?>();
        while (true)
        {
            foreach (var (handle, _, _) in started) records[handle.Id] = await handle.GetAsync();
            if (records.Values.All(w => w is not null && w.Status != WorkflowStatus.Running) || DateTime.UtcNow > deadline) break;
            await Task.Delay(250);
        }
        await ctx.WaitDrainAsync(TimeSpan.FromSeconds(30));

        var events = LedgerWriter.ReadAll(ctx.Dir);
        var completedEvents = events.Where(e => e.Ev == "completed" && e.Id is not null).GroupBy(e => e.Id!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var firstStart = events.Where(e => e.Ev == "started" && e.Id is not null).GroupBy(e => e.Id!).ToDictionary(g => g.Key, g => g.Min(e => e.T), StringComparer.Ordinal);
        var firstDone = events.Where(e => e.Ev == "handler-done" && e.Id is not null).GroupBy(e => e.Id!).ToDictionary(g => g.Key, g => g.Min(e => e.T), StringComparer.Ordinal);
        // A worker writes its "completed" ledger line from the log event that follows the ack's reply, so a kill -9
        // between the two leaves an ack in Redis with no line (the general checker unions Redis status with the ledger
        // for the same reason). Such a step counts once when Redis says it completed and its handler ran to its end in
        // a process that was killed later (it wrote nothing after its death): the kill fell in the ack's window (CI 2026-12-03 failed F2c on exactly this).
        var killed = ctx.Faults.Where(f => f.Kind == "kill9-worker").SelectMany(f => f.Pids).ToHashSet();
        var doneThenKilled = events.Where(e => e.Ev == "handler-done" && e.Id is not null && killed.Contains(e.Pid))
            .Select(e => e.Id!).ToHashSet(StringComparer.Ordinal);
        int steps = 0, wrong = 0, early = 0, notOnce = 0, ackLineLost = 0;
        foreach (var (handle, expected, kind) in started)
        {
            var wf = records[handle.Id];
            if (wf is null || wf.Status != WorkflowStatus.Completed || wf.Done != wf.Total)
            {
                r.Violate($"F2a: {kind} workflow {handle.Id} is {wf?.Status.ToWireName() ?? "gone"} with {wf?.Done}/{wf?.Total} steps done (failed {wf?.Failed}, at {wf?.FailedStep})");
                continue;
            }
            var result = await handle.FinalStep.TryGetResultAsync();
            if (result?.Value != expected)
            {
                wrong++;
                r.Violate($"F2b: {kind} workflow {handle.Id} returned {result?.Value.ToString(CultureInfo.InvariantCulture) ?? "nothing"}, expected {expected}");
            }
            var byId = wf.Steps.ToDictionary(st => st.Id);
            foreach (var id in wf.StepIds)
            {
                steps++;
                CronIds.Add(id.Value);
                var n = completedEvents.GetValueOrDefault(id.Value);
                if (n == 0 && byId.TryGetValue(id, out var acked) && acked.Status == JobStatus.Completed && doneThenKilled.Contains(id.Value)) { ackLineLost++; n = 1; }
                if (n != 1) { notOnce++; r.Violate($"F2c: step {id} of workflow {handle.Id} has {n} accepted completions in the ledgers; expected 1"); }
                if (!byId.TryGetValue(id, out var step) || step.Status != JobStatus.Completed) r.Violate($"F2c: step {id} of workflow {handle.Id} is {(byId.TryGetValue(id, out var st) ? st.Status.ToWireName() : "gone")}");
            }
            // each step's parents: the steps that feed it (wf_next of the others)
            foreach (var parent in wf.Steps)
                foreach (var edge in parent.Workflow?.Next ?? [])
                    if (firstStart.TryGetValue(edge.Child.Value, out var childStart) && (!firstDone.TryGetValue(parent.Id.Value, out var parentDone) || childStart < parentDone))
                    {
                        early++;
                        r.Violate($"F2d: step {edge.Child} started before its parent {parent.Id} had run to its end");
                    }
        }
        r.Figures["workflows completed / started"] = $"{records.Values.Count(w => w?.Status == WorkflowStatus.Completed)} / {started.Count}";
        r.Figures["workflow steps / wrong results / steps not completed once / started early"] = $"{steps} / {wrong} / {notOnce} / {early}";
        if (ackLineLost > 0) r.Notes.Add($"{ackLineLost} step(s) acknowledged in Redis whose worker was killed before it logged the ack (counted once: completed in Redis, handler ran to its end before the kill)");
        r.Notes.Add($"12 chains of 3 steps and 2 groups of 100 joined by one ({steps} steps), {kills} kill -9 of 3 workers × 8");
    }

    public override CheckOptions? CheckOptions => new() { ExtraKnownIds = CronIds };

    /// <summary>The steps' ids (for the general checker's phantom and leak checks).</summary>
    private HashSet<string> CronIds { get; } = new(StringComparer.Ordinal);
}
