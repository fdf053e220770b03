using Bananas.Tasks.Chaos.Infrastructure;
using Bananas.Tasks.Chaos.Roles;
using StackExchange.Redis;

namespace Bananas.Tasks.Chaos.Orchestration;

/// <summary>How a scenario wants its invariants judged.</summary>
internal sealed record CheckOptions
{
    /// <summary>Acked enqueues lost are a violation (false: AOF everysec, the loss is measured and reported).</summary>
    public bool LossIsViolation { get; init; } = true;
    /// <summary>Double completions are a violation (false only where Redis itself may roll back an ack: AOF everysec).</summary>
    public bool DoubleCompletionIsViolation { get; init; } = true;
    /// <summary>Duplicates must stay within the jobs in flight at the faults (false: AOF everysec, measured).</summary>
    public bool DuplicatesBounded { get; init; } = true;
    /// <summary>An attempt restarting inside the previous attempt's lease is a violation (false: AOF everysec may roll a lease back).</summary>
    public bool EarlyRestartIsViolation { get; init; } = true;
    /// <summary>Fault kinds whose in-flight jobs count on all workers (Redis faults, storms), not only on the faulted pid.</summary>
    public bool CheckOverdue { get; init; } = true;
    /// <summary>Ids that exist by design besides the plan (cron occurrences, raw bad-input records).</summary>
    public IReadOnlySet<string> ExtraKnownIds { get; init; } = new HashSet<string>();
    /// <summary>Extra ids designed to end in the DLQ.</summary>
    public IReadOnlySet<string> ExtraDead { get; init; } = new HashSet<string>();
}

/// <summary>
/// The oracle (reliability-plan.md §5.2, Jepsen's total-queue extended), run after the faults stop and the queues
/// drain: I1 nothing lost, I2 no phantom, I4 duplicates ≤ jobs in flight at the faults, I5 no double completion,
/// I6 DLQ exact, I7 nothing stuck in processing past lease + maintenance + 1 s, I9 no leaked keys; and the recovery
/// time after each kill -9 (kill → the job's next <c>started</c>).
/// </summary>
internal static class Checker
{
    private static readonly HashSet<string> s_settle = new(StringComparer.Ordinal) { "completed", "failed", "dead", "lease-lost", "released", "unrecorded", "abandoned" };

    public static async Task CheckAsync(ScenarioContext ctx, IReadOnlyList<PlannedJob> plan, ScenarioResult result, CheckOptions? options = null)
    {
        options ??= new CheckOptions();
        var events = LedgerWriter.ReadAll(ctx.Dir);
        var prefix = ChaosConfig.Prefix;
        var db = ctx.Db;
        var planned = plan.ToDictionary(p => p.Id, StringComparer.Ordinal);
        var known = new HashSet<string>(planned.Keys, StringComparer.Ordinal);
        known.UnionWith(options.ExtraKnownIds);
        var acked = events.Where(e => e.Ev == "enqueued-ack" && e.Id is not null).Select(e => e.Id!).ToHashSet(StringComparer.Ordinal);
        var invoked = events.Where(e => e.Ev == "enq-invoke" && e.Id is not null).Select(e => e.Id!).ToHashSet(StringComparer.Ordinal);
        result.Planned = plan.Count;
        result.Acked = acked.Count;
        result.EnqueueErrors = events.Count(e => e.Ev == "enq-fail");

        // Final Redis state.
        var dead = (await db.ListRangeAsync($"{prefix}:queue:dead")).Select(v => v.ToString()).ToList();
        var deadSet = dead.ToHashSet(StringComparer.Ordinal);
        if (deadSet.Count != dead.Count) result.Violate($"I6: {dead.Count - deadSet.Count} id(s) are in the dead letter queue more than once");
        var status = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var id in known.Union(acked))
        {
            var type = await db.KeyTypeAsync($"{prefix}:job:{id}");
            status[id] = type == RedisType.Hash ? (string?)await db.HashGetAsync($"{prefix}:job:{id}", "status") : null;
        }
        var completedLedger = events.Where(e => e.Ev == "completed" && e.Id is not null).GroupBy(e => e.Id!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var completed = status.Where(kv => kv.Value == "completed").Select(kv => kv.Key).ToHashSet(StringComparer.Ordinal);
        completed.UnionWith(completedLedger.Keys);
        result.Completed = completed.Count;

        // I1 nothing lost: every acknowledged enqueue completed or is in the DLQ.
        var lost = acked.Where(id => !completed.Contains(id) && !deadSet.Contains(id)).ToList();
        result.Lost = lost.Count;
        result.LossMeasuredOnly = !options.LossIsViolation;
        if (lost.Count > 0 && options.LossIsViolation)
            result.Violate($"I1: {lost.Count} acknowledged enqueue(s) neither completed nor dead-lettered, e.g. {Sample(lost, status)}");
        var neverAcked = plan.Where(p => !acked.Contains(p.Id)).ToList();
        if (neverAcked.Count > 0) result.Notes.Add($"{neverAcked.Count} planned job(s) never got an enqueue acknowledgement (producer gave up or was still retrying)");

        // I2 no phantom: nothing ran that nobody enqueued.
        var started = events.Where(e => e.Ev == "started" && e.Id is not null).ToList();
        var phantoms = started.Select(e => e.Id!).Distinct().Where(id => !known.Contains(id) && !acked.Contains(id) && !invoked.Contains(id)).ToList();
        result.Phantoms = phantoms.Count;
        if (phantoms.Count > 0) result.Violate($"I2: {phantoms.Count} phantom job(s) ran that were never enqueued, e.g. {phantoms[0]}");

        // I4 duplicates bounded by the jobs in flight at the faults.
        var starts = started.GroupBy(e => e.Id!).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var duplicates = 0;
        foreach (var (id, n) in starts)
        {
            var expected = planned.TryGetValue(id, out var p) ? p.ExpectedStarts : 1;
            if (n > expected) duplicates += n - expected;
        }
        result.Duplicates = duplicates;
        var bound = 0;
        foreach (var fault in ctx.Faults)
        {
            // A killed process writes nothing after its death, so everything it started and did not settle was in
            // flight then, whatever the fault's recorded time (the scenarios take it after the signal; when it was
            // taken before, a start 3 ms after the record made 8 duplicates against a bound of 7, 2026-12-03).
            var inFlight = InFlight(events, fault.Pids, fault.Kind == "kill9-worker" ? long.MaxValue : fault.T);
            if (fault.Leased is { } leased) inFlight.UnionWith(leased);
            bound += inFlight.Count;
            if (fault.Kind == "kill9-worker")
            {
                foreach (var id in inFlight)
                {
                    var next = started.FirstOrDefault(e => e.Id == id && e.T > fault.T);
                    if (next is not null) result.RecoveryMs.Add(next.T - fault.T);
                }
            }
        }
        result.DuplicateBound = bound;

        // I4b lease honoured: no attempt starts within half a lease of the previous attempt's start (its lease runs
        // from its fetch, just before that start, for a whole lease), unless that attempt settled first. Pauses and partitions cannot cause this; a lease
        // that was born expired or dropped from the worker's renewals can.
        // The k-th settle of an id on a pid belongs to its k-th start there (a worker that fetched the job again
        // while the old attempt's outcome was still on the wire settles the old attempt first).
        var settleOf = new Dictionary<LedgerEvent, long>(ReferenceEqualityComparer.Instance);
        foreach (var perPid in events.Where(e => e.Id is not null && (e.Ev == "started" || s_settle.Contains(e.Ev))).GroupBy(e => (e.Id, e.Pid)))
        {
            var pending = new Queue<LedgerEvent>();
            foreach (var e in perPid)
            {
                if (e.Ev == "started") pending.Enqueue(e);
                else if (pending.Count > 0) settleOf[pending.Dequeue()] = e.T;
            }
        }
        // A worker writes its settle line from the log event that follows the outcome's reply, so a kill -9 between the
        // two loses the line while Redis has the outcome (a failure with its retry due 220 ms later, restarted then
        // elsewhere: a false I4b in flowkill, 2026-12-03). For an attempt of a killed process with no settle line, the
        // end of its handler is the earliest the outcome can have been recorded: a restart after it is no overlap.
        var killedPids = ctx.Faults.Where(f => f.Kind is "kill9-worker" or "poison-crash").SelectMany(f => f.Pids).ToHashSet();
        var handlerEndOf = new Dictionary<LedgerEvent, long>(ReferenceEqualityComparer.Instance);
        foreach (var perPid in events.Where(e => e.Id is not null && killedPids.Contains(e.Pid) && e.Ev is "started" or "handler-done" or "handler-threw").GroupBy(e => (e.Id, e.Pid)))
        {
            var pending = new Queue<LedgerEvent>();
            foreach (var e in perPid)
            {
                if (e.Ev == "started") pending.Enqueue(e);
                else if (pending.Count > 0) handlerEndOf[pending.Dequeue()] = e.T;
            }
        }
        var early = new List<string>();
        foreach (var group in started.GroupBy(e => e.Id!))
        {
            var list = group.ToList();
            for (int i = 1; i < list.Count; i++)
            {
                var prev = list[i - 1];
                // The lease starts at the fetch, a little before the handler's start: half the lease leaves room for that.
                if (list[i].T - prev.T >= ChaosConfig.Lease.TotalMilliseconds / 2) continue;
                if (!settleOf.TryGetValue(prev, out var settledAt) && !handlerEndOf.TryGetValue(prev, out settledAt)) settledAt = long.MaxValue;
                if (settledAt > list[i].T)
                    early.Add($"{prev.Id} attempt {prev.Attempt} (pid {prev.Pid}) restarted as attempt {list[i].Attempt} (pid {list[i].Pid}) {list[i].T - prev.T} ms after it started");
            }
        }
        result.EarlyRestarts = early.Count;
        if (early.Count > 0)
        {
            var message = $"I4b: {early.Count} job(s) started again while the previous attempt was running and before its lease could expire, e.g. {early[0]}";
            if (!options.EarlyRestartIsViolation) result.Notes.Add(message + " (measured: Redis may roll back a lease here)");
            else result.Violate(message);
        }
        var excess = duplicates - bound;
        if (excess > 0)
        {
            var message = $"I4: {duplicates} duplicate execution(s) > {bound} job(s) in flight at the {ctx.Faults.Count} fault(s)";
            if (!options.DuplicatesBounded)
                result.Notes.Add(message + " (measured, not gated: with AOF everysec Redis forgets up to ~1 s of fetches and acks at a crash, so jobs fetched or completed in that window run again)");
            else result.Violate(message);
        }

        // I5 no double completion: the engine recorded at most one ack per job; stale acks were fenced.
        var doubles = completedLedger.Where(kv => kv.Value > 1).Select(kv => kv.Key).ToList();
        result.DoubleCompletions = doubles.Count;
        result.FencedAcks = events.Count(e => e.Ev == "lease-lost");
        if (doubles.Count > 0 && options.DoubleCompletionIsViolation)
            result.Violate($"I5: {doubles.Count} job(s) completed twice (two acks recorded), e.g. {doubles[0]}");

        // I6 DLQ exact.
        var designedDead = plan.Where(p => p.Expect == "dead").Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        designedDead.UnionWith(options.ExtraDead);
        result.DlqExpected = designedDead.Count;
        result.DlqActual = deadSet.Count;
        var missingDead = designedDead.Where(id => !deadSet.Contains(id)).ToList();
        var extraDead = deadSet.Where(id => !designedDead.Contains(id)).ToList();
        if (missingDead.Count > 0) result.Violate($"I6: {missingDead.Count} job(s) designed to fail are not in the DLQ, e.g. {Sample(missingDead, status)}");
        if (extraDead.Count > 0)
        {
            var reasons = new List<string>();
            foreach (var id in extraDead.Take(3))
                reasons.Add($"{id} ({(string?)await db.HashGetAsync($"{prefix}:job:{id}", "error_type")}: {Trim((string?)await db.HashGetAsync($"{prefix}:job:{id}", "error"))})");
            result.Violate($"I6: {extraDead.Count} job(s) in the DLQ that were not designed to fail, e.g. {string.Join("; ", reasons)}");
        }

        // I7 nothing stuck in processing.
        result.MaxOverdueMs = ctx.MaxOverdueMs;
        var overdueBound = (ChaosConfig.Maintenance + TimeSpan.FromSeconds(1)).TotalMilliseconds;
        if (options.CheckOverdue && ctx.MaxOverdueMs > overdueBound)
        {
            var message = $"I7: lease of {ctx.MaxOverdueId} was {ctx.MaxOverdueMs:0} ms past its deadline (bound: maintenance {ChaosConfig.Maintenance.TotalMilliseconds:0} ms + 1 s; a job stays in processing at most lease + that)";
            result.Violate(message);
        }
        var leasesLeft = await db.SortedSetLengthAsync($"{prefix}:queue:leases");
        if (leasesLeft > 0) result.Violate($"I7: {leasesLeft} job(s) still in processing after the drain");

        // I9 no leaked keys: after the drain only what retention should leave.
        var (total, leaked, examples) = await LeakedKeysAsync(ctx, completed, deadSet, known, acked);
        result.KeysAfterDrain = total;
        result.LeakedKeys = leaked;
        if (leaked > 0) result.Violate($"I9: {leaked} key(s) left after the drain that retention does not explain, e.g. {string.Join(", ", examples)}");
    }

    /// <summary>Ids started (by these pids) and not yet settled at time <paramref name="t"/>.</summary>
    public static HashSet<string> InFlight(List<LedgerEvent> events, IReadOnlyList<int> pids, long t)
    {
        var open = new HashSet<string>(StringComparer.Ordinal);
        var pidSet = pids.ToHashSet();
        foreach (var e in events)
        {
            if (e.T > t) break;
            if (e.Id is null || !pidSet.Contains(e.Pid)) continue;
            if (e.Ev == "started") open.Add(e.Id);
            else if (s_settle.Contains(e.Ev)) open.Remove(e.Id);
        }
        return open;
    }

    private static async Task<(int Total, int Leaked, List<string> Examples)> LeakedKeysAsync(ScenarioContext ctx, HashSet<string> completed, HashSet<string> dead, HashSet<string> known, HashSet<string> acked)
    {
        var prefix = ChaosConfig.Prefix + ":";
        var total = 0;
        var leaked = 0;
        var examples = new List<string>();
        void Leak(string key, string why)
        {
            leaked++;
            if (examples.Count < 4) examples.Add($"{key} ({why})");
        }
        await foreach (var k in ctx.Server.KeysAsync(pattern: "*", pageSize: 1000))
        {
            total++;
            var key = k.ToString();
            var ttl = await ctx.Db.KeyTimeToLiveAsync(k);
            // No TTL is also what a key that expired since the scan listed it reads as (a worker registration does, a
            // few hundred ms after its worker was killed): it is gone, not leaked.
            if (ttl is null && !await ctx.Db.KeyExistsAsync(k)) continue;
            if (!key.StartsWith(prefix, StringComparison.Ordinal)) { Leak(key, "outside the prefix"); continue; }
            var rest = key[prefix.Length..];
            if (rest == "routes" || rest.StartsWith("cron:", StringComparison.Ordinal)) continue;
            // Kept by design (docs/wire-format.md): the dataset marker, the schedules and paused-routes sets, the
            // workers index, the bounded recently finished indexes.
            if (rest is "instance" or "schedules" or "paused" or "workers" or "queue:completed" or "queue:failed") continue;
            if (rest.StartsWith("route:", StringComparison.Ordinal) && rest.EndsWith(":dead", StringComparison.Ordinal))
            {
                if (dead.Count == 0) Leak(key, "per-route dead list while the DLQ is empty");
                continue;
            }
            // Expire by themselves: throughput counters (2 h / 91 days) and worker registrations (WorkerTtl).
            if (rest.StartsWith("stats:", StringComparison.Ordinal) || rest.StartsWith("worker:", StringComparison.Ordinal))
            {
                if (ttl is null) Leak(key, "counter or worker registration without TTL");
                continue;
            }
            // A workflow record gets the result TTL when it finishes: one without a TTL never finished.
            if (rest.StartsWith("wf:", StringComparison.Ordinal))
            {
                if (ttl is null) Leak(key, "workflow record without TTL (it never finished)");
                continue;
            }
            if (rest == "queue:dead") { if (dead.Count == 0) Leak(key, "empty DLQ key"); continue; }
            if (rest.StartsWith("job:", StringComparison.Ordinal))
            {
                var id = rest[4..];
                if (completed.Contains(id)) { if (ttl is null) Leak(key, "completed job without TTL"); }
                else if (!dead.Contains(id)) Leak(key, known.Contains(id) || acked.Contains(id) ? "job neither completed nor dead" : "unknown job");
                continue;
            }
            if (rest.StartsWith("result:", StringComparison.Ordinal))
            {
                var id = rest[7..];
                if (!completed.Contains(id) && !dead.Contains(id)) Leak(key, "result of a job that did not finish");
                else if (ttl is null) Leak(key, "result without TTL");
                continue;
            }
            Leak(key, "unexpected key");
        }
        return (total, leaked, examples);
    }

    private static string Sample(List<string> ids, Dictionary<string, string?> status) =>
        string.Join(", ", ids.Take(3).Select(id => $"{id} (status {(status.TryGetValue(id, out var s) ? s ?? "no record" : "?")})"));

    private static string Trim(string? s) => s is null ? "" : s.Length > 120 ? s[..120] + "…" : s;
}
