using Bananas.Tasks.Admin;
using Bananas.Tasks.Dashboard.Pages;
using Bananas.Tasks.Engine;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Bananas.Tasks.Dashboard;

/// <summary>
/// The actions: every one a POST with a valid antiforgery token, refused in read-only mode, done through the admin API,
/// then a redirect (303) back to the page it came from with the outcome in the notice.
/// </summary>
internal static class DashboardActions
{
    /// <summary>Dead letter entries one bulk click examines (one admin batch call).</summary>
    public const int BulkBatch = 1000;

    /// <summary>Most batch calls of one bulk click (so one click examines at most 10,000 entries).</summary>
    public const int BulkCallsPerClick = 10;

    /// <summary>Most ids one "selected" post may carry (a page of the listing at most).</summary>
    public const int MaxSelected = JobListQuery.MaxLimit;

    public delegate Task<(string Message, bool Ok)> Action(DashboardContext d, IFormCollection form);

    public static async Task<IResult> RunAsync(DashboardContext d, Action action, string fallbackReturn)
    {
        if (d.Options.ReadOnly)
            return DashboardResults.Html(ErrorPage.Framed(d, "Read-only dashboard", "This dashboard is read-only: actions are refused. Mount it without ReadOnly to requeue, delete, cancel or pause."), StatusCodes.Status403Forbidden);
        var antiforgery = d.Http.RequestServices.GetRequiredService<IAntiforgery>();
        if (!await antiforgery.IsRequestValidAsync(d.Http))
            return DashboardResults.Html(ErrorPage.Framed(d, "Action refused", "The form's antiforgery token is missing or invalid (an action must come from a dashboard page). Reload the page and try again."), StatusCodes.Status400BadRequest);
        var form = await d.Http.Request.ReadFormAsync(d.Aborted);
        var (message, ok) = await action(d, form);
        var back = SafeReturn(form["return"].ToString()) ?? fallbackReturn;
        return DashboardResults.SeeOther(d.Base + back + (back.Contains('?') ? "&" : "?") + "done=" + Uri.EscapeDataString(message) + (ok ? "" : "&ok=0"));
    }

    /// <summary>A return path relative to the dashboard: starts with one slash, no scheme or host (never an open redirect).</summary>
    private static string? SafeReturn(string value) =>
        value.Length > 0 && value[0] == '/' && !value.StartsWith("//", StringComparison.Ordinal) && !value.Contains('\\') && !value.Contains(':') ? value : null;

    public static Action Pause(RoutingKey route, bool pause) => async (d, _) =>
    {
        var changed = pause ? await d.Admin.PauseRouteAsync(route, d.Aborted) : await d.Admin.ResumeRouteAsync(route, d.Aborted);
        return pause
            ? (changed ? $"Paused route {route.Value}: workers skip it on their next fetch." : $"Route {route.Value} was already paused.", true)
            : (changed ? $"Resumed route {route.Value}." : $"Route {route.Value} was not paused.", true);
    };

    public static Action Requeue(JobId id) => async (d, _) =>
        await d.Admin.RequeueDeadAsync(id, d.Aborted)
            ? ($"Requeued job {id.Value}: it is back at the end of its queue with its attempts reset.", true)
            : ($"Job {id.Value} is not in the dead letter queue, so it was not requeued.", false);

    public static Action Delete(JobId id) => async (d, _) =>
        await d.Admin.DeleteDeadAsync(id, d.Aborted)
            ? ($"Deleted dead job {id.Value}.", true)
            : ($"Job {id.Value} is not in the dead letter queue, so it was not deleted.", false);

    public static Action Cancel(JobId id) => async (d, _) => await d.Admin.CancelAsync(id, d.Aborted) switch
    {
        CancelOutcome.Cancelled => ($"Cancelled job {id.Value}: it will not run.", true),
        CancelOutcome.Signalled => ($"Signalled the worker running job {id.Value} to cancel it.", true),
        CancelOutcome.AlreadyFinished => ($"Job {id.Value} had already finished.", false),
        _ => ($"Job {id.Value} does not exist.", false),
    };

    public static Action CancelWorkflow(string id) => async (d, _) => await d.Admin.CancelWorkflowAsync(id, d.Aborted) switch
    {
        Workflows.WorkflowCancelOutcome.Cancelled => ($"Cancelled workflow {id}: its waiting and queued steps will not run; running ones were signalled.", true),
        Workflows.WorkflowCancelOutcome.Finished => ($"Workflow {id} had already finished.", false),
        _ => ($"Workflow {id} does not exist.", false),
    };

    public static async Task<(string, bool)> SelectedAsync(DashboardContext d, IFormCollection form)
    {
        var requeue = form["action"].ToString() switch
        {
            "requeue" => true,
            "delete" => false,
            var other => throw new ArgumentException($"The action is '{other}'; expected requeue or delete."),
        };
        var ids = form["id"].Select(v => v ?? "").Distinct().ToList();
        if (ids.Count == 0) return ("No job was selected.", false);
        if (ids.Count > MaxSelected) throw new ArgumentException($"{ids.Count} jobs were selected; at most {MaxSelected} per action.");
        int done = 0, missed = 0;
        foreach (var text in ids)
        {
            if (!JobId.TryParse(text, out var id)) throw new ArgumentException($"'{text}' is not a job id.");
            var ok = requeue ? await d.Admin.RequeueDeadAsync(id, d.Aborted) : await d.Admin.DeleteDeadAsync(id, d.Aborted);
            if (ok) done++; else missed++;
        }
        var verb = requeue ? "Requeued" : "Deleted";
        return ($"{verb} {done} dead job{(done == 1 ? "" : "s")}" + (missed > 0 ? $"; {missed} had already left the dead letter queue." : "."), missed == 0);
    }

    public static Action Bulk(bool requeue) => async (d, form) =>
    {
        var (filters, error) = DashboardFilters.Parse(new QueryCollection(form.ToDictionary(kv => kv.Key, kv => kv.Value)));
        if (filters is null) throw new ArgumentException(error);
        var selection = new DeadLetterSelection { Route = filters.Route, TaskName = filters.Task };
        // a task filter leaves other jobs in place, so one click goes on with the cursor for a bounded number of calls
        int done = 0, scanned = 0, skipped = 0;
        string? cursor = null;
        DeadLetterBatchResult r;
        var calls = 0;
        do
        {
            r = requeue
                ? await d.Admin.RequeueDeadAsync(selection, BulkBatch, cursor, d.Aborted)
                : await d.Admin.DeleteDeadAsync(selection, BulkBatch, cursor, d.Aborted);
            done += r.Done; scanned += r.Scanned; skipped += r.Skipped; cursor = r.Cursor;
        }
        while (r.MoreRemain && ++calls < BulkCallsPerClick);
        var verb = requeue ? "Requeued" : "Deleted";
        return ($"{verb} {done} of {scanned} dead jobs examined" + (skipped > 0 ? $"; {skipped} could not be requeued (malformed record: delete them by id)" : "")
            + (r.MoreRemain ? "; more remain: click again." : "."), skipped == 0);
    };
}
