using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Bananas.Tasks.Admin;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Periodic;
using Bananas.Tasks.Workflows;

namespace Bananas.Tasks.Cli;

/// <summary>
/// The stable JSON of <c>--json</c> (docs/cli.md lists every shape): snake_case names, every documented field present
/// (null when unknown), times as RFC 3339 UTC strings with 7 fractional digits, durations in milliseconds. Payloads and
/// results are embedded as JSON values when they parse, else as strings.
/// </summary>
internal static class JsonOut
{
    private static readonly JsonWriterOptions s_options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(TextWriter output, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, s_options))
            write(writer);
        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static void Time(this Utf8JsonWriter w, string name, DateTimeOffset? time)
    {
        if (time is { } t) w.WriteString(name, Time(t));
        else w.WriteNull(name);
    }

    public static void Text(this Utf8JsonWriter w, string name, string? text)
    {
        if (text is null) w.WriteNull(name);
        else w.WriteString(name, text);
    }

    /// <summary>A JSON value when <paramref name="json"/> parses, else the text as a string, or null.</summary>
    public static void Embedded(this Utf8JsonWriter w, string name, string? json)
    {
        w.WritePropertyName(name);
        if (json is null) { w.WriteNullValue(); return; }
        try
        {
            using var doc = JsonDocument.Parse(json);
            doc.RootElement.WriteTo(w);
        }
        catch (JsonException)
        {
            w.WriteStringValue(json);
        }
    }

    public static void JobFields(this Utf8JsonWriter w, JobRecord job)
    {
        w.WriteString("id", job.Id.Value);
        w.WriteString("task", job.Name);
        w.WriteString("status", job.Status.ToWireName());
        w.WriteString("route", job.RoutingKey.Value);
        w.WriteString("priority", job.Priority.ToWireName());
        w.WriteNumber("attempts", job.Attempts);
        w.WriteNumber("max_retries", job.MaxRetries);
        if (job.Timeout is { } timeout) w.WriteNumber("timeout_ms", (long)timeout.TotalMilliseconds);
        else w.WriteNull("timeout_ms");
        w.Embedded("payload", job.Payload);
        w.Text("error", job.Error);
        w.Text("error_type", job.ErrorType);
        w.Text("description", job.Description);
        w.Text("worker_id", job.WorkerId);
        w.Time("created_at", job.CreatedAt);
        w.Time("updated_at", job.UpdatedAt);
        w.Time("scheduled_for", job.ScheduledFor);
        w.Time("started_at", job.StartedAt);
        w.Time("completed_at", job.CompletedAt);
    }

    /// <summary>One job record: the listing's fields, then its last progress report (a JSON value, or null) and when it was stored.</summary>
    public static void Job(this Utf8JsonWriter w, JobRecord job)
    {
        w.WriteStartObject();
        w.JobFields(job);
        w.Embedded("progress", job.Progress);
        w.Time("progress_at", job.ProgressAt);
        w.WriteEndObject();
    }

    public static void ListItem(this Utf8JsonWriter w, JobListItem item)
    {
        w.WriteStartObject();
        w.JobFields(item.Job);
        w.Time("due_at", item.DueAt);
        w.Time("lease_deadline", item.LeaseDeadline);
        w.Time("finished_at", item.FinishedAt);
        w.Time("waiting_since", item.WaitingSince);
        w.Embedded("progress", item.Job.Progress);
        w.Time("progress_at", item.Job.ProgressAt);
        w.WriteEndObject();
    }

    public static void Page(this Utf8JsonWriter w, string state, JobPage page)
    {
        w.WriteStartObject();
        w.WriteString("state", state);
        w.WriteStartArray("jobs");
        foreach (var item in page.Jobs) w.ListItem(item);
        w.WriteEndArray();
        w.Text("next_cursor", page.NextCursor);
        w.WriteNumber("scanned", page.Scanned);
        w.WriteEndObject();
    }

    public static void Result(this Utf8JsonWriter w, string name, JobResult? result)
    {
        if (result is null) { w.WriteNull(name); return; }
        w.WriteStartObject(name);
        w.WriteString("status", result.Status.ToWireName());
        w.Embedded("result", result.ResultJson);
        w.Text("error", result.Error);
        w.Text("error_type", result.ErrorType);
        w.Time("completed_at", result.CompletedAt);
        w.WriteNumber("duration_ms", (long)result.Duration.TotalMilliseconds);
        w.WriteEndObject();
    }

    public static void Workflow(this Utf8JsonWriter w, WorkflowRecord workflow)
    {
        w.WriteStartObject();
        w.WriteString("id", workflow.Id);
        w.WriteString("name", workflow.Name);
        w.WriteString("status", workflow.Status.ToWireName());
        w.WriteNumber("total", workflow.Total);
        w.WriteNumber("done", workflow.Done);
        w.WriteNumber("failed", workflow.Failed);
        w.WriteString("final_step", workflow.FinalStep.Value);
        w.Text("failed_step", workflow.FailedStep?.Value);
        w.Time("created_at", workflow.CreatedAt);
        w.Time("updated_at", workflow.UpdatedAt);
        w.Time("completed_at", workflow.CompletedAt);
        w.WriteStartArray("step_ids");
        foreach (var id in workflow.StepIds) w.WriteStringValue(id.Value);
        w.WriteEndArray();
        w.WriteStartArray("steps");
        foreach (var step in workflow.Steps)
        {
            w.WriteStartObject();
            w.JobFields(step);
            if (step.Workflow is { } link)
            {
                w.WriteNumber("waiting_for", link.Dependencies);
                w.WriteNumber("parents", link.Arity);
                w.WriteBoolean("compensation", link.IsCompensation);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void Details(this Utf8JsonWriter w, JobDetails details)
    {
        w.WriteStartObject();
        w.WritePropertyName("job");
        w.Job(details.Job);
        w.Result("result", details.Result);
        w.Time("lease_deadline", details.LeaseDeadline);
        w.WriteStartArray("timeline");
        foreach (var e in JobTimeline.Of(details, Render.Duration))
        {
            w.WriteStartObject();
            w.WriteString("at", Time(e.At));
            w.WriteString("event", e.Event);
            w.WriteString("detail", e.Detail);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void Overview(this Utf8JsonWriter w, QueueOverview overview)
    {
        w.WriteStartObject();
        w.WriteStartArray("routes");
        foreach (var r in overview.Routes)
        {
            w.WriteStartObject();
            w.WriteString("route", r.Route.Value);
            w.WriteNumber("high", r.High);
            w.WriteNumber("normal", r.Normal);
            w.WriteNumber("low", r.Low);
            w.WriteNumber("pending", r.Pending);
            w.WriteNumber("dead", r.Dead);
            w.WriteBoolean("paused", r.Paused);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteNumber("pending", overview.Routes.Sum(r => r.Pending));
        w.WriteNumber("scheduled", overview.Scheduled);
        w.WriteNumber("processing", overview.Processing);
        w.WriteNumber("dead", overview.Dead);
        w.WriteNumber("waiting", overview.Waiting);
        w.WriteStartArray("paused");
        foreach (var r in overview.PausedRoutes) w.WriteStringValue(r.Value);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void Worker(this Utf8JsonWriter w, WorkerInfo worker)
    {
        w.WriteStartObject();
        w.WriteString("id", worker.Id);
        w.WriteString("host", worker.Host);
        w.WriteNumber("pid", worker.ProcessId);
        w.WriteStartArray("routes");
        foreach (var r in worker.Routes) w.WriteStringValue(r.Value);
        w.WriteEndArray();
        w.WriteNumber("concurrency", worker.Concurrency);
        w.WriteNumber("in_flight", worker.InFlight);
        w.Time("started_at", worker.StartedAt);
        w.Time("last_heartbeat", worker.LastHeartbeat);
        w.WriteEndObject();
    }

    public static void Points(this Utf8JsonWriter w, string name, IReadOnlyList<ThroughputPoint> points)
    {
        w.WriteStartArray(name);
        foreach (var p in points)
        {
            w.WriteStartObject();
            w.WriteString("start", Time(p.Start));
            w.WriteNumber("processed", p.Processed);
            w.WriteNumber("failed", p.Failed);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    public static void Throughput(this Utf8JsonWriter w, ThroughputStats stats)
    {
        w.WriteStartObject();
        w.Text("route", stats.Route?.Value);
        w.WriteNumber("last_hour_processed", stats.Minutes.Sum(p => p.Processed));
        w.WriteNumber("last_hour_failed", stats.Minutes.Sum(p => p.Failed));
        w.Points("minutes", stats.Minutes);
        w.Points("days", stats.Days);
        w.WriteEndObject();
    }

    public static void Schedule(this Utf8JsonWriter w, string name, CronState? state, JobStatus? lastJobStatus)
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        w.Time("next_occurrence", state?.NextOccurrence);
        w.Time("last_occurrence", state?.LastOccurrence);
        w.Text("last_job_id", state?.LastJobId?.Value);
        w.Text("last_job_status", lastJobStatus?.ToWireName());
        w.WriteNumber("run_count", state?.RunCount ?? 0);
        w.WriteEndObject();
    }
}
