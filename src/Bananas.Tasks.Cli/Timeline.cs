using Bananas.Tasks.Admin;

namespace Bananas.Tasks.Cli;

/// <summary>
/// A job's timeline as its record and result tell it: enqueued, due, latest attempt started, lease, finished, last change.
/// The record keeps the latest execution only, so earlier attempts show as the attempt count, not as events.
/// </summary>
internal static class Timeline
{
    public readonly record struct Entry(DateTimeOffset At, string Event, string Detail);

    public static IReadOnlyList<Entry> Of(JobDetails details)
    {
        var job = details.Job;
        var events = new List<Entry>
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
                ? "completed" + (details.Result is { } r && r.Duration > TimeSpan.Zero ? $" in {Render.Duration(r.Duration)}" : "")
                : "failed" + (job.ErrorType is { } type ? $" ({type})" : "") + (job.Error is { } error ? ": " + error : "");
            events.Add(new(at, job.Status.ToWireName(), detail));
        }
        if (job.UpdatedAt != default && events.All(e => e.At != job.UpdatedAt))
            events.Add(new(job.UpdatedAt, "updated", $"last change: status {job.Status.ToWireName()}"));
        return events.OrderBy(e => e.At).ToList();
    }
}
