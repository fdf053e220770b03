using Bananas.Tasks.Admin;
using Bananas.Tasks.Dashboard.Rendering;
using static Bananas.Tasks.Dashboard.Rendering.Markup;

namespace Bananas.Tasks.Dashboard.Pages;

/// <summary>
/// The overview: totals, routes × priorities with dead and paused state, live workers, and throughput and failure charts
/// of the last hour. The live part refreshes itself (htmx, every <see cref="BananasDashboardOptions.RefreshInterval"/>).
/// Reads: one overview script, one worker listing (and the charts one throughput read each).
/// </summary>
internal static class OverviewPage
{
    public static async Task<Markup> RenderAsync(DashboardContext d)
    {
        var live = await LiveAsync(d);
        var charts = H($"""
            <section class="charts">
            {Chart(d, "Processed per minute, last hour", "processed", route: null)}
            {Chart(d, "Failed per minute, last hour", "failed", route: null)}
            </section>
            """);
        return Layout.Page(d, "Overview", "/", H($"<h1>Overview</h1>{live}{charts}"));
    }

    /// <summary>The part that refreshes: cards, routes table, workers summary.</summary>
    public static async Task<Markup> LiveAsync(DashboardContext d)
    {
        var overview = await d.Admin.GetOverviewAsync(d.Aborted);
        var workers = await d.Admin.ListWorkersAsync(d.Aborted);
        var pending = overview.Routes.Sum(r => r.Pending);
        var cards = H($"""
            <div class="cards">
            {Layout.Card("pending", pending, d.Url("/jobs/pending"))}
            {Layout.Card("processing", overview.Processing, d.Url("/jobs/processing"))}
            {Layout.Card("scheduled", overview.Scheduled, d.Url("/jobs/scheduled"))}
            {Layout.Card("dead", overview.Dead, d.Url("/jobs/dead"), overview.Dead > 0 ? "alert" : "")}
            {Layout.Card("waiting", overview.Waiting, d.Url("/jobs/waiting"))}
            {Layout.Card("paused routes", overview.PausedRoutes.Count, "#routes", overview.PausedRoutes.Count > 0 ? "warn" : "")}
            {Layout.Card("live workers", workers.Count, d.Url("/workers"))}
            </div>
            """);
        var routes = overview.Routes.Count == 0
            ? Layout.Empty("No routes yet", "A route appears here once a job was enqueued on it (or it was paused).")
            : RoutesTable(d, overview.Routes);
        var seconds = (int)Math.Clamp(d.Options.RefreshInterval.TotalSeconds, 1, 60);
        return H($"""
            <section id="overview-live" hx-get="{d.Url("/fragments/overview")}" hx-trigger="every {seconds}s" hx-swap="outerHTML">
            {cards}
            <h2 id="routes">Routes</h2>
            {routes}
            </section>
            """);
    }

    public static Markup RoutesTable(DashboardContext d, IReadOnlyList<RouteOverview> routes)
    {
        var rows = routes.Select(r => H($"""
            <tr class="{(r.Paused ? "paused" : "")}">
            <td><a href="{d.Url("/routes/" + Uri.EscapeDataString(r.Route.Value))}">{r.Route.Value}</a></td>
            <td class="num">{Format.N(r.High)}</td><td class="num">{Format.N(r.Normal)}</td><td class="num">{Format.N(r.Low)}</td>
            <td class="num">{Format.N(r.Pending)}</td>
            <td class="num"><a href="{d.Url("/jobs/dead", ("route", r.Route.Value))}">{Format.N(r.Dead)}</a></td>
            <td>{(r.Paused ? H($"""<span class="status status-paused">paused</span>""") : H($"""<span class="status status-active">active</span>"""))}</td>
            <td>{PauseToggle(d, r.Route, r.Paused)}</td>
            </tr>
            """));
        return H($"""
            <table class="grid routes">
            <thead><tr><th>route</th><th class="num">high</th><th class="num">normal</th><th class="num">low</th><th class="num">pending</th><th class="num">dead</th><th>state</th><th></th></tr></thead>
            <tbody>{rows}</tbody>
            </table>
            """);
    }

    public static Markup PauseToggle(DashboardContext d, RoutingKey route, bool paused)
    {
        var path = "/routes/" + Uri.EscapeDataString(route.Value) + (paused ? "/resume" : "/pause");
        return d.ActionForm(path, paused ? "Resume" : "Pause", css: paused ? "button" : "button secondary");
    }

    /// <summary>A chart placeholder that <c>dashboard.js</c> fills from the throughput endpoint (its text is the loading and the error state).</summary>
    public static Markup Chart(DashboardContext d, string title, string series, RoutingKey? route) => H($"""
        <figure class="chart-box">
        <figcaption>{title}</figcaption>
        <div class="chart" data-throughput="{d.Url("/api/throughput", ("route", route?.Value))}" data-series="{series}"><p class="loading">Loading chart…</p></div>
        </figure>
        """);
}
