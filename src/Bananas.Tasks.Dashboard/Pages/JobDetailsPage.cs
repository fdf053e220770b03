using Bananas.Tasks.Admin;
using Bananas.Tasks.Dashboard.Rendering;
using static Bananas.Tasks.Dashboard.Rendering.Markup;

namespace Bananas.Tasks.Dashboard.Pages;

/// <summary>
/// One job: its fields, the payload as indented JSON (with <c>[Sensitive]</c> parameters redacted), the result, the error
/// and every failed attempt kept, the timeline from enqueue to finish, the trace id, and the actions its state allows.
/// </summary>
internal static class JobDetailsPage
{
    public static async Task<(Markup Page, bool Found)> RenderAsync(DashboardContext d, JobId id)
    {
        var details = await d.Admin.GetJobAsync(id, d.Aborted);
        if (details is null)
            return (Layout.Page(d, "Job not found", "", Layout.Empty("No such job", $"No record exists for job {id.Value}: it never existed, was deleted, or expired after it finished (the result TTL).")), false);
        var job = details.Job;
        var registered = d.Registry.TryGet(job.Name, out _);
        var sensitive = d.SensitiveParameters(job.Name);
        var (payload, isJson) = PayloadView.Format(job.Payload, sensitive);
        var payloadNote = !registered
            ? H($"""<p class="hint">Task {job.Name} is not registered in this process, so its [Sensitive] parameters are not known here: call AddGeneratedTasks() in the dashboard's app to redact them.</p>""")
            : sensitive.Count > 0 ? H($"""<p class="hint">Redacted [Sensitive] parameters: {string.Join(", ", sensitive)}.</p>""") : Markup.Empty;
        var traceId = Format.TraceId(job.TraceParent);

        var fields = H($"""
            <dl class="fields">
            <dt>status</dt><dd>{Layout.StatusBadge(job.Status)}</dd>
            <dt>task</dt><dd>{job.Name}</dd>
            <dt>route</dt><dd><a href="{d.Url("/routes/" + Uri.EscapeDataString(job.RoutingKey.Value))}">{job.RoutingKey.Value}</a></dd>
            <dt>priority</dt><dd>{job.Priority.ToWireName()}</dd>
            <dt>attempts</dt><dd>{job.Attempts} of {job.MaxRetries + 1}</dd>
            <dt>timeout</dt><dd>{(job.Timeout is { } t ? Format.Duration(t) : "worker default")}</dd>
            <dt>worker</dt><dd>{job.WorkerId ?? "—"}</dd>
            <dt>waiting on</dt><dd class="mono">{job.WaitingOn ?? "—"}</dd>
            <dt>workflow</dt><dd class="mono">{(job.Workflow is { } step ? H($"""<a href="{d.Url("/workflow/" + Uri.EscapeDataString(step.WorkflowId))}">{step.WorkflowId}</a>""") : H($"—"))}</dd>
            <dt>progress</dt><dd class="mono">{job.Progress ?? "—"}{(job.ProgressAt is { } reported ? " at " + Format.Time(reported) : "")}</dd>
            <dt>trace id</dt><dd class="mono">{traceId ?? "—"}</dd>
            <dt>description</dt><dd>{job.Description ?? "—"}</dd>
            </dl>
            """);
        var error = job.Error is null && job.ErrorHistory.Count == 0 ? Markup.Empty : H($"""
            <h2>Error</h2>
            {(job.Error is null ? Markup.Empty : H($"""<pre class="error-text">{job.ErrorType}: {job.Error}</pre>"""))}
            {Attempts(job)}
            """);
        var result = details.Result is not { } r ? Markup.Empty : H($"""
            <h2>Result</h2>
            <p>{r.Status.ToWireName()} at {Format.Time(r.CompletedAt)}{(r.Duration > TimeSpan.Zero ? " after " + Format.Duration(r.Duration) : "")}</p>
            {(r.ResultJson is { } json ? H($"""<pre class="json">{PayloadView.Indent(json)}</pre>""") : Markup.Empty)}
            {(r.Error is { } e && e != job.Error ? H($"""<pre class="error-text">{r.ErrorType}: {e}</pre>""") : Markup.Empty)}
            """);
        var timeline = JobTimeline.Of(details, Format.Duration).Select(e =>
            H($"""<li><time datetime="{e.At.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture)}">{Format.Time(e.At)}</time> <strong>{e.Event}</strong> {e.Detail}</li>"""));

        var content = H($"""
            <h1>Job <code>{job.Id.Value}</code> {Layout.StatusBadge(job.Status)}</h1>
            <div class="actions">{Actions(d, details)}</div>
            <div class="columns">
            <section>{fields}</section>
            <section><h2>Timeline</h2><ol class="timeline">{timeline}</ol></section>
            </div>
            <h2>Payload</h2>
            {payloadNote}
            <pre class="json{(isJson ? "" : " raw")}">{payload}</pre>
            {result}
            {error}
            """);
        return (Layout.Page(d, "Job " + job.Id.Value, "", content), true);
    }

    private static Markup Attempts(JobRecord job)
    {
        if (job.ErrorHistory.Count == 0) return Markup.Empty;
        var rows = job.ErrorHistory.Select(e => H($"""<tr><td class="num">{e.Attempt}</td><td>{Format.Time(e.At)}</td><td>{e.ErrorType}</td><td><pre class="error-text">{e.Error}</pre></td></tr>"""));
        return H($"""
            <h3>Failed attempts (latest {JobError.MaxKept} kept)</h3>
            <table class="grid"><thead><tr><th class="num">attempt</th><th>at</th><th>type</th><th>error and stack text</th></tr></thead><tbody>{rows}</tbody></table>
            """);
    }

    private static Markup Actions(DashboardContext d, JobDetails details)
    {
        var id = Uri.EscapeDataString(details.Job.Id.Value);
        return details.Status switch
        {
            // failed for good: dead-lettered (requeue or delete it) or cancelled before it ran (not in the dead letter queue: the action says so)
            JobStatus.Failed => H($"""{d.ActionForm("/job/" + id + "/requeue", "Requeue")}{d.ActionForm("/job/" + id + "/delete", "Delete", css: "button danger", confirm: "Delete this dead job for good?")}"""),
            JobStatus.Pending or JobStatus.Scheduled or JobStatus.Waiting => d.ActionForm("/job/" + id + "/cancel", "Cancel", css: "button danger", confirm: "Cancel this job? It will never run."),
            JobStatus.Processing => d.ActionForm("/job/" + id + "/cancel", "Cancel (signal the worker)", css: "button danger", confirm: "Signal the worker to cancel this job?"),
            _ => Markup.Empty,
        };
    }
}
