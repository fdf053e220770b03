namespace Bananas.Tasks;

/// <summary>
/// How long a unique job keeps a second enqueue with the same unique key from creating a job
/// (<see cref="BananaTaskAttribute.Unique"/>, <see cref="JobOptions.Unique"/>; docs/flow-control.md "Unique jobs").
/// A duplicate enqueue returns the existing job's id and says it was a duplicate (<see cref="Client.EnqueueResult"/>).
/// </summary>
public enum UniqueScope
{
    /// <summary>Not unique (the default).</summary>
    None = 0,

    /// <summary>
    /// While the job waits: pending, scheduled, or waiting for a retry. Once it starts running, a new job with the key
    /// can be enqueued; a job requeued after its lease expired holds the key again if it is free.
    /// </summary>
    WhileQueued = 1,

    /// <summary>While the job waits or runs: released when it completes, is dead-lettered, or is cancelled.</summary>
    WhileQueuedOrRunning = 2,

    /// <summary>
    /// For a period from the enqueue (<see cref="BananaTaskAttribute.UniqueForSeconds"/>, <see cref="JobOptions.UniqueFor"/>),
    /// whatever becomes of the job.
    /// </summary>
    ForPeriod = 3,
}
