using Bananas.Tasks.Admin;

namespace Bananas.Tasks.Dashboard.Rendering;

/// <summary>The page frame: head (our CSS and scripts only, no inline code), navigation, notices, content.</summary>
internal static class Layout
{
    public static readonly (string Path, string Label)[] Sections =
    [
        ("/", "Overview"),
        ("/jobs/pending", "Pending"),
        ("/jobs/scheduled", "Scheduled"),
        ("/jobs/processing", "Processing"),
        ("/jobs/dead", "Dead"),
        ("/jobs/completed", "Completed"),
        ("/jobs/failed", "Failed"),
        ("/jobs/waiting", "Waiting"),
        ("/workers", "Workers"),
        ("/schedules", "Schedules"),
    ];

    /// <summary>htmx without the inline indicator style it would inject (the CSP forbids it), without eval and script tags in swaps.</summary>
    private static readonly Markup HtmxConfig = Markup.Text("""{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false,"historyCacheSize":0}""");

    public static Markup Page(DashboardContext d, string title, string activePath, Markup content)
    {
        var nav = Sections.Select(s => Markup.H($"""<a href="{d.Url(s.Path)}" class="{(s.Path == activePath ? "active" : "")}">{s.Label}</a>"""));
        var notice = Notice(d);
        var readOnly = d.Options.ReadOnly ? Markup.H($"""<span class="badge muted" title="Actions are hidden and refused">read-only</span>""") : Markup.Empty;
        var refreshMs = (int)Math.Clamp(d.Options.RefreshInterval.TotalMilliseconds, 1000, 60_000);
        return Markup.H($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="htmx-config" content="{HtmxConfig}">
            <title>{title} · {d.Options.Title}</title>
            <link rel="stylesheet" href="{d.Url("/assets/vendor/uplot/uPlot.min.css")}">
            <link rel="stylesheet" href="{d.Url("/assets/dashboard.css")}">
            <script src="{d.Url("/assets/vendor/htmx/htmx.min.js")}" defer></script>
            <script src="{d.Url("/assets/vendor/uplot/uPlot.iife.min.js")}" defer></script>
            <script src="{d.Url("/assets/dashboard.js")}" defer></script>
            </head>
            <body data-refresh-ms="{refreshMs}">
            <header>
            <a class="brand" href="{d.Url("/")}">{d.Options.Title}</a>
            <span class="badge">{d.Admin.EngineName}</span>{readOnly}
            <nav>{nav}</nav>
            </header>
            <main>
            {notice}
            {content}
            </main>
            <footer>Bananas.Tasks dashboard · every view reads one bounded page · times in UTC</footer>
            </body>
            </html>
            """);
    }

    /// <summary>The outcome of the last action, passed in the query string of the redirect after a POST.</summary>
    private static Markup Notice(DashboardContext d)
    {
        var done = d.Http.Request.Query["done"].ToString();
        if (string.IsNullOrEmpty(done)) return Markup.Empty;
        var failed = d.Http.Request.Query["ok"].ToString() == "0";
        return Markup.H($"""<p class="notice {(failed ? "warn" : "ok")}" role="status">{done}</p>""");
    }

    public static Markup Empty(string title, string detail) =>
        Markup.H($"""<div class="empty"><strong>{title}</strong><p>{detail}</p></div>""");

    public static Markup StatusBadge(JobStatus status) =>
        Markup.H($"""<span class="status status-{status.ToWireName()}">{status.ToWireName()}</span>""");

    public static Markup Card(string label, long value, string href, string css = "") =>
        Markup.H($"""<a class="card {css}" href="{href}"><span class="value">{Format.N(value)}</span><span class="label">{label}</span></a>""");
}
