using Bananas.Tasks.Chaos.Infrastructure;
using Bananas.Tasks.Chaos.Orchestration;
using Bananas.Tasks.Chaos.Roles;

namespace Bananas.Tasks.Chaos.Scenarios;

/// <summary>
/// F1 (issue 13): kill -9 workers while jobs run under a global concurrency limit of 3 and in four sequences whose jobs
/// fail at random. Besides the shared invariants: from the ledgers, never more than 3 gated handlers running at once (a
/// handler runs from its start to its end, or to its worker's death), and in each sequence one handler at a time, job n + 1
/// never starting before the run of job n that completed had ended. A crashed worker's slots come back with its leases, so the gated jobs drain.
/// </summary>
internal sealed class FlowGatesUnderKillsScenario : Scenario
{
    private const int Limit = 3;
    /// <summary>The end of a handler's run. (A slot or a sequence is released when the outcome is written in Redis, after the
    /// handler ends and before the worker logs the outcome: so the handler's run is inside the time it held them.)</summary>
    private static readonly HashSet<string> s_handlerEnd = new(StringComparer.Ordinal) { "handler-done", "handler-threw" };

    public override string Name => "flowkill";
    public override string Title => "F1 kill -9 workers under a concurrency limit of 3 and 4 sequences (3 workers × 8, restarted)";

    public override async Task RunAsync(ScenarioContext ctx, RunSettings s, ScenarioResult r)
    {
        var rnd = s.Random;
        var gated = Enumerable.Range(0, 120).Select(_ => PlannedJob.Sleep(rnd.Next(30, 150)) with { ConcurrencyLimit = Limit }).ToList();
        var sequences = Enumerable.Range(0, 4).Select(k => Enumerable.Range(0, 15)
            .Select(_ => PlannedJob.FailN(rnd.Next(0, 3) == 0 ? 1 : 0, 20) with { Sequence = "acct-" + k }).ToList()).ToList();
        // interleaved: the gated jobs and the sequences' jobs, each sequence in its own order
        var plan = new List<PlannedJob>();
        var cursors = new int[sequences.Count];
        foreach (var job in gated)
        {
            plan.Add(job);
            var k = rnd.Next(sequences.Count);
            if (cursors[k] < sequences[k].Count) plan.Add(sequences[k][cursors[k]++]);
        }
        for (int k = 0; k < sequences.Count; k++) plan.AddRange(sequences[k].Skip(cursors[k]));
        r.Planned = plan.Count;

        var names = new[] { "f1", "f2", "f3" };
        var workers = names.ToDictionary(n => n, n => ctx.Worker(n));
        await WaitReadyAsync(workers.Values.ToArray());
        ctx.StartLeaseMonitor();
        var producer = ctx.Producer(plan, rate: 40, parallel: 1); // one lane: a sequence is enqueued in its order
        var kills = 0;
        var target = Math.Max(2, s.KillTarget / 2);
        while (kills < target)
        {
            await Task.Delay(1200);
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
        await DrainOrNoteAsync(ctx, r, producer, TimeSpan.FromSeconds(90));

        var events = LedgerWriter.ReadAll(ctx.Dir);
        var deathOf = ctx.Faults.Where(f => f.Kind == "kill9-worker").SelectMany(f => f.Pids.Select(p => (Pid: p, f.T))).GroupBy(x => x.Pid).ToDictionary(g => g.Key, g => g.Min(x => x.T));
        var attempts = Attempts(events, deathOf);

        var gatedIds = gated.Select(j => j.Id).ToHashSet(StringComparer.Ordinal);
        var gatedRuns = attempts.Where(a => gatedIds.Contains(a.Id)).ToList();
        var most = MostAtOnce(gatedRuns.Select(a => (a.Start, a.End)));
        if (most > Limit) r.Violate($"F1a: {most} handlers of the concurrency-limited task ran at once under a limit of {Limit}");
        var unsettled = attempts.Count(a => a.End == long.MaxValue);
        if (unsettled > 0) r.Notes.Add($"{unsettled} attempt(s) neither settled nor ended by a kill (counted as running to the end)");

        foreach (var sequence in sequences)
        {
            var key = sequence[0].Sequence;
            var order = sequence.Select((j, n) => (j.Id, n)).ToDictionary(x => x.Id, x => x.n, StringComparer.Ordinal);
            var runs = attempts.Where(a => order.ContainsKey(a.Id)).ToList();
            if (MostAtOnce(runs.Select(a => (a.Start, a.End))) > 1) r.Violate($"F1b: two attempts of sequence {key} ran at once");
            // when the run that succeeded ended: the first handler-done of the job (a "completed" log comes after the ack
            // reply, which can be after the next job of the sequence has started elsewhere)
            var completedAt = events.Where(e => e.Ev == "handler-done" && e.Id is not null && order.ContainsKey(e.Id)).GroupBy(e => e.Id!).ToDictionary(g => g.Key, g => g.Min(e => e.T), StringComparer.Ordinal);
            for (int n = 1; n < sequence.Count; n++)
            {
                var firstStart = runs.Where(a => a.Id == sequence[n].Id).Select(a => a.Start).DefaultIfEmpty(long.MaxValue).Min();
                if (firstStart == long.MaxValue) continue; // never ran: I1 reports it
                if (!completedAt.TryGetValue(sequence[n - 1].Id, out var before) || firstStart < before)
                    r.Violate($"F1b: job {n} of sequence {key} ({sequence[n].Id}) started before job {n - 1} ({sequence[n - 1].Id}) had run to its success");
            }
        }
        r.Notes.Add($"{gated.Count} sleep jobs under a concurrency limit of {Limit} (most at once: {most}), 4 sequences × 15 jobs (a third fail once), producer at 40/s in one lane, {kills} kill -9");
    }

    /// <summary>Every attempt from the ledgers: its start and its settle, or its worker's death, or never (long.MaxValue).</summary>
    private static List<(string Id, long Start, long End)> Attempts(List<LedgerEvent> events, Dictionary<int, long> deathOf)
    {
        var list = new List<(string, long, long)>();
        foreach (var perPid in events.Where(e => e.Id is not null && (e.Ev == "started" || s_handlerEnd.Contains(e.Ev))).GroupBy(e => (e.Id, e.Pid)))
        {
            var open = new Queue<long>();
            foreach (var e in perPid)
            {
                if (e.Ev == "started") open.Enqueue(e.T);
                else if (open.Count > 0) list.Add((e.Id!, open.Dequeue(), e.T));
            }
            while (open.Count > 0) list.Add((perPid.Key.Id!, open.Dequeue(), deathOf.TryGetValue(perPid.Key.Pid, out var died) ? died : long.MaxValue));
        }
        return list;
    }

    /// <summary>The most intervals open at one time (an end at the same ms as a start closes first).</summary>
    private static int MostAtOnce(IEnumerable<(long Start, long End)> intervals) =>
        intervals.SelectMany(e => new[] { (At: e.Start, Step: 1), (At: e.End, Step: -1) })
            .OrderBy(p => p.At).ThenBy(p => p.Step)
            .Aggregate((Open: 0, Most: 0), (s, p) => (s.Open + p.Step, Math.Max(s.Most, s.Open + p.Step))).Most;
}
