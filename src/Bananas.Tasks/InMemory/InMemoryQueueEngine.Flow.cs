namespace Bananas.Tasks.InMemory;

// Flow-control gates, as in _common.lua's "Flow-control gates" block and enqueue-n.lua's debounce and sequence steps:
// concurrency limits, sequences, debounce/replace. docs/flow-control.md describes the semantics both engines share.
public sealed partial class InMemoryQueueEngine
{
    /// <summary>Running ids per concurrency gate key (conc_key).</summary>
    private readonly Dictionary<string, HashSet<JobId>> _concRunning = new(StringComparer.Ordinal);
    /// <summary>Waiting ids per concurrency gate key, oldest first.</summary>
    private readonly Dictionary<string, LinkedList<JobId>> _concWaiting = new(StringComparer.Ordinal);
    /// <summary>Ids per sequence lock in enqueue order; the first may run.</summary>
    private readonly Dictionary<string, LinkedList<JobId>> _sequences = new(StringComparer.Ordinal);
    /// <summary>The job answering to each debounce lock.</summary>
    private readonly Dictionary<string, (JobId Holder, DateTimeOffset Expires)> _debounce = new(StringComparer.Ordinal);

    private enum GateOutcome { Completed, Dead, Cancelled, Deleted, Retry }

    /// <summary>
    /// A debounce or replace: the job holding the key takes the new payload when it has not started (absorb in
    /// enqueue-n.lua). True with the holder when it did.
    /// </summary>
    private bool TryAbsorbLocked(JobRecord job, DateTimeOffset now, out JobId holder)
    {
        holder = default;
        if (job.DebounceLock is not { } lockName || job.DebounceMode == DebounceMode.None) return false;
        if (!_debounce.TryGetValue(lockName, out var held) || held.Expires <= now || held.Holder == job.Id) return false;
        if (!_jobs.TryGetValue(held.Holder, out var h)) return false;
        bool debounce = job.DebounceMode != DebounceMode.Replace;
        if (!(h.Status is JobStatus.Scheduled or JobStatus.Waiting || (!debounce && h.Status == JobStatus.Pending))) return false;
        var updated = h with { Payload = job.Payload, UpdatedAt = now };
        if (debounce && job.DebounceWindow is { } window)
        {
            updated = updated with { ScheduledFor = now + window };
            if (h.Status == JobStatus.Scheduled) AddScheduledLocked(h.Id, now + window);
        }
        _jobs[h.Id] = updated;
        holder = h.Id;
        return true;
    }

    /// <summary>The stored job now answers to its debounce key, until a day after its due time.</summary>
    private void TakeDebounceLocked(JobRecord job, DateTimeOffset now)
    {
        if (job.DebounceLock is not { } lockName || job.DebounceMode == DebounceMode.None) return;
        var due = job.ScheduledFor is { } d && d > now ? d : now;
        _debounce[lockName] = (job.Id, due + TimeSpan.FromDays(1));
        if (_debounce.Count % 1024 == 0)
            foreach (var (name, entry) in _debounce.ToList())
                if (entry.Expires <= now) _debounce.Remove(name);
    }

    /// <summary>Adds the job to its sequence; true when it is behind a live head (it waits). Stale heads are dropped first.</summary>
    private bool JoinSequenceLocked(JobRecord job)
    {
        if (job.SequenceLock is not { } lockName) return false;
        if (!_sequences.TryGetValue(lockName, out var list)) _sequences[lockName] = list = new LinkedList<JobId>();
        list.AddLast(job.Id);
        while (list.First!.Value != job.Id && SequenceHeadStaleLocked(list.First.Value)) list.RemoveFirst();
        return list.First!.Value != job.Id;
    }

    private bool SequenceHeadStaleLocked(JobId head) =>
        !_jobs.TryGetValue(head, out var h)
        || h.Status == JobStatus.Completed
        || (h.Status == JobStatus.Failed && (h.SequenceHold != SequenceHold.UntilCompleted || h.ErrorType == "JobCancelled"));

    /// <summary>
    /// Whether a fetched job may run under its concurrency limit (conc_admit in fetch-n.lua); when not, it is parked
    /// (status Waiting, in the gate's waiting list). Ids without a lease are dropped from a full gate first.
    /// </summary>
    private bool ConcurrencyAdmitsLocked(JobRecord job, DateTimeOffset now, HashSet<JobId> leasedHere, List<Action> notices)
    {
        if (job.ConcurrencyKey is not { } key || job.ConcurrencyLimit is not { } limit || limit < 1) return true;
        if (!_concRunning.TryGetValue(key, out var running)) _concRunning[key] = running = new HashSet<JobId>();
        if (running.Count >= limit)
        {
            running.RemoveWhere(id => !_leases.ContainsKey(id) && !leasedHere.Contains(id));
            if (running.Count < limit - 1) ConcurrencyWakeLocked(key, limit - 1 - running.Count, now, notices);
        }
        if (running.Count < limit) return true;
        if (!_concWaiting.TryGetValue(key, out var waiting)) _concWaiting[key] = waiting = new LinkedList<JobId>();
        waiting.AddLast(job.Id);
        _jobs[job.Id] = job with { Status = JobStatus.Waiting, WaitingOn = key + ":waiting", UpdatedAt = now };
        return false;
    }

    /// <summary>The leased job takes its concurrency slot.</summary>
    private void TakeConcurrencySlotLocked(JobRecord job)
    {
        if (job.ConcurrencyKey is { } key && job.ConcurrencyLimit is >= 1)
        {
            if (!_concRunning.TryGetValue(key, out var running)) _concRunning[key] = running = new HashSet<JobId>();
            running.Add(job.Id);
        }
    }

    private void ConcurrencyWakeLocked(string key, int count, DateTimeOffset now, List<Action> notices)
    {
        if (!_concWaiting.TryGetValue(key, out var waiting)) return;
        int woken = 0;
        while (woken < count && waiting.Count > 0)
        {
            var id = waiting.First!.Value;
            waiting.RemoveFirst();
            if (WakeLocked(id, now, notices)) woken++;
        }
        if (waiting.Count == 0) _concWaiting.Remove(key);
    }

    /// <summary>Queues a waiting job whose gate opened (wake_waiting in _common.lua); false when it is not waiting (a stale entry).</summary>
    private bool WakeLocked(JobId id, DateTimeOffset now, List<Action> notices)
    {
        if (!_jobs.TryGetValue(id, out var job) || job.Status != JobStatus.Waiting) return false;
        if (job.ScheduledFor is { } due && due > now)
        {
            _jobs[id] = job with { Status = JobStatus.Scheduled, WaitingOn = null, UpdatedAt = now };
            AddScheduledLocked(id, due);
            notices.Add(() => Wake(null));
        }
        else
        {
            _jobs[id] = job with { Status = JobStatus.Pending, WaitingOn = null, UpdatedAt = now };
            PushLocked(job.RoutingKey, job.Priority, id, front: true, notices);
        }
        return true;
    }

    /// <summary>What a job's end does to its gates (release_gates in _common.lua).</summary>
    private void ReleaseGatesLocked(JobRecord job, GateOutcome outcome, DateTimeOffset now, List<Action> notices)
    {
        if (job.ConcurrencyKey is { } key && _concRunning.TryGetValue(key, out var running) && running.Remove(job.Id))
        {
            if (running.Count == 0) _concRunning.Remove(key);
            ConcurrencyWakeLocked(key, 1, now, notices);
        }
        if (job.SequenceLock is { } lockName && (outcome is GateOutcome.Completed or GateOutcome.Cancelled or GateOutcome.Deleted
            || (outcome == GateOutcome.Dead && job.SequenceHold != SequenceHold.UntilCompleted)))
            LeaveSequenceLocked(job.Id, lockName, now, notices);
    }

    private void LeaveSequenceLocked(JobId id, string lockName, DateTimeOffset now, List<Action> notices)
    {
        if (!_sequences.TryGetValue(lockName, out var list)) return;
        if (list.First?.Value != id)
        {
            list.Remove(id);
            return;
        }
        list.RemoveFirst();
        while (list.First is { } next)
        {
            if (WakeLocked(next.Value, now, notices)) break;
            if (_jobs.TryGetValue(next.Value, out var j) && j.Status is not (JobStatus.Completed or JobStatus.Failed)) break; // active: it holds
            list.RemoveFirst();
        }
        if (list.Count == 0) _sequences.Remove(lockName);
    }

    /// <summary>A waiting job is cancelled: out of its concurrency gate's waiting list.</summary>
    private void LeaveWaitingLocked(JobRecord job)
    {
        if (job.ConcurrencyKey is { } key && _concWaiting.TryGetValue(key, out var waiting)) waiting.Remove(job.Id);
    }
}
