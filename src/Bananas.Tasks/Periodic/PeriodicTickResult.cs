namespace Bananas.Tasks.Periodic;

/// <summary>What one <see cref="PeriodicScheduler.RunOnceAsync"/> did.</summary>
/// <param name="At">The scheduler's clock when the tick began.</param>
/// <param name="NextWakeAt">When a schedule next needs attention (scheduler clock), or null when none ever will.</param>
/// <param name="Firings">One entry per occurrence handled: schedules in definition order, each schedule's occurrences in time order.</param>
public sealed record PeriodicTickResult(DateTimeOffset At, DateTimeOffset? NextWakeAt, IReadOnlyList<PeriodicFiring> Firings);

/// <summary>How one due occurrence was handled.</summary>
/// <param name="ScheduleName">The schedule.</param>
/// <param name="Occurrence">The occurrence (UTC); null when the tick failed before one was known.</param>
/// <param name="Outcome">What happened to it.</param>
/// <param name="JobId">Its job, when one was enqueued (by this or another instance).</param>
/// <param name="Advance">What the compare-and-set did; null when the tick failed before it.</param>
/// <param name="Error">Why the tick failed, for <see cref="PeriodicFiringOutcome.Failed"/>.</param>
public sealed record PeriodicFiring(string ScheduleName, DateTimeOffset? Occurrence, PeriodicFiringOutcome Outcome, JobId? JobId, CronAdvanceOutcome? Advance, string? Error = null);

/// <summary>The fate of a due occurrence.</summary>
public enum PeriodicFiringOutcome
{
    /// <summary>This instance enqueued its job on time.</summary>
    Enqueued,
    /// <summary>This instance enqueued its job as the one catch-up of <see cref="MissedOccurrencePolicy.FireOnce"/>.</summary>
    CaughtUp,
    /// <summary>Its job already existed: another instance enqueued it (the idempotent enqueue did nothing).</summary>
    AlreadyEnqueued,
    /// <summary>Reached later than the misfire threshold under <see cref="MissedOccurrencePolicy.Skip"/>: not enqueued.</summary>
    SkippedMissed,
    /// <summary>The previous occurrence's job was still unfinished and overlap prevention is on: not enqueued.</summary>
    SkippedOverlap,
    /// <summary>The store or the engine failed; the scheduler retries the schedule shortly.</summary>
    Failed,
}
