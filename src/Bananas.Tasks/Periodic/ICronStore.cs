namespace Bananas.Tasks.Periodic;

/// <summary>
/// Where a periodic schedule's progress lives: the last occurrence handled (the compare-and-set watermark),
/// the next one, the last job and a run count. <see cref="Redis.RedisCronStore"/> shares it between every scheduler
/// instance; <see cref="InMemoryCronStore"/> keeps it in one process. Each method is one atomic transition.
/// </summary>
public interface ICronStore
{
    /// <summary>Short name for logs: <c>redis</c> or <c>in-memory</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Reads a schedule's state, first creating it (nothing fired yet, next occurrence
    /// <paramref name="firstOccurrence"/>) when it does not exist. Concurrent first loads agree: one creates, the
    /// others read what it created.
    /// </summary>
    Task<CronState> LoadAsync(string scheduleName, DateTimeOffset? firstOccurrence, CancellationToken cancellationToken = default);

    /// <summary>
    /// The compare-and-set: moves <c>last_occurrence</c> forward to <paramref name="occurrence"/> only if it is older
    /// (or unset), recording <paramref name="jobId"/> (null when the occurrence was skipped, not enqueued) and
    /// <paramref name="nextOccurrence"/>, and counting a run when a job was recorded. When <c>last_occurrence</c>
    /// already equals <paramref name="occurrence"/> and was recorded as skipped, a non-null <paramref name="jobId"/>
    /// replaces the record (a racing instance did enqueue the occurrence).
    /// </summary>
    Task<CronAdvanceOutcome> AdvanceAsync(string scheduleName, DateTimeOffset occurrence, JobId? jobId, DateTimeOffset? nextOccurrence, CancellationToken cancellationToken = default);

    /// <summary>The schedule's state, or null when no scheduler has loaded it yet. Never creates it.</summary>
    Task<CronState?> GetAsync(string scheduleName, CancellationToken cancellationToken = default);

    /// <summary>
    /// The names of every schedule a scheduler has loaded (each has a state <see cref="GetAsync"/> returns), in ordinal
    /// order: what the <c>bananas schedules</c> command and dashboards list. A schedule removed from the code stays listed
    /// until its state is deleted. A store that does not override this throws <see cref="NotSupportedException"/>.
    /// </summary>
    Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"The {Name} cron store ({GetType().FullName}) cannot list its schedules; implement ICronStore.ListAsync.");
}

/// <summary>A schedule's stored progress.</summary>
public sealed record CronState
{
    /// <summary>The last occurrence handled (fired or skipped); null while none was.</summary>
    public DateTimeOffset? LastOccurrence { get; init; }

    /// <summary>The next occurrence as computed at the last transition (informational; the scheduler recomputes it from <see cref="LastOccurrence"/>).</summary>
    public DateTimeOffset? NextOccurrence { get; init; }

    /// <summary>The job of the last fired occurrence; null while none was fired.</summary>
    public JobId? LastJobId { get; init; }

    /// <summary>How many occurrences were fired (enqueued).</summary>
    public long RunCount { get; init; }

    /// <summary>
    /// The store's own clock when the state was read (Redis <c>TIME</c>), or null for a store without one. The
    /// scheduler never fires an occurrence before this clock reaches it, so a scheduler whose clock runs ahead
    /// cannot fire early.
    /// </summary>
    public DateTimeOffset? StoreTime { get; init; }
}

/// <summary>What <see cref="ICronStore.AdvanceAsync"/> did.</summary>
public enum CronAdvanceOutcome
{
    /// <summary>Nothing: the watermark was already at or past the occurrence (another instance handled it).</summary>
    Stale = 0,
    /// <summary>The watermark moved forward to the occurrence.</summary>
    Advanced = 1,
    /// <summary>The watermark already was the occurrence, recorded as skipped; the job id replaced that record.</summary>
    JobRecorded = 2,
}
