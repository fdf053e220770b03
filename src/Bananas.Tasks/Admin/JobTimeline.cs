namespace Bananas.Tasks.Admin;

/// <summary>One event of a job's timeline.</summary>
/// <param name="At">When it happened (or, for a due time or lease deadline, will).</param>
/// <param name="Event">Short name: <c>enqueued</c>, <c>due</c>, <c>started</c>, <c>lease_deadline</c>, <c>completed</c>, <c>failed</c>, <c>updated</c>.</param>
/// <param name="Detail">One line for people.</param>
public readonly record struct JobTimelineEntry(DateTimeOffset At, string Event, string Detail);

/// <summary>
/// A job's timeline as its record and result tell it: enqueued, due, latest attempt started, lease, finished, last change.
/// The record keeps the latest execution only, so earlier attempts show as the attempt count and the error history, not
/// as events. What the <c>bananas job</c> command and the dashboard's job page show.
/// </summary>
public static class JobTimeline
{
    /// <summary>The events of <paramref name="details"/>, oldest first; <paramref name="formatDuration"/> writes a run's duration.</summary>
    public static IReadOnlyList<JobTimelineEntry> Of(JobDetails details, Func<TimeSpan, string> formatDuration)
    {
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(formatDuration);
        var job = details.Job;
        var events = new List<JobTimelineEntry>
        {
            new(job.CreatedAt, "enqueued", $"route {job.RoutingKey.Value}, priority {job.Priority.ToWireName()}"),
        };
        if (job.ScheduledFor is { } due)
            events.Add(new(due, "due", job.Attempts > 0 ? $"retry after attempt {job.Attempts}" : "scheduled run time"));
        if (job.StartedAt is { } started)
            events.Add(new(started, "started", $"attempt {job.Attempts} of {job.MaxRetries + 1}" + (job.WorkerId is { } w ? $" on worker {w}" : "")));
        if (details.LeaseDeadline is { } lease)
            events.Add(new(lease, "lease_deadline", "lease expires unless the worker renews it"));
        var finished = job.CompletedAt ?? details.Result?.CompletedAt;
        if (finished is { } at && job.Status is JobStatus.Completed or JobStatus.Failed)
        {
            var detail = job.Status == JobStatus.Completed
                ? "completed" + (details.Result is { } r && r.Duration > TimeSpan.Zero ? $" in {formatDuration(r.Duration)}" : "")
                : "failed" + (job.ErrorType is { } type ? $" ({type})" : "") + (job.Error is { } error ? ": " + error : "");
            events.Add(new(at, job.Status.ToWireName(), detail));
        }
        if (job.UpdatedAt != default && events.All(e => e.At != job.UpdatedAt))
            events.Add(new(job.UpdatedAt, "updated", $"last change: status {job.Status.ToWireName()}"));
        return events.OrderBy(e => e.At).ToList();
    }
}
