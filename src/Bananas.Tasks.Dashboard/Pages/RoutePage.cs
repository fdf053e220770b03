using Bananas.Tasks.Admin;
using Bananas.Tasks.Dashboard.Rendering;
using static Bananas.Tasks.Dashboard.Rendering.Markup;

namespace Bananas.Tasks.Dashboard.Pages;

/// <summary>One route: depth per priority, dead, paused state with pause/resume, the next jobs a worker takes, its charts.</summary>
internal static class RoutePage
{
    public const int NextJobs = 20;

    public static async Task<Markup> RenderAsync(DashboardContext d, RoutingKey route)
    {
        var overview = await d.Admin.GetOverviewAsync(d.Aborted);
        var r = overview.Routes.FirstOrDefault(x => x.Route == route) ?? new RouteOverview { Route = route };
        var next = await d.Admin.ListJobsAsync(new JobListQuery { State = JobListState.Pending, Route = route, Limit = NextJobs }, d.Aborted);
        var workers = (await d.Admin.ListWorkersAsync(d.Aborted)).Where(w => w.Routes.Contains(route)).ToList();
        var state = r.Paused
            ? H($"""<p class="notice warn">This route is paused: workers skip it on their next fetch; jobs still enqueue.</p>""")
            : Markup.Empty;
        var list = next.Jobs.Count == 0
            ? Layout.Empty("Nothing pending", "No job waits on this route right now.")
            : JobListPage.Table(d, JobListState.Pending, next.Jobs, selectable: false);
        var content = H($"""
            <h1>Route <code>{route.Value}</code> {OverviewPage.PauseToggle(d, route, r.Paused)}</h1>
            {state}
            <div class="cards">
            {Layout.Card("high", r.High, d.Url("/jobs/pending", ("route", route.Value), ("priority", "high")))}
            {Layout.Card("normal", r.Normal, d.Url("/jobs/pending", ("route", route.Value), ("priority", "normal")))}
            {Layout.Card("low", r.Low, d.Url("/jobs/pending", ("route", route.Value), ("priority", "low")))}
            {Layout.Card("dead", r.Dead, d.Url("/jobs/dead", ("route", route.Value)), r.Dead > 0 ? "alert" : "")}
            {Layout.Card("workers serving it", workers.Count, d.Url("/workers"))}
            </div>
            <section class="charts">
            {OverviewPage.Chart(d, "Processed per minute, last hour", "processed", route)}
            {OverviewPage.Chart(d, "Failed per minute, last hour", "failed", route)}
            </section>
            <h2>Next {NextJobs} jobs a worker takes</h2>
            {list}
            <p><a href="{d.Url("/jobs/pending", ("route", route.Value))}">All pending jobs of this route →</a></p>
            """);
        return Layout.Page(d, "Route " + route.Value, "", content);
    }
}
