using Bananas.Tasks.Engine;

namespace Bananas.Tasks.InMemory;

/// <summary>
/// The embedded engine: the same semantics as <c>RedisQueueEngine</c> inside one process, for the quick start
/// and for users' unit tests. Every operation holds one lock, so each transition is atomic. Nothing survives
/// the process.
/// </summary>
public sealed partial class InMemoryQueueEngine : IQueueEngine, ISynchronousLeaseRenewal
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _resultTtl;
    private readonly TimeSpan _keepCompleted;
    private readonly TimeSpan _waitedRetention;
    private readonly int _maxPayloadBytes;
    private readonly Dictionary<string, (JobId Holder, DateTimeOffset? Expires)> _uniqueLocks = new(StringComparer.Ordinal);
    private long _uniqueTakes;
    private readonly Dictionary<string, double> _rateBuckets = new(StringComparer.Ordinal);
    private readonly Dictionary<JobId, JobRecord> _jobs = new();
    private readonly Dictionary<JobId, DateTimeOffset> _jobExpiry = new();
    private readonly Dictionary<(RoutingKey Route, Priority Priority), LinkedList<JobId>> _queues = new();
    private readonly HashSet<RoutingKey> _routes = new();
    private readonly SortedSet<(DateTimeOffset Due, long Seq, JobId Id)> _scheduled = new(Comparer<(DateTimeOffset Due, long Seq, JobId Id)>.Create(
        static (a, b) => a.Due != b.Due ? a.Due.CompareTo(b.Due) : a.Seq.CompareTo(b.Seq)));
    private readonly Dictionary<JobId, (DateTimeOffset Due, long Seq)> _scheduledIndex = new();
    private readonly Dictionary<JobId, (DateTimeOffset Deadline, string Token)> _leases = new();
    private readonly LinkedList<JobId> _dead = new();
    private readonly Dictionary<JobId, (JobResult Result, DateTimeOffset ExpiresAt)> _results = new();
    private readonly Dictionary<JobId, List<TaskCompletionSource<JobResult>>> _waiters = new();
    private readonly List<(IReadOnlySet<RoutingKey> Routes, Action<RoutingKey?> OnWake)> _wakeSubscribers = new();
    private readonly List<Action<JobId>> _cancelSubscribers = new();
    private readonly Dictionary<JobId, List<Action<string>>> _progressSubscribers = new();
    private long _seq;

    /// <summary>Creates an engine with default options.</summary>
    public InMemoryQueueEngine() : this(new QueueEngineOptions()) { }

    /// <summary>Creates an engine.</summary>
    public InMemoryQueueEngine(QueueEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(nameof(options));
        _time = options.TimeProvider;
        _resultTtl = options.ResultTtl;
        _maxPayloadBytes = options.MaxPayloadBytes;
        _keepCompleted = options.KeepCompleted ?? options.ResultTtl;
        _waitedRetention = options.WaitedResultRetention;
    }

    /// <inheritdoc/>
    public string Name => "in-memory";

    private DateTimeOffset Now => _time.GetUtcNow();

    /// <inheritdoc/>
    public async Task<bool> EnqueueAsync(JobRecord job, CancellationToken cancellationToken = default) =>
        (await TryEnqueueAsync(job, cancellationToken).ConfigureAwait(false)).Stored;

    /// <inheritdoc/>
    public Task<EnqueueOutcome> TryEnqueueAsync(JobRecord job, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        List<Action> notices = new();
        EnqueueOutcome outcome;
        lock (_gate) outcome = EnqueueLocked(job, notices);
        Notify(notices);
        return Task.FromResult(outcome);
    }

    /// <inheritdoc/>
    public Task<int> EnqueueManyAsync(IReadOnlyList<JobRecord> jobs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        List<Action> notices = new();
        int count = 0;
        lock (_gate)
        {
            foreach (var job in jobs) if (EnqueueLocked(job, notices).Stored) count++;
        }
        Notify(notices);
        return Task.FromResult(count);
    }

    private EnqueueOutcome EnqueueLocked(JobRecord job, List<Action> notices)
    {
        PurgeExpiredLocked();
        if (_jobs.ContainsKey(job.Id)) return new(false, null);
        var now = Now;
        if (job.UniqueLock is { } lockName)
        {
            // As enqueue-n.lua: the lock names the job that took it; it blocks while that job is in the scope.
            if (_uniqueLocks.TryGetValue(lockName, out var held) && (held.Expires is null || held.Expires > now)
                && held.Holder != job.Id && UniqueBlocksLocked(held.Holder, job.UniqueScope))
                return new(false, held.Holder);
            _uniqueLocks[lockName] = (job.Id, job.UniqueFor is { } bound ? now + bound : null);
            if (++_uniqueTakes % 1024 == 0) PurgeUniqueLocksLocked(now);
        }
        if (TryAbsorbLocked(job, now, out var absorbedBy)) return new(false, absorbedBy, Replaced: true);
        _routes.Add(job.RoutingKey);
        TakeDebounceLocked(job, now);
        if (JoinSequenceLocked(job))
        {
            // behind a live head of its sequence: it waits, in no queue (queued when the job ahead of it leaves)
            _jobs[job.Id] = job with { Status = JobStatus.Waiting, WaitingOn = "seq:" + job.SequenceLock, CreatedAt = now, UpdatedAt = now };
        }
        else if (job.ScheduledFor is { } due && due > now)
        {
            _jobs[job.Id] = job with { Status = JobStatus.Scheduled, CreatedAt = now, UpdatedAt = now };
            AddScheduledLocked(job.Id, due);
            notices.Add(() => Wake(null));
        }
        else
        {
            _jobs[job.Id] = job with { Status = JobStatus.Pending, CreatedAt = now, UpdatedAt = now };
            PushLocked(job.RoutingKey, job.Priority, job.Id, front: false, notices);
        }
        return new(true, null);
    }

    /// <summary>
    /// GCRA on the bucket's theoretical arrival time (fetch-n.lua's rate_defer, to the same rounding): null when the job
    /// may start now (it took its slot) or carries a reserved slot; otherwise the slot it reserved, to wait for.
    /// </summary>
    private DateTimeOffset? RateSlotLocked(JobRecord job, DateTimeOffset now)
    {
        if (job.RateBucket is not { } rateBucket || job.RateLimit is not { } limit || job.RateSlot is not null) return null;
        var bucket = job.RateScope == LimitScope.Route ? rateBucket : "rate:" + rateBucket; // the Redis key after the prefix
        double nowMs = now.ToUnixTimeMilliseconds();
        double period = Math.Ceiling(limit.Period.TotalMilliseconds);
        var spacing = period / limit.Limit;
        var tat = _rateBuckets.TryGetValue(bucket, out var stored) && stored > nowMs ? stored : nowMs;
        var allowAt = tat - (period - spacing);
        _rateBuckets[bucket] = Math.Round(tat + spacing, 3, MidpointRounding.AwayFromZero);
        if (allowAt <= nowMs) return null;
        return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Ceiling(allowAt));
    }

    /// <summary>Whether the job holding a unique lock still blocks a new job of <paramref name="scope"/> (unique_blocks in _common.lua).</summary>
    private bool UniqueBlocksLocked(JobId holder, UniqueScope scope) =>
        scope == UniqueScope.ForPeriod
        || (_jobs.TryGetValue(holder, out var h) && (h.Status is JobStatus.Pending or JobStatus.Scheduled or JobStatus.Waiting || (scope == UniqueScope.WhileQueuedOrRunning && h.Status == JobStatus.Processing)));

    /// <summary>A finished job (completed, dead, cancelled) frees its unique lock when it still holds it; a ForPeriod lock runs out by its time.</summary>
    private void ReleaseUniqueLocked(JobRecord job)
    {
        if (job.UniqueLock is { } lockName && job.UniqueScope != UniqueScope.ForPeriod
            && _uniqueLocks.TryGetValue(lockName, out var held) && held.Holder == job.Id)
            _uniqueLocks.Remove(lockName);
    }

    private void PurgeUniqueLocksLocked(DateTimeOffset now)
    {
        foreach (var (name, held) in _uniqueLocks.ToList())
            if (held.Expires is { } expires && expires <= now) _uniqueLocks.Remove(name);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<FetchedJob>> FetchAsync(FetchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = new List<FetchedJob>();
        List<Action> notices = new();
        lock (_gate)
        {
            var now = Now;
            var deadline = now + request.LeaseDuration;
            var token = request.WorkerId + ":" + Guid.NewGuid().ToString("N");
            var leasedHere = new HashSet<JobId>();
            foreach (var demand in request.Routes)
            {
                if (_paused.Contains(demand.Route)) continue; // admin: a paused route is not served
                int takenFromRoute = 0;
                foreach (var priority in PriorityExtensions.ServingOrder)
                {
                    if (!_queues.TryGetValue((demand.Route, priority), out var queue)) continue;
                    while (queue.Count > 0 && result.Count < request.MaxJobs && takenFromRoute < demand.MaxJobs)
                    {
                        var id = queue.First!.Value;
                        queue.RemoveFirst();
                        if (!_jobs.TryGetValue(id, out var job)) continue;
                        // A stale entry (the job is leased, completed or dead) is dropped, never run: as fetch-n.lua does.
                        if (job.Status is JobStatus.Completed or JobStatus.Failed || (job.Status == JobStatus.Processing && _leases.ContainsKey(id))) continue;
                        // A payload over the limit is dead-lettered, not handed out: as fetch-n.lua does.
                        var payloadBytes = System.Text.Encoding.UTF8.GetByteCount(job.Payload);
                        if (payloadBytes > _maxPayloadBytes)
                        {
                            var error = JobRecordLimits.PayloadTooLarge(payloadBytes, _maxPayloadBytes);
                            _leases.Remove(id);
                            DeadLetterLocked(job with { Error = error, ErrorType = "PayloadTooLarge", ErrorHistory = WithError(job, "PayloadTooLarge", error, now) }, now, TimeSpan.Zero, notices);
                            continue;
                        }
                        // Over its concurrency limit: it waits at its gate, as conc_admit in fetch-n.lua.
                        if (!ConcurrencyAdmitsLocked(job, now, leasedHere, notices)) continue;
                        // Over its rate limit: it reserves the next slot and waits for it, as rate_defer in fetch-n.lua.
                        if (RateSlotLocked(job, now) is { } slot)
                        {
                            _jobs[id] = job with { Status = JobStatus.Scheduled, ScheduledFor = slot, RateSlot = slot, UpdatedAt = now };
                            AddScheduledLocked(id, slot);
                            continue;
                        }
                        if (job.RateSlot is not null) job = job with { RateSlot = null }; // the reserved slot is spent
                        // A record out of range (a caller that bypassed the client) costs only itself: it is leased
                        // with a DecodeError, which the worker dead-letters as MalformedJobRecord without running it.
                        var problem = JobRecordLimits.Problem(job);
                        if (problem is not null)
                        {
                            job = job with { Status = JobStatus.Processing, StartedAt = now, UpdatedAt = now, WorkerId = request.WorkerId };
                            _jobs[id] = job;
                            _leases[id] = (deadline, token);
                            TakeConcurrencySlotLocked(job);
                            leasedHere.Add(id);
                            result.Add(new FetchedJob(id, token, job.RoutingKey, null, $"job record {id} is malformed: {problem}"));
                            takenFromRoute++;
                            continue;
                        }
                        job = job with
                        {
                            Status = JobStatus.Processing,
                            Attempts = job.Attempts + 1,
                            StartedAt = now,
                            UpdatedAt = now,
                            WorkerId = request.WorkerId,
                        };
                        _jobs[id] = job;
                        _leases[id] = (deadline, token);
                        TakeConcurrencySlotLocked(job);
                        leasedHere.Add(id);
                        result.Add(new FetchedJob(id, token, job.RoutingKey, job, null));
                        takenFromRoute++;
                    }
                }
                if (result.Count >= request.MaxJobs) break;
            }
        }
        Notify(notices);
        return Task.FromResult<IReadOnlyList<FetchedJob>>(result);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<bool>> AckAsync(IReadOnlyList<JobCompletion> completions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(completions);
        var outcome = new bool[completions.Count];
        // Checked before any completion is applied, so a refused batch changes nothing (as on Redis).
        for (int i = 0; i < completions.Count; i++)
            if (completions[i].KeepCompleted is { } k && k < TimeSpan.Zero)
                throw new ArgumentException($"Completion {i} (job {completions[i].Id}) has KeepCompleted {k}; expected zero or a positive duration.", nameof(completions));
        List<Action> notices = new();
        lock (_gate)
        {
            var now = Now;
            for (int i = 0; i < completions.Count; i++)
            {
                var c = completions[i];
                if (!HoldsLeaseLocked(c.Id, c.LeaseToken)) continue;
                _leases.Remove(c.Id);
                outcome[i] = true;
                ReleaseUniqueLocked(_jobs[c.Id]);
                ReleaseGatesLocked(_jobs[c.Id], GateOutcome.Completed, now, notices);
                StepCompletedLocked(_jobs[c.Id], c.ResultJson, now, notices); // a workflow step: the next steps get its result
                var result = new JobResult { Id = c.Id, Status = JobStatus.Completed, ResultJson = string.IsNullOrEmpty(c.ResultJson) ? null : c.ResultJson, CompletedAt = now, Duration = c.Duration };
                var keep = c.KeepCompleted ?? _keepCompleted;
                bool waited = _waiters.ContainsKey(c.Id) || _jobs[c.Id].NotifyResult;
                if (keep == TimeSpan.Zero && !waited)
                {
                    // Retention zero: the record goes at completion (as ack-n.lua's DEL).
                    _jobs.Remove(c.Id);
                    _jobExpiry.Remove(c.Id);
                    _results.Remove(c.Id);
                    continue;
                }
                if (keep == TimeSpan.Zero) keep = _waitedRetention; // someone waits: kept long enough to be read
                // The earlier failures stay in ErrorHistory; the current state is no longer an error.
                var job = _jobs[c.Id] with { Status = JobStatus.Completed, CompletedAt = now, UpdatedAt = now, WorkerId = null, Error = null, ErrorType = null };
                _jobs[c.Id] = job;
                _jobExpiry[c.Id] = now + keep;
                StoreResultLocked(result, now + keep, notices);
                NoteFinishedLocked(_completed, c.Id, now); // admin: recently completed index
            }
        }
        Notify(notices);
        return Task.FromResult<IReadOnlyList<bool>>(outcome);
    }

    /// <inheritdoc/>
    public Task<FailOutcome> FailAsync(JobFailure failure, CancellationToken cancellationToken = default)
    {
        List<Action> notices = new();
        FailOutcome outcome;
        lock (_gate)
        {
            if (!HoldsLeaseLocked(failure.Id, failure.LeaseToken)) return Task.FromResult(FailOutcome.LeaseLost);
            _leases.Remove(failure.Id);
            var now = Now;
            var job = _jobs[failure.Id];
            if (failure.Permanent || job.Attempts > job.MaxRetries)
            {
                DeadLetterLocked(job with { Error = failure.Error, ErrorType = failure.ErrorType, ErrorHistory = WithError(job, failure.ErrorType, failure.Error, now) }, now, failure.Duration, notices);
                outcome = FailOutcome.DeadLettered;
            }
            else
            {
                _jobs[failure.Id] = job with
                {
                    Status = JobStatus.Scheduled,
                    Error = failure.Error,
                    ErrorType = failure.ErrorType,
                    ErrorHistory = WithError(job, failure.ErrorType, failure.Error, now),
                    ScheduledFor = failure.RetryAt,
                    UpdatedAt = now,
                    WorkerId = null,
                };
                AddScheduledLocked(failure.Id, failure.RetryAt);
                notices.Add(() => Wake(null));
                ReleaseGatesLocked(job, GateOutcome.Retry, now, notices);
                outcome = FailOutcome.Retrying;
            }
        }
        Notify(notices);
        return Task.FromResult(outcome);
    }

    /// <inheritdoc/>
    public Task<bool> SnoozeAsync(JobSnooze snooze, CancellationToken cancellationToken = default)
    {
        List<Action> notices = new();
        lock (_gate)
        {
            if (!HoldsLeaseLocked(snooze.Id, snooze.LeaseToken)) return Task.FromResult(false);
            _leases.Remove(snooze.Id);
            var job = _jobs[snooze.Id];
            // As snooze-3.lua: the attempt the fetch counted is given back, the snooze is counted; the error fields stay.
            _jobs[snooze.Id] = job with
            {
                Status = JobStatus.Scheduled,
                ScheduledFor = snooze.RunAt,
                Attempts = Math.Max(0, job.Attempts - 1),
                Snoozes = job.Snoozes < 0 ? 1 : job.Snoozes == int.MaxValue ? int.MaxValue : job.Snoozes + 1,
                UpdatedAt = Now,
                WorkerId = null,
            };
            AddScheduledLocked(snooze.Id, snooze.RunAt);
            notices.Add(() => Wake(null));
            ReleaseGatesLocked(job, GateOutcome.Retry, Now, notices);
        }
        Notify(notices);
        return Task.FromResult(true);
    }

    /// <inheritdoc/>
    public IReadOnlyList<JobId> RenewLeases(IReadOnlyList<LeaseRef> leases, TimeSpan leaseDuration) =>
        RenewLeasesAsync(leases, leaseDuration).GetAwaiter().GetResult(); // completes synchronously under the lock

    /// <inheritdoc/>
    public Task<IReadOnlyList<JobId>> RenewLeasesAsync(IReadOnlyList<LeaseRef> leases, TimeSpan leaseDuration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leases);
        var lost = new List<JobId>();
        lock (_gate)
        {
            var deadline = Now + leaseDuration;
            foreach (var lease in leases)
            {
                if (HoldsLeaseLocked(lease.Id, lease.LeaseToken)) _leases[lease.Id] = (deadline, lease.LeaseToken);
                else lost.Add(lease.Id);
            }
        }
        return Task.FromResult<IReadOnlyList<JobId>>(lost);
    }

    /// <inheritdoc/>
    public Task<bool> ReleaseAsync(LeaseRef lease, CancellationToken cancellationToken = default)
    {
        List<Action> notices = new();
        lock (_gate)
        {
            if (!HoldsLeaseLocked(lease.Id, lease.LeaseToken)) return Task.FromResult(false);
            _leases.Remove(lease.Id);
            var job = _jobs[lease.Id];
            _jobs[lease.Id] = job with { Status = JobStatus.Pending, Attempts = Math.Max(0, job.Attempts - 1), UpdatedAt = Now, WorkerId = null };
            PushLocked(job.RoutingKey, job.Priority, lease.Id, front: true, notices);
            ReleaseGatesLocked(job, GateOutcome.Retry, Now, notices);
        }
        Notify(notices);
        return Task.FromResult(true);
    }

    /// <inheritdoc/>
    public Task<int> PromoteDueAsync(int maxJobs, CancellationToken cancellationToken = default)
    {
        List<Action> notices = new();
        int count = 0;
        lock (_gate)
        {
            var now = Now;
            while (count < maxJobs && _scheduled.Count > 0)
            {
                var first = _scheduled.Min;
                if (first.Due > now) break;
                _scheduled.Remove(first);
                _scheduledIndex.Remove(first.Id);
                if (!_jobs.TryGetValue(first.Id, out var job)) continue;
                _jobs[first.Id] = job with { Status = JobStatus.Pending, UpdatedAt = now };
                PushLocked(job.RoutingKey, job.Priority, job.Id, front: false, notices);
                count++;
            }
        }
        Notify(notices);
        return Task.FromResult(count);
    }

    /// <inheritdoc/>
    public async Task<MaintenanceRound> MaintainAsync(int maxJobs, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxJobs);
        var promoted = await PromoteDueAsync(maxJobs, cancellationToken).ConfigureAwait(false);
        var recovered = await RecoverExpiredLeasesAsync(maxJobs, cancellationToken).ConfigureAwait(false);
        var nextDue = await GetNextScheduledAsync(cancellationToken).ConfigureAwait(false);
        DateTimeOffset? nextLease;
        lock (_gate) nextLease = _leases.Count == 0 ? null : _leases.Values.Min(l => l.Deadline);
        return new MaintenanceRound(promoted, recovered, nextDue, nextLease);
    }

    /// <inheritdoc/>
    public Task<int> RecoverExpiredLeasesAsync(int maxJobs, CancellationToken cancellationToken = default)
    {
        List<Action> notices = new();
        int count = 0;
        lock (_gate)
        {
            var now = Now;
            var expired = _leases.Where(l => l.Value.Deadline <= now).OrderBy(l => l.Value.Deadline).Take(maxJobs).Select(l => l.Key).ToList();
            foreach (var id in expired)
            {
                _leases.Remove(id);
                if (!_jobs.TryGetValue(id, out var job)) continue;
                var error = $"lease expired: worker '{job.WorkerId}' stopped renewing it during attempt {job.Attempts}";
                if (job.Attempts > job.MaxRetries)
                {
                    DeadLetterLocked(job with { Error = error, ErrorType = "LeaseExpired", ErrorHistory = WithError(job, "LeaseExpired", error, now) }, now, TimeSpan.Zero, notices);
                }
                else
                {
                    _jobs[id] = job with { Status = JobStatus.Pending, Error = error, ErrorType = "LeaseExpired", ErrorHistory = WithError(job, "LeaseExpired", error, now), UpdatedAt = now, WorkerId = null };
                    PushLocked(job.RoutingKey, job.Priority, id, front: true, notices);
                    ReleaseGatesLocked(job, GateOutcome.Retry, now, notices); // its concurrency slot comes back with its lease
                }
                count++;
            }
        }
        Notify(notices);
        return Task.FromResult(count);
    }

    /// <inheritdoc/>
    public Task<DateTimeOffset?> GetNextScheduledAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate) return Task.FromResult<DateTimeOffset?>(_scheduled.Count == 0 ? null : _scheduled.Min.Due);
    }

    /// <inheritdoc/>
    public Task<JobRecord?> GetJobAsync(JobId id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            PurgeExpiredLocked();
            return Task.FromResult(_jobs.GetValueOrDefault(id));
        }
    }

    /// <inheritdoc/>
    public Task<QueueDepths> GetQueueDepthsAsync(IReadOnlyList<RoutingKey>? routes = null, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var depths = new Dictionary<RoutingKey, RouteDepth>();
            foreach (var route in routes ?? _routes.ToList())
            {
                long Count(Priority p) => _queues.TryGetValue((route, p), out var q) ? q.Count : 0;
                depths[route] = new RouteDepth(Count(Priority.High), Count(Priority.Normal), Count(Priority.Low));
            }
            return Task.FromResult(new QueueDepths { Routes = depths, Scheduled = _scheduled.Count, Processing = _leases.Count, Dead = _dead.Count });
        }
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<JobRecord>> ListDeadAsync(int offset, int count, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var list = _dead.Skip(offset).Take(count).Select(id => _jobs.GetValueOrDefault(id)).OfType<JobRecord>().ToList();
            return Task.FromResult<IReadOnlyList<JobRecord>>(list);
        }
    }

    /// <inheritdoc/>
    public Task<bool> RequeueDeadAsync(JobId id, CancellationToken cancellationToken = default)
    {
        List<Action> notices = new();
        bool requeued;
        lock (_gate) requeued = RequeueDeadLocked(id, notices);
        Notify(notices);
        return Task.FromResult(requeued);
    }

    /// <inheritdoc/>
    public Task<bool> DeleteDeadAsync(JobId id, CancellationToken cancellationToken = default)
    {
        List<Action> notices = new();
        bool deleted;
        lock (_gate) deleted = DeleteDeadLocked(id, notices);
        Notify(notices);
        return Task.FromResult(deleted);
    }

    /// <inheritdoc/>
    public Task<JobResult?> GetResultAsync(JobId id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            PurgeExpiredLocked();
            return Task.FromResult(_results.TryGetValue(id, out var r) ? r.Result : null);
        }
    }

    /// <inheritdoc/>
    public async Task<JobResult> WaitForResultAsync(JobId id, CancellationToken cancellationToken)
    {
        var tcs = new TaskCompletionSource<JobResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            PurgeExpiredLocked();
            if (_results.TryGetValue(id, out var existing)) return existing.Result;
            if (!_waiters.TryGetValue(id, out var list)) _waiters[id] = list = new();
            list.Add(tcs);
        }
        try
        {
            return await tcs.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                if (_waiters.TryGetValue(id, out var list) && list.Remove(tcs) && list.Count == 0) _waiters.Remove(id);
            }
        }
    }

    /// <inheritdoc/>
    public Task<CancelOutcome> CancelAsync(JobId id, CancellationToken cancellationToken = default)
    {
        List<Action> notices = new();
        CancelOutcome outcome;
        lock (_gate)
        {
            PurgeExpiredLocked();
            if (!_jobs.TryGetValue(id, out var job)) return Task.FromResult(CancelOutcome.NotFound);
            outcome = CancelJobLocked(job, Now, notices);
        }
        Notify(notices);
        return Task.FromResult(outcome);
    }

    /// <inheritdoc/>
    public Task<IAsyncDisposable> SubscribeWakeUpAsync(IReadOnlyList<RoutingKey> routes, Action<RoutingKey?> onWake, CancellationToken cancellationToken = default)
    {
        var entry = ((IReadOnlySet<RoutingKey>)routes.ToHashSet(), onWake);
        lock (_gate) _wakeSubscribers.Add(entry);
        return Task.FromResult<IAsyncDisposable>(new Unsubscriber(() => { lock (_gate) _wakeSubscribers.Remove(entry); }));
    }

    /// <inheritdoc/>
    public Task<IAsyncDisposable> SubscribeCancellationsAsync(Action<JobId> onCancel, CancellationToken cancellationToken = default)
    {
        lock (_gate) _cancelSubscribers.Add(onCancel);
        return Task.FromResult<IAsyncDisposable>(new Unsubscriber(() => { lock (_gate) _cancelSubscribers.Remove(onCancel); }));
    }

    /// <inheritdoc/>
    public Task<bool> ReportProgressAsync(JobId id, string leaseToken, string progressJson, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leaseToken);
        ProgressRules.Validate(progressJson, nameof(progressJson));
        Action<string>[] subscribers;
        lock (_gate)
        {
            if (!HoldsLeaseLocked(id, leaseToken)) return Task.FromResult(false);
            _jobs[id] = _jobs[id] with { Progress = progressJson, ProgressAt = Now };
            subscribers = _progressSubscribers.TryGetValue(id, out var list) ? list.ToArray() : [];
        }
        foreach (var subscriber in subscribers) subscriber(progressJson);
        return Task.FromResult(true);
    }

    /// <inheritdoc/>
    public Task<IAsyncDisposable> SubscribeProgressAsync(JobId id, Action<string> onProgress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(onProgress);
        lock (_gate)
        {
            if (!_progressSubscribers.TryGetValue(id, out var list)) _progressSubscribers[id] = list = new();
            list.Add(onProgress);
        }
        return Task.FromResult<IAsyncDisposable>(new Unsubscriber(() =>
        {
            lock (_gate)
            {
                if (_progressSubscribers.TryGetValue(id, out var list) && list.Remove(onProgress) && list.Count == 0) _progressSubscribers.Remove(id);
            }
        }));
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Cancels a job as cancel-2.lua does: out of its queue, scheduled set or gate and failed; a running one is signalled.</summary>
    private CancelOutcome CancelJobLocked(JobRecord job, DateTimeOffset now, List<Action> notices)
    {
        var id = job.Id;
        switch (job.Status)
        {
            case JobStatus.Pending:
                if (_queues.TryGetValue((job.RoutingKey, job.Priority), out var q)) q.Remove(id);
                CancelLocked(job, now, notices);
                return CancelOutcome.Cancelled;
            case JobStatus.Scheduled:
                RemoveScheduledLocked(id);
                CancelLocked(job, now, notices);
                return CancelOutcome.Cancelled;
            case JobStatus.Waiting:
                LeaveWaitingLocked(job);
                _stepInputs.Remove(id);
                CancelLocked(job with { WaitingOn = null }, now, notices);
                return CancelOutcome.Cancelled;
            case JobStatus.Processing:
                var subscribers = _cancelSubscribers.ToList();
                notices.Add(() => { foreach (var s in subscribers) s(id); });
                return CancelOutcome.Signalled;
            default:
                return CancelOutcome.AlreadyFinished;
        }
    }

    private void CancelLocked(JobRecord job, DateTimeOffset now, List<Action> notices)
    {
        MarkCancelledLocked(job, "cancelled before it ran", now, notices);
        StepFailedLocked(job, now, notices); // a workflow step: its failure policy decides what follows
    }

    private void MarkCancelledLocked(JobRecord job, string error, DateTimeOffset now, List<Action> notices)
    {
        ReleaseUniqueLocked(job);
        _jobs[job.Id] = job with { Status = JobStatus.Failed, Error = error, ErrorType = "JobCancelled", CompletedAt = now, UpdatedAt = now };
        _jobExpiry[job.Id] = now + _resultTtl;
        StoreResultLocked(new JobResult { Id = job.Id, Status = JobStatus.Failed, Error = error, ErrorType = "JobCancelled", CompletedAt = now }, now + _resultTtl, notices);
        NoteFinishedLocked(_failed, job.Id, now); // admin: recently failed index
        ReleaseGatesLocked(job, GateOutcome.Cancelled, now, notices);
    }

    /// <summary>The job's error history with this attempt's failure appended, the oldest beyond <see cref="JobError.MaxKept"/> dropped.</summary>
    private static IReadOnlyList<JobError> WithError(JobRecord job, string errorType, string error, DateTimeOffset now)
    {
        var entry = new JobError(job.Attempts, errorType, error.Length > JobError.MaxMessageLength ? error[..JobError.MaxMessageLength] : error, now);
        return job.ErrorHistory.Append(entry).TakeLast(JobError.MaxKept).ToArray();
    }

    private void DeadLetterLocked(JobRecord job, DateTimeOffset now, TimeSpan duration, List<Action> notices)
    {
        ReleaseUniqueLocked(job);
        _jobs[job.Id] = job with { Status = JobStatus.Failed, CompletedAt = now, UpdatedAt = now, WorkerId = null };
        _dead.AddFirst(job.Id);
        ReleaseGatesLocked(_jobs[job.Id], GateOutcome.Dead, now, notices);
        StepFailedLocked(job, now, notices); // a workflow step: its failure policy decides what follows
        NoteFinishedLocked(_failed, job.Id, now); // admin: recently failed index
        // A dead job's outcome stays as long as the job does (until it is requeued or deleted), as in its Redis hash.
        StoreResultLocked(new JobResult { Id = job.Id, Status = JobStatus.Failed, Error = job.Error, ErrorType = job.ErrorType, CompletedAt = now, Duration = duration }, DateTimeOffset.MaxValue, notices);
    }

    private void StoreResultLocked(JobResult result, DateTimeOffset expiresAt, List<Action> notices)
    {
        _results[result.Id] = (result, expiresAt);
        if (_waiters.Remove(result.Id, out var waiters))
            notices.Add(() => { foreach (var w in waiters) w.TrySetResult(result); });
    }

    private bool HoldsLeaseLocked(JobId id, string token) =>
        _leases.TryGetValue(id, out var lease) && lease.Token == token && _jobs.ContainsKey(id);

    private void AddScheduledLocked(JobId id, DateTimeOffset due)
    {
        RemoveScheduledLocked(id);
        var seq = ++_seq;
        _scheduled.Add((due, seq, id));
        _scheduledIndex[id] = (due, seq);
    }

    private void RemoveScheduledLocked(JobId id)
    {
        if (_scheduledIndex.Remove(id, out var entry)) _scheduled.Remove((entry.Due, entry.Seq, id));
    }

    private void PushLocked(RoutingKey route, Priority priority, JobId id, bool front, List<Action> notices)
    {
        if (!_queues.TryGetValue((route, priority), out var queue)) _queues[(route, priority)] = queue = new LinkedList<JobId>();
        _routes.Add(route);
        if (front) queue.AddFirst(id); else queue.AddLast(id);
        if (queue.Count == 1) notices.Add(() => Wake(route));
    }

    private void Wake(RoutingKey? route)
    {
        List<(IReadOnlySet<RoutingKey> Routes, Action<RoutingKey?> OnWake)> subscribers;
        lock (_gate) subscribers = _wakeSubscribers.ToList();
        foreach (var (routes, onWake) in subscribers)
            if (route is null || routes.Contains(route.Value)) onWake(route);
    }

    private void PurgeExpiredLocked()
    {
        if (_jobExpiry.Count == 0 && _results.Count == 0) return;
        var now = Now;
        foreach (var (id, at) in _jobExpiry.Where(e => e.Value <= now).ToList())
        {
            _jobExpiry.Remove(id);
            if (_jobs.TryGetValue(id, out var job) && job.Status is JobStatus.Completed or JobStatus.Failed && !_dead.Contains(id)) _jobs.Remove(id);
        }
        foreach (var (id, entry) in _results.Where(e => e.Value.ExpiresAt <= now).ToList()) _results.Remove(id);
    }

    private static void Notify(List<Action> notices)
    {
        foreach (var notice in notices) notice();
    }

    private sealed class Unsubscriber(Action dispose) : IAsyncDisposable
    {
        private Action? _dispose = dispose;
        public ValueTask DisposeAsync()
        {
            Interlocked.Exchange(ref _dispose, null)?.Invoke();
            return ValueTask.CompletedTask;
        }
    }
}
