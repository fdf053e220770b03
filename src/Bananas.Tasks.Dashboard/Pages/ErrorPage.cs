using Bananas.Tasks.Dashboard.Rendering;
using static Bananas.Tasks.Dashboard.Rendering.Markup;

namespace Bananas.Tasks.Dashboard.Pages;

/// <summary>Designed error states: a refused request, a bad parameter, a page that does not exist, an engine that did not answer.</summary>
internal static class ErrorPage
{
    /// <summary>A page without the navigation (for refusals, which must not read the engine).</summary>
    public static Markup Bare(string title, string detail) => H($"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
        <body><h1>{title}</h1><p>{detail}</p></body></html>
        """);

    public static Markup Framed(DashboardContext d, string title, string detail) =>
        Layout.Page(d, title, "", H($"""<div class="error-state"><h1>{title}</h1><p>{detail}</p><p><a href="{d.Url("/")}">Back to the overview</a></p></div>"""));

    /// <summary>The engine failed: its exception type and message with any credential removed, and what to check.</summary>
    public static Markup EngineFailed(Exception e) => H($"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Engine unavailable</title></head>
        <body><h1>The Bananas engine did not answer</h1>
        <p class="error-text">{e.GetType().Name}: {Secrets.Redact(e.Message)}</p>
        <p>Check that Redis is reachable from this app (REDIS_URL); this page will work again as soon as it is.</p></body></html>
        """);
}
