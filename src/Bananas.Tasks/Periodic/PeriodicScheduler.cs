using Bananas.Tasks.Engine;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bananas.Tasks.Periodic;

/// <summary>
/// Fires periodic tasks: sleeps on its <see cref="TimeProvider"/> until the earliest next occurrence, then enqueues
/// each due occurrence's job. Any number of instances may run (one per process) with no leader: each occurrence has
/// a deterministic job id (<see cref="PeriodicJobIds"/>) so enqueueing it twice is a no-op, and the store's
/// compare-and-set (<see cref="ICronStore.AdvanceAsync"/>) moves the schedule's watermark forward only.
/// </summary>
/// <remarks>
/// Order per occurrence: enqueue (idempotent), then compare-and-set. A crash between the two leaves the watermark
/// behind; the next tick of any instance re-enqueues the same id (a no-op) and advances it, so nothing is lost or
/// doubled. The other order (claim, then enqueue) would lose the occurrence on such a crash.
/// Tests drive <see cref="RunOnceAsync"/> with a fake <see cref="TimeProvider"/>; the hosted loop calls the same method.
/// </remarks>
public sealed partial class PeriodicScheduler : BackgroundService
{
    /// <summary>Longest sleep between ticks, so a stalled or jumped clock is noticed within this time.</summary>
    public static readonly TimeSpan MaxSleep = TimeSpan.FromMinutes(1);

    /// <summary>Most occurrences one schedule fires in one tick; a longer backlog goes on at the next tick, at once.</summary>
    public const int MaxFiringsPerTick = 1000;

    /// <summary>Wait before a schedule whose tick failed (store or engine error) is tried again.</summary>
    public static readonly TimeSpan ErrorRetryDelay = TimeSpan.FromSeconds(5);

    private readonly IReadOnlyList<PeriodicTaskDefinition> _definitions;
    private readonly IQueueEngine _engine;
    private readonly ICronStore _store;
    private readonly bool _storeWasDefaulted;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _defaultMaxRetries;
    private readonly Dictionary<string, DateTimeOffset> _notBefore = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _tickGate = new(1, 1); // no wait handle is ever created, so it needs no disposal

    /// <summary>Creates a scheduler.</summary>
    /// <param name="definitions">The schedules; names must be unique.</param>
    /// <param name="engine">Where jobs are enqueued.</param>
    /// <param name="store">Where schedule progress lives; null: a process-local <see cref="InMemoryCronStore"/> (a warning is logged unless the engine is in-memory too).</param>
    /// <param name="timeProvider">Clock; null: <see cref="TimeProvider.System"/>.</param>
    /// <param name="logger">Logger; null: none.</param>
    /// <param name="defaultMaxRetries">Retries of jobs whose definition sets none. Default 3.</param>
    /// <exception cref="ArgumentException">Two definitions share a schedule name, or <paramref name="defaultMaxRetries"/> is negative.</exception>
    public PeriodicScheduler(
        IEnumerable<PeriodicTaskDefinition> definitions,
        IQueueEngine engine,
        ICronStore? store = null,
        TimeProvider? timeProvider = null,
        ILogger<PeriodicScheduler>? logger = null,
        int defaultMaxRetries = 3)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _definitions = definitions.ToList();
        var duplicate = _definitions.GroupBy(d => d.ScheduleName, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException(
                $"Periodic schedule '{duplicate.Key}' is declared {duplicate.Count()} times ({string.Join("; ", duplicate)}). Schedule names must be unique: each names one stored schedule state.",
                nameof(definitions));
        if (defaultMaxRetries < 0) throw new ArgumentException($"defaultMaxRetries is {defaultMaxRetries}; expected 0 or more.", nameof(defaultMaxRetries));
        _storeWasDefaulted = store is null;
        _store = store ?? new InMemoryCronStore();
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _defaultMaxRetries = defaultMaxRetries;
    }

    /// <summary>The schedules this scheduler fires.</summary>
    public IReadOnlyList<PeriodicTaskDefinition> Definitions => _definitions;

    /// <summary>The store holding schedule progress.</summary>
    public ICronStore Store => _store;

    /// <summary>
    /// One tick at the clock's current time: for each schedule, fires every due occurrence reached within its misfire
    /// threshold (at most <see cref="MaxFiringsPerTick"/>), handles the most recent one reached later under its
    /// <see cref="MissedOccurrencePolicy"/>, and advances the schedule. Safe to call concurrently with other instances (and with
    /// itself: calls on one instance are serialized). A schedule whose store or engine call fails is logged, reported
    /// as <see cref="PeriodicFiringOutcome.Failed"/> and retried after <see cref="ErrorRetryDelay"/>; the others go on.
    /// </summary>
    public async Task<PeriodicTickResult> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        await _tickGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow();
            var firings = new List<PeriodicFiring>();
            DateTimeOffset? wake = null;
            foreach (var definition in _definitions)
            {
                if (_notBefore.TryGetValue(definition.ScheduleName, out var notBefore) && notBefore > now)
                {
                    if (notBefore != DateTimeOffset.MaxValue) wake = Earliest(wake, notBefore);
                    continue;
                }
                DateTimeOffset? next;
                try
                {
                    next = await TickAsync(definition, now, firings, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
                {
                    Log.TickFailed(_logger, ex, definition.ScheduleName, ErrorRetryDelay);
                    firings.Add(new PeriodicFiring(definition.ScheduleName, null, PeriodicFiringOutcome.Failed, null, null, ex.GetType().Name + ": " + ex.Message));
                    next = now + ErrorRetryDelay;
                }
                if (next is null)
                {
                    Log.NeverAgain(_logger, definition.ScheduleName, definition.Cron, definition.TimeZone.Id);
                    _notBefore[definition.ScheduleName] = DateTimeOffset.MaxValue;
                    continue;
                }
                _notBefore[definition.ScheduleName] = next.Value;
                wake = Earliest(wake, next.Value);
            }
            return new PeriodicTickResult(now, wake, firings);
        }
        finally
        {
            _tickGate.Release();
        }
    }

    /// <summary>
    /// Handles one schedule: every due occurrence after the watermark, in order. Those reached within the misfire
    /// threshold each fire; of those reached later only the most recent is considered, under the schedule's policy.
    /// Returns when (scheduler clock) the schedule next needs attention, or null for never.
    /// </summary>
    private async Task<DateTimeOffset?> TickAsync(PeriodicTaskDefinition definition, DateTimeOffset now, List<PeriodicFiring> firings, CancellationToken cancellationToken)
    {
        var name = definition.ScheduleName;
        var state = await _store.LoadAsync(name, definition.GetNextOccurrence(now, inclusive: true), cancellationToken).ConfigureAwait(false);

        // Never fire before the store's clock (Redis TIME) reaches the occurrence: a scheduler whose clock runs
        // ahead waits for the shared one.
        var effectiveNow = state.StoreTime is { } storeTime && storeTime < now ? storeTime : now;
        var occurrence = state.LastOccurrence is { } last
            ? definition.GetNextOccurrence(last, inclusive: false)
            : definition.GetNextOccurrence(state.NextOccurrence ?? now, inclusive: true);
        var previousJob = state.LastJobId;

        // Reached past the threshold: the missed occurrences. Only the most recent of them is handled (skipped, or
        // fired once as the catch-up); the ones before it are never fired.
        var staleBefore = effectiveNow - definition.MisfireThreshold;
        if (occurrence is { } firstMissed && firstMissed < staleBefore)
        {
            var lastMissed = definition.GetPreviousOccurrence(staleBefore, inclusive: false) is { } previous && previous > firstMissed ? previous : firstMissed;
            if (lastMissed > firstMissed) Log.MissedEarlier(_logger, name, firstMissed, lastMissed);
            var (advance, recorded) = await HandleAsync(definition, lastMissed, effectiveNow, now, previousJob, missed: true, firings, cancellationToken).ConfigureAwait(false);
            if (advance == CronAdvanceOutcome.Stale) return now; // another instance moved on: look again at once
            previousJob = recorded ?? previousJob;
            occurrence = definition.GetNextOccurrence(lastMissed, inclusive: false);
        }

        // Within the threshold: a late tick is not a miss, so each of them fires, in order.
        for (var fired = 0; occurrence is { } due && due <= effectiveNow; fired++)
        {
            if (fired == MaxFiringsPerTick) return now;
            var (advance, recorded) = await HandleAsync(definition, due, effectiveNow, now, previousJob, missed: false, firings, cancellationToken).ConfigureAwait(false);
            if (advance == CronAdvanceOutcome.Stale) return now;
            previousJob = recorded ?? previousJob;
            occurrence = definition.GetNextOccurrence(due, inclusive: false);
        }
        return occurrence is { } next ? now + (next - effectiveNow) : null;
    }

    /// <summary>
    /// Fires or skips one occurrence, then moves the watermark to it (enqueue first: a crash between the two only
    /// repeats an idempotent enqueue). <paramref name="missed"/>: reached past the misfire threshold.
    /// </summary>
    private async Task<(CronAdvanceOutcome Advance, JobId? Recorded)> HandleAsync(
        PeriodicTaskDefinition definition, DateTimeOffset occurrence, DateTimeOffset effectiveNow, DateTimeOffset now,
        JobId? previousJob, bool missed, List<PeriodicFiring> firings, CancellationToken cancellationToken)
    {
        var name = definition.ScheduleName;
        var lateness = effectiveNow - occurrence;
        var after = definition.GetNextOccurrence(occurrence, inclusive: false);
        var jobId = PeriodicJobIds.For(name, occurrence);

        JobId? recorded = null;
        PeriodicFiringOutcome outcome;
        if (missed && definition.MissedOccurrences == MissedOccurrencePolicy.Skip)
        {
            outcome = PeriodicFiringOutcome.SkippedMissed;
            Log.SkippedMissed(_logger, name, occurrence, lateness, definition.MisfireThreshold, after);
        }
        else if (definition.PreventOverlap && previousJob is { } previousId && previousId != jobId
                 && await _engine.GetJobAsync(previousId, cancellationToken).ConfigureAwait(false) is { Status: JobStatus.Pending or JobStatus.Scheduled or JobStatus.Processing } running)
        {
            outcome = PeriodicFiringOutcome.SkippedOverlap;
            Log.SkippedOverlap(_logger, name, occurrence, previousId.Value, running.Status.ToWireName());
        }
        else
        {
            var created = await _engine.EnqueueAsync(BuildJob(definition, jobId, occurrence, now), cancellationToken).ConfigureAwait(false);
            recorded = jobId;
            if (!created)
            {
                outcome = PeriodicFiringOutcome.AlreadyEnqueued;
                Log.AlreadyEnqueued(_logger, name, occurrence, jobId.Value);
            }
            else if (missed)
            {
                outcome = PeriodicFiringOutcome.CaughtUp;
                Log.CaughtUp(_logger, name, occurrence, jobId.Value, lateness);
            }
            else
            {
                outcome = PeriodicFiringOutcome.Enqueued;
                Log.Fired(_logger, name, occurrence, jobId.Value, definition.TaskName);
            }
        }

        var advance = await _store.AdvanceAsync(name, occurrence, recorded, after, cancellationToken).ConfigureAwait(false);
        firings.Add(new PeriodicFiring(name, occurrence, outcome, recorded, advance));
        return (advance, recorded);
    }

    private JobRecord BuildJob(PeriodicTaskDefinition definition, JobId id, DateTimeOffset occurrence, DateTimeOffset now) => new()
    {
        Id = id,
        Name = definition.TaskName,
        Payload = definition.PayloadJson,
        Priority = definition.Priority,
        RoutingKey = definition.Route,
        MaxRetries = definition.MaxRetries ?? _defaultMaxRetries,
        Timeout = definition.Timeout,
        Description = definition.Description ?? $"periodic {definition.ScheduleName} @ {CronTimestamps.ToWire(occurrence)}",
        Status = JobStatus.Pending,
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.Started(_logger, _definitions.Count, _store.Name, _engine.Name);
        if (_storeWasDefaulted && _engine.Name != "in-memory") Log.ProcessLocalStore(_logger, _engine.Name);
        while (!stoppingToken.IsCancellationRequested)
        {
            var tick = await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            var delay = tick.NextWakeAt is { } wake ? wake - _time.GetUtcNow() : MaxSleep;
            if (delay > MaxSleep) delay = MaxSleep;
            if (delay <= TimeSpan.Zero) continue;
            try
            {
                await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private static DateTimeOffset Earliest(DateTimeOffset? a, DateTimeOffset b) => a is { } value && value < b ? value : b;
}
