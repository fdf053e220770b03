namespace Bananas.Tasks;

/// <summary>
/// What a failing job of a sequence holds (<see cref="JobOptions.SequenceKey"/>; docs/flow-control.md "Sequences"): a job
/// always holds its sequence while it waits for a retry, so the next job never overtakes it.
/// </summary>
public enum SequenceHold
{
    /// <summary>
    /// The default: the sequence moves on when the job completes, is dead-lettered or is cancelled. A dead job's
    /// successors run; requeued from the dead letter queue, it runs on its own, outside the sequence.
    /// </summary>
    UntilCompletedOrDead = 0,

    /// <summary>
    /// The sequence moves on only when the job completes or is cancelled, or when its dead record is deleted: a dead job
    /// holds its successors until someone requeues it (and it succeeds) or deletes it. For ledgers, where order is the
    /// point and a gap is worse than a stop.
    /// </summary>
    UntilCompleted = 1,
}

/// <summary>What a second enqueue with the same key does to a job still waiting to run (<see cref="JobOptions.Debounce"/>, <see cref="JobOptions.Replace"/>).</summary>
public enum DebounceMode
{
    /// <summary>No debounce (the default).</summary>
    None = 0,

    /// <summary>
    /// The waiting job's arguments are replaced and its due time is pushed back to the window from now: a burst of
    /// enqueues makes one job that runs a window after the last of them, with the last one's arguments.
    /// </summary>
    Debounce = 1,

    /// <summary>The waiting job's arguments are replaced; its due time is kept.</summary>
    Replace = 2,
}

/// <summary>Whose jobs share a concurrency limit (<see cref="JobOptions.ConcurrencyScope"/>).</summary>
public enum LimitScope
{
    /// <summary>The task's jobs (the default), or one partition of them.</summary>
    Task = 0,

    /// <summary>Every job on the task's route that carries a route-scoped limit, whatever its task; or one partition of them.</summary>
    Route = 1,
}
