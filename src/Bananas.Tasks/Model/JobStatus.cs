namespace Bananas.Tasks;

/// <summary>Where a job is in its life. Wire names are lower case.</summary>
public enum JobStatus
{
    /// <summary>In a route queue, waiting for a worker.</summary>
    Pending,
    /// <summary>Waiting for its due time (a delayed job or a retry in backoff).</summary>
    Scheduled,
    /// <summary>Leased by a worker and running.</summary>
    Processing,
    /// <summary>Finished successfully.</summary>
    Completed,
    /// <summary>Failed for good: in the dead letter queue, or cancelled before it ran.</summary>
    Failed,
    /// <summary>
    /// Held back by flow control, in no queue: over its concurrency limit, or behind an earlier job of its sequence
    /// (<see cref="JobRecord.WaitingOn"/> says which). Queued again when that gate opens.
    /// </summary>
    Waiting,
}

/// <summary>Wire names of <see cref="JobStatus"/>.</summary>
public static class JobStatusExtensions
{
    /// <summary>The wire name (<c>pending</c>, <c>scheduled</c>, <c>processing</c>, <c>completed</c>, <c>failed</c>, <c>waiting</c>).</summary>
    public static string ToWireName(this JobStatus status) => status switch
    {
        JobStatus.Pending => "pending",
        JobStatus.Scheduled => "scheduled",
        JobStatus.Processing => "processing",
        JobStatus.Completed => "completed",
        JobStatus.Failed => "failed",
        JobStatus.Waiting => "waiting",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>Parses a wire name.</summary>
    public static bool TryParseWireName(string? name, out JobStatus status)
    {
        switch (name)
        {
            case "pending": status = JobStatus.Pending; return true;
            case "scheduled": status = JobStatus.Scheduled; return true;
            case "processing": status = JobStatus.Processing; return true;
            case "completed": status = JobStatus.Completed; return true;
            case "failed": status = JobStatus.Failed; return true;
            case "waiting": status = JobStatus.Waiting; return true;
            default: status = JobStatus.Pending; return false;
        }
    }
}
