using Bananas.Tasks.Admin;
using Bananas.Tasks.Engine;

namespace Bananas.Tasks.InMemory;

/// <summary>
/// The admin side in memory, with the Redis engine's semantics: the same orders, cursors (<see cref="AdminCursor"/>),
/// scan bounds, index bounds (recently finished: 10,000 entries and the result TTL) and counter retention.
/// </summary>
public sealed partial class InMemoryQueueEngine : IQueueEngineAdmin
{
    /// <summary>Most entries of each recently finished index (as <c>RECENT_MAX</c> in the Redis scripts).</summary>
    internal const int RecentMax = 10_000;

    private readonly HashSet<RoutingKey> _paused = new();
    private readonly Dictionary<JobId, DateTimeOffset> _completed = new();
    private readonly Dictionary<JobId, DateTimeOffset> _failed = new();
    private readonly Dictionary<string, (WorkerInfo Info, DateTimeOffset Deadline)> _workers = new(StringComparer.Ordinal);
    private readonly Dictionary<(RoutingKey Route, DateTimeOffset Minute), (long Processed, long Failed)> _minuteCounts = new();
    private readonly Dictionary<(RoutingKey Route, DateTimeOffset Day), (long Processed, long Failed)> _dayCounts = new();

    /// <inheritdoc/>
    public Task<QueueOverview> GetOverviewAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var routes = _routes.Union(_paused).OrderBy(r => r.Value, StringComparer.Ordinal).Select(route =>
            {
                long Count(Priority p) => _queues.TryGetValue((route, p), out var q) ? q.Count : 0;
                return new RouteOverview
                {
                    Route = route,
                    High = Count(Priority.High),
                    Normal = Count(Priority.Normal),
                    Low = Count(Priority.Low),
                    Dead = DeadOfLocked(route).Count(),
                    Paused = _paused.Contains(route),
                };
            }).ToList();
            return Task.FromResult(new QueueOverview { Routes = routes, Scheduled = _scheduled.Count, Processing = _leases.Count, Dead = _dead.Count, Waiting = _jobs.Values.Count(j => j.Status == JobStatus.Waiting) });
        }
    }

    /// <summary>A route's dead jobs, newest first (what <c>{prefix}:route:{route}:dead</c> holds on Redis).</summary>
    private IEnumerable<JobId> DeadOfLocked(RoutingKey route) =>
        _dead.Where(id => _jobs.TryGetValue(id, out var job) && job.RoutingKey == route);

    /// <inheritdoc/>
    public Task<JobPage> ListJobsAsync(JobListQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var listing = AdminCursor.Listing(query);
        var (segment, offset) = AdminCursor.Decode(query.Cursor, listing, nameof(query));
        lock (_gate)
        {
            PurgeExpiredLocked();
            var now = Now;
            var segments = new List<(string Name, List<(JobId Id, DateTimeOffset? At)> Entries)>();
            RoutingKey? routeFilter = null;
            switch (query.State)
            {
                case JobListState.Pending:
                    var routes = query.Route is { } only ? [only] : _routes.ToList();
                    var queues = AdminCursor.PendingSegments(routes, query.Priority, segment);
                    if (segment.Length > 0 && (queues.Count == 0 || AdminCursor.Segment(queues[0].Route, queues[0].Priority) != segment)) offset = 0;
                    foreach (var (route, priority) in queues)
                        segments.Add((AdminCursor.Segment(route, priority),
                            _queues.TryGetValue((route, priority), out var q) ? q.Select(id => (id, (DateTimeOffset?)null)).ToList() : []));
                    break;
                case JobListState.Dead:
                    var dead = query.Route is { } deadRoute ? DeadOfLocked(deadRoute) : _dead;
                    segments.Add(("", dead.Select(id => (id, (DateTimeOffset?)null)).ToList()));
                    break;
                case JobListState.Scheduled:
                    segments.Add(("", _scheduled.Select(s => (s.Id, (DateTimeOffset?)s.Due)).ToList()));
                    routeFilter = query.Route;
                    break;
                case JobListState.Processing:
                    segments.Add(("", _leases.OrderBy(l => l.Value.Deadline).ThenBy(l => l.Key.Value, StringComparer.Ordinal)
                        .Select(l => (l.Key, (DateTimeOffset?)l.Value.Deadline)).ToList()));
                    routeFilter = query.Route;
                    break;
                case JobListState.Waiting:
                    // oldest first, as the Redis index (score = since when: the record's UpdatedAt at the gate)
                    segments.Add(("", _jobs.Values.Where(j => j.Status == JobStatus.Waiting).OrderBy(j => j.UpdatedAt).ThenBy(j => j.Id.Value, StringComparer.Ordinal)
                        .Select(j => (j.Id, (DateTimeOffset?)j.UpdatedAt)).ToList()));
                    routeFilter = query.Route;
                    break;
                case JobListState.Completed:
                case JobListState.Failed:
                    var index = query.State == JobListState.Completed ? _completed : _failed;
                    TrimFinishedLocked(index, now);
                    segments.Add(("", index.OrderByDescending(e => e.Value).ThenByDescending(e => e.Key.Value, StringComparer.Ordinal)
                        .Select(e => (e.Key, (DateTimeOffset?)e.Value)).ToList()));
                    routeFilter = query.Route;
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(query), query.State, "Unknown JobListState.");
            }
            if (segments.Count == 0) return Task.FromResult(new JobPage { Jobs = [] });

            // The same walk as list-page-n.lua: entry by entry until the page is full or the scan budget is spent.
            var filtered = query.TaskName is not null || routeFilter is not null;
            var budget = filtered ? query.ScanLimit : query.Limit;
            var items = new List<JobListItem>();
            int scanned = 0, k = 0;
            var at = (int)Math.Min(offset, int.MaxValue);
            while (k < segments.Count && items.Count < query.Limit && scanned < budget)
            {
                var entries = segments[k].Entries;
                if (at >= entries.Count)
                {
                    k++;
                    at = 0;
                    continue;
                }
                var (id, time) = entries[at];
                scanned++;
                at++;
                if (!_jobs.TryGetValue(id, out var job)) continue;
                if (query.TaskName is not null && job.Name != query.TaskName) continue;
                if (routeFilter is { } rf && job.RoutingKey != rf) continue;
                items.Add(query.State switch
                {
                    JobListState.Scheduled => new JobListItem { Job = job, DueAt = time },
                    JobListState.Processing => new JobListItem { Job = job, LeaseDeadline = time },
                    JobListState.Completed or JobListState.Failed => new JobListItem { Job = job, FinishedAt = time },
                    JobListState.Dead => new JobListItem { Job = job, FinishedAt = job.CompletedAt },
                    JobListState.Waiting => new JobListItem { Job = job, WaitingSince = time },
                    _ => new JobListItem { Job = job },
                });
            }
            while (k < segments.Count && at >= segments[k].Entries.Count)
            {
                k++;
                at = 0;
            }
            return Task.FromResult(new JobPage
            {
                Jobs = items,
                Scanned = scanned,
                NextCursor = k < segments.Count ? AdminCursor.Encode(listing, segments[k].Name, at) : null,
            });
        }
    }

    /// <inheritdoc/>
    public Task<JobDetails?> GetJobDetailsAsync(JobId id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            PurgeExpiredLocked();
            if (!_jobs.TryGetValue(id, out var job)) return Task.FromResult<JobDetails?>(null);
            return Task.FromResult<JobDetails?>(new JobDetails
            {
                Job = job,
                Result = _results.TryGetValue(id, out var r) ? r.Result : null,
                LeaseDeadline = job.Status == JobStatus.Processing && _leases.TryGetValue(id, out var lease) ? lease.Deadline : null,
            });
        }
    }

    /// <inheritdoc/>
    public Task<DeadLetterBatchResult> DeadLetterBatchAsync(DeadLetterAction action, DeadLetterSelection selection, int maxJobs, string? cursor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(selection);
        var listing = AdminCursor.Listing(action, selection);
        var (_, keptFromCursor) = AdminCursor.Decode(cursor, listing, nameof(cursor));
        List<Action> notices = new();
        DeadLetterBatchResult result;
        lock (_gate)
        {
            var kept = (int)Math.Min(keptFromCursor, int.MaxValue);
            // Oldest first: the dead list (or the route's part of it) from its far end, after the entries kept before.
            var source = (selection.Route is { } route ? DeadOfLocked(route) : _dead).Reverse().Skip(kept).Take(maxJobs).ToList();
            int done = 0, examined = 0;
            foreach (var id in source)
            {
                examined++;
                if (!_jobs.TryGetValue(id, out var job))
                {
                    _dead.Remove(id);
                    continue;
                }
                if (selection.TaskName is not null && job.Name != selection.TaskName)
                {
                    kept++;
                    continue;
                }
                if (action == DeadLetterAction.Delete ? DeleteDeadLocked(id, notices) : RequeueDeadLocked(id, notices)) done++;
            }
            var left = selection.Route is { } r2 ? DeadOfLocked(r2).Count() : _dead.Count;
            var more = left > kept;
            result = new DeadLetterBatchResult
            {
                Done = done,
                Scanned = examined,
                Skipped = 0,
                MoreRemain = more,
                Cursor = more ? AdminCursor.Encode(listing, "", kept) : null,
            };
        }
        Notify(notices);
        return Task.FromResult(result);
    }

    private bool RequeueDeadLocked(JobId id, List<Action> notices)
    {
        if (!_dead.Remove(id) || !_jobs.TryGetValue(id, out var job)) return false;
        _results.Remove(id);
        _jobExpiry.Remove(id);
        _failed.Remove(id);
        _jobs[id] = job with { Status = JobStatus.Pending, Attempts = 0, CompletedAt = null, UpdatedAt = Now, WorkerId = null };
        PushLocked(job.RoutingKey, job.Priority, id, front: false, notices);
        return true;
    }

    private bool DeleteDeadLocked(JobId id, List<Action> notices)
    {
        if (!_dead.Remove(id)) return false;
        // a dead job that held its sequence (SequenceHold.UntilCompleted) frees it, as delete-dead-3.lua
        if (_jobs.TryGetValue(id, out var job)) ReleaseGatesLocked(job, GateOutcome.Deleted, Now, notices);
        _jobs.Remove(id);
        _jobExpiry.Remove(id);
        _results.Remove(id);
        _failed.Remove(id);
        return true;
    }

    private void NoteFinishedLocked(Dictionary<JobId, DateTimeOffset> index, JobId id, DateTimeOffset now)
    {
        index[id] = now;
        TrimFinishedLocked(index, now);
    }

    /// <summary>Entries older than the result TTL go, then all but the newest <see cref="RecentMax"/> (as <c>note_finished</c> in _common.lua).</summary>
    private void TrimFinishedLocked(Dictionary<JobId, DateTimeOffset> index, DateTimeOffset now)
    {
        var oldest = now - _resultTtl;
        foreach (var (id, at) in index.Where(e => e.Value < oldest).ToList()) index.Remove(id);
        if (index.Count <= RecentMax) return;
        foreach (var (id, _) in index.OrderBy(e => e.Value).ThenBy(e => e.Key.Value, StringComparer.Ordinal).Take(index.Count - RecentMax).ToList()) index.Remove(id);
    }

    /// <inheritdoc/>
    public Task<bool> SetPausedAsync(RoutingKey route, bool paused, CancellationToken cancellationToken = default)
    {
        bool changed;
        lock (_gate) changed = paused ? _paused.Add(route) : _paused.Remove(route);
        if (changed && !paused) Wake(route);
        return Task.FromResult(changed);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<RoutingKey>> GetPausedRoutesAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate) return Task.FromResult<IReadOnlyList<RoutingKey>>(_paused.OrderBy(r => r.Value, StringComparer.Ordinal).ToList());
    }

    /// <inheritdoc/>
    public Task RecordWorkerHeartbeatAsync(WorkerHeartbeat heartbeat, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        lock (_gate)
        {
            var now = Now;
            AddCountsLocked(heartbeat.Counts, now);
            _workers[heartbeat.Worker.Id] = (heartbeat.Worker with { LastHeartbeat = now }, now + heartbeat.Ttl);
            ForgetDeadWorkersLocked(now);
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task RemoveWorkerAsync(string workerId, IReadOnlyList<ThroughputIncrement> counts, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workerId);
        lock (_gate)
        {
            var now = Now;
            AddCountsLocked(counts ?? [], now);
            _workers.Remove(workerId);
            ForgetDeadWorkersLocked(now);
        }
        return Task.CompletedTask;
    }

    private void ForgetDeadWorkersLocked(DateTimeOffset now)
    {
        foreach (var (id, entry) in _workers.Where(w => w.Value.Deadline < now).ToList()) _workers.Remove(id);
    }

    private void AddCountsLocked(IReadOnlyList<ThroughputIncrement> counts, DateTimeOffset now)
    {
        foreach (var c in counts)
        {
            var minute = ThroughputWindow.MinuteOf(c.Minute);
            var m = _minuteCounts.GetValueOrDefault((c.Route, minute));
            _minuteCounts[(c.Route, minute)] = (m.Processed + c.Processed, m.Failed + c.Failed);
            var day = ThroughputWindow.DayOf(c.Minute);
            var d = _dayCounts.GetValueOrDefault((c.Route, day));
            _dayCounts[(c.Route, day)] = (d.Processed + c.Processed, d.Failed + c.Failed);
        }
        // Retention as on Redis: minute counts for about 2 hours, day counts for 91 days.
        foreach (var key in _minuteCounts.Keys.Where(k => k.Minute < now.AddHours(-2)).ToList()) _minuteCounts.Remove(key);
        foreach (var key in _dayCounts.Keys.Where(k => k.Day < now.AddDays(-91)).ToList()) _dayCounts.Remove(key);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<WorkerInfo>> ListWorkersAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var now = Now;
            return Task.FromResult<IReadOnlyList<WorkerInfo>>(_workers.Values.Where(w => w.Deadline >= now).Select(w => w.Info)
                .OrderByDescending(w => w.LastHeartbeat).ThenBy(w => w.Id, StringComparer.Ordinal).ToList());
        }
    }

    /// <inheritdoc/>
    public Task<ThroughputStats> GetThroughputAsync(RoutingKey? route, int days, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var (minutes, dayStarts) = ThroughputWindow.Of(Now, days);
            var routes = route is { } one ? [one] : _routes.ToList();
            ThroughputPoint Sum<TKey>(Dictionary<(RoutingKey, TKey), (long Processed, long Failed)> counts, TKey at, DateTimeOffset start) where TKey : notnull
            {
                long p = 0, f = 0;
                foreach (var r in routes)
                    if (counts.TryGetValue((r, at), out var c)) { p += c.Processed; f += c.Failed; }
                return new ThroughputPoint(start, p, f);
            }
            return Task.FromResult(new ThroughputStats
            {
                Route = route,
                Minutes = minutes.Select(m => Sum(_minuteCounts, m, m)).ToList(),
                Days = dayStarts.Select(d => Sum(_dayCounts, d, d)).ToList(),
            });
        }
    }
}
