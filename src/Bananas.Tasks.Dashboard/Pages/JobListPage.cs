using Bananas.Tasks.Admin;
using Bananas.Tasks.Dashboard.Rendering;
using static Bananas.Tasks.Dashboard.Rendering.Markup;

namespace Bananas.Tasks.Dashboard.Pages;

/// <summary>
/// The jobs of one state with filters (route, task, text in id or name) and cursor paging: one bounded admin page per
/// view, so it costs the same with 10 or 10 million jobs. The dead letter page adds bulk requeue and delete.
/// </summary>
internal static class JobListPage
{
    public static readonly IReadOnlyDictionary<string, JobListState> States = new Dictionary<string, JobListState>(StringComparer.Ordinal)
    {
        ["pending"] = JobListState.Pending,
        ["scheduled"] = JobListState.Scheduled,
        ["processing"] = JobListState.Processing,
        ["dead"] = JobListState.Dead,
        ["completed"] = JobListState.Completed,
        ["failed"] = JobListState.Failed,
        ["waiting"] = JobListState.Waiting,
    };

    /// <summary>The filters of a listing, read from the query string (bad values are refused by <see cref="DashboardFilters.Parse"/>).</summary>
    public static async Task<Markup> RenderAsync(DashboardContext d, string stateName, JobListState state, DashboardFilters f)
    {
        var query = new JobListQuery
        {
            State = state,
            Route = f.Route,
            Priority = state == JobListState.Pending ? f.Priority : null,
            TaskName = f.Task,
            Text = f.Text,
            Limit = d.Options.PageSize,
            Cursor = f.Cursor,
        };
        var page = await d.Admin.ListJobsAsync(query, d.Aborted);
        var overview = await d.Admin.GetOverviewAsync(d.Aborted);
        var filtered = f.Task is not null || f.Text is not null || (f.Route is not null && state is not (JobListState.Pending or JobListState.Dead));
        var dead = state == JobListState.Dead;

        var body = page.Jobs.Count == 0
            ? (page.NextCursor is null
                ? Layout.Empty(f.Cursor is null ? $"No {stateName} jobs" : "No more jobs", EmptyDetail(state, f))
                : Layout.Empty("No match in this stretch", $"This call examined {Format.N(page.Scanned)} entries without a match; go on to look further."))
            : Table(d, state, page.Jobs, selectable: dead && !d.Options.ReadOnly);
        if (dead && page.Jobs.Count > 0 && !d.Options.ReadOnly)
            body = H($"""
                <form method="post" action="{d.Url("/dead/selected")}" id="dead-selected">
                {d.AntiforgeryField()}
                {body}
                <div class="actions">
                <button type="submit" name="action" value="requeue" class="button">Requeue selected</button>
                <button type="submit" name="action" value="delete" class="button danger" data-confirm="Delete the selected dead jobs for good?">Delete selected</button>
                </div>
                </form>
                """);

        var scanNote = filtered ? H($"""<p class="hint">Filtered listing: this page examined {Format.N(page.Scanned)} index entries (at most {Format.N(query.ScanLimit)} per page), so it may hold fewer than {d.Options.PageSize} jobs while more remain.</p>""") : Markup.Empty;
        var paging = H($"""
            <nav class="paging">
            {(f.Cursor is null ? Markup.Empty : H($"""<a class="button secondary" href="{d.Url("/jobs/" + stateName, f.Query(cursor: null))}">← First page</a>"""))}
            {(page.NextCursor is null ? Markup.Empty : H($"""<a class="button secondary" rel="next" href="{d.Url("/jobs/" + stateName, f.Query(page.NextCursor))}">Next page →</a>"""))}
            </nav>
            """);
        var content = H($"""
            <h1>{Title(stateName)} jobs</h1>
            {Filters(d, stateName, state, f, overview.Routes.Select(r => r.Route).ToList())}
            {(dead ? BulkActions(d, f, overview) : Markup.Empty)}
            {scanNote}
            {body}
            {paging}
            """);
        return Layout.Page(d, Title(stateName) + " jobs", "/jobs/" + stateName, content);
    }

    private static string Title(string state) => char.ToUpperInvariant(state[0]) + state[1..];

    private static string EmptyDetail(JobListState state, DashboardFilters f)
    {
        if (f.Route is not null || f.Task is not null || f.Text is not null) return "Nothing matches these filters.";
        return state switch
        {
            JobListState.Pending => "Every queue is empty: workers are keeping up.",
            JobListState.Scheduled => "No delayed job or retry is waiting for its time.",
            JobListState.Processing => "No worker holds a lease right now.",
            JobListState.Dead => "The dead letter queue is empty: nothing has failed for good.",
            JobListState.Completed => "No completed job is kept (completed records expire after the result TTL).",
            JobListState.Waiting => "No job is held by a concurrency limit or waits behind its sequence.",
            _ => "No job failed for good recently.",
        };
    }

    private static Markup Filters(DashboardContext d, string stateName, JobListState state, DashboardFilters f, IReadOnlyList<RoutingKey> routes)
    {
        var routeOptions = routes.Select(r => H($"""<option value="{r.Value}"{(f.Route == r ? H($" selected") : Markup.Empty)}>{r.Value}</option>"""));
        var taskOptions = d.Registry.Names.Select(n => H($"""<option value="{n}"></option>"""));
        var priority = state != JobListState.Pending ? Markup.Empty : H($"""
            <label>priority <select name="priority">
            <option value="">all</option>
            {Priorities.Select(p => H($"""<option value="{p}"{(f.Priority?.ToWireName() == p ? H($" selected") : Markup.Empty)}>{p}</option>"""))}
            </select></label>
            """);
        return H($"""
            <form method="get" action="{d.Url("/jobs/" + stateName)}" class="filters" role="search">
            <label>route <select name="route"><option value="">all</option>{routeOptions}</select></label>
            {priority}
            <label>task <input name="task" list="task-names" value="{f.Task}" placeholder="task name" autocomplete="off"></label>
            <datalist id="task-names">{taskOptions}</datalist>
            <label>search <input name="q" type="search" value="{f.Text}" placeholder="text in id or name"></label>
            <button type="submit" class="button secondary">Filter</button>
            </form>
            """);
    }

    private static readonly string[] Priorities = ["high", "normal", "low"];

    private static Markup BulkActions(DashboardContext d, DashboardFilters f, QueueOverview overview)
    {
        if (d.Options.ReadOnly) return Markup.Empty;
        var scope = (f.Route, f.Task) switch
        {
            (null, null) => "all dead jobs",
            ({ } r, null) => $"the dead jobs of route {r.Value}",
            (null, { } t) => $"the dead jobs of task {t}",
            ({ } r, { } t) => $"the dead jobs of task {t} on route {r.Value}",
        };
        var fields = H($"""<input type="hidden" name="route" value="{f.Route?.Value}"><input type="hidden" name="task" value="{f.Task}">""");
        var count = f.Route is { } route ? overview.Routes.FirstOrDefault(x => x.Route == route)?.Dead ?? 0 : overview.Dead;
        if (count == 0) return Markup.Empty;
        return H($"""
            <div class="bulk">
            <span>Bulk ({scope}; up to {Format.N(DashboardActions.BulkBatch * DashboardActions.BulkCallsPerClick)} examined per click):</span>
            {d.ActionForm("/dead/requeue-all", "Requeue " + scope, fields)}
            {d.ActionForm("/dead/delete-all", "Delete " + scope, fields, "button danger", confirm: "Delete " + scope + " for good?")}
            </div>
            """);
    }

    /// <summary>The jobs table; the columns after route depend on the state, and a progress column shows when any job has reported.</summary>
    public static Markup Table(DashboardContext d, JobListState state, IReadOnlyList<JobListItem> jobs, bool selectable)
    {
        var when = state switch
        {
            JobListState.Scheduled => "due",
            JobListState.Processing => "lease deadline",
            JobListState.Pending => "enqueued",
            JobListState.Waiting => "waiting since",
            _ => "finished",
        };
        var showError = state is JobListState.Dead or JobListState.Failed or JobListState.Scheduled;
        // The last progress report (its JSON text, encoded like every value) when any listed job has reported.
        var showProgress = jobs.Any(i => i.Job.Progress is not null);
        var rows = jobs.Select(item =>
        {
            var j = item.Job;
            var at = state switch
            {
                JobListState.Scheduled => item.DueAt ?? j.ScheduledFor,
                JobListState.Processing => item.LeaseDeadline,
                JobListState.Pending => j.CreatedAt,
                JobListState.Waiting => item.WaitingSince ?? j.UpdatedAt,
                _ => item.FinishedAt ?? j.CompletedAt,
            };
            var check = selectable ? H($"""<td><input type="checkbox" name="id" value="{j.Id.Value}" aria-label="select {j.Id.Value}"></td>""") : Markup.Empty;
            var error = showError ? H($"""<td class="error-text">{(j.ErrorType is null ? "" : j.ErrorType + ": ")}{Short(j.Error)}</td>""") : Markup.Empty;
            var progress = showProgress ? H($"""<td class="mono progress" title="{(j.ProgressAt is { } reported ? Format.Time(reported) : "")}">{Short(j.Progress, 60)}</td>""") : Markup.Empty;
            var worker = state == JobListState.Processing ? H($"<td>{j.WorkerId}</td>")
                : state == JobListState.Waiting ? H($"""<td class="mono">{j.WaitingOn}</td>""") : Markup.Empty;
            return H($"""
                <tr>{check}<td><a class="mono" href="{d.Url("/job/" + Uri.EscapeDataString(j.Id.Value))}">{j.Id.Value}</a></td>
                <td>{j.Name}</td><td>{j.RoutingKey.Value}</td><td>{j.Priority.ToWireName()}</td>
                <td class="num">{j.Attempts}/{j.MaxRetries + 1}</td>{worker}<td title="{Format.Time(at)}">{Format.Relative(at, d.Now)}</td>{progress}{error}</tr>
                """);
        });
        var head = H($"""
            <tr>{(selectable ? H($"<th></th>") : Markup.Empty)}<th>id</th><th>task</th><th>route</th><th>priority</th><th class="num">attempts</th>{(state == JobListState.Processing ? H($"<th>worker</th>") : state == JobListState.Waiting ? H($"<th>waiting on</th>") : Markup.Empty)}<th>{when}</th>{(showProgress ? H($"<th>progress</th>") : Markup.Empty)}{(showError ? H($"<th>last error</th>") : Markup.Empty)}</tr>
            """);
        return H($"""<table class="grid jobs"><thead>{head}</thead><tbody>{rows}</tbody></table>""");
    }

    private static string Short(string? text, int max = 120)
    {
        if (text is null) return "";
        text = text.ReplaceLineEndings(" ");
        return text.Length <= max ? text : text[..(max - 1)] + "…";
    }
}
