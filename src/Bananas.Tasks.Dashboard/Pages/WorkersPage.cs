using Bananas.Tasks.Dashboard.Rendering;
using static Bananas.Tasks.Dashboard.Rendering.Markup;

namespace Bananas.Tasks.Dashboard.Pages;

/// <summary>Live workers: host, pid, routes, concurrency, in flight, started, last heartbeat (refreshes itself).</summary>
internal static class WorkersPage
{
    public static async Task<Markup> RenderAsync(DashboardContext d)
    {
        var live = await LiveAsync(d);
        return Layout.Page(d, "Workers", "/workers", H($"<h1>Workers</h1>{live}"));
    }

    public static async Task<Markup> LiveAsync(DashboardContext d)
    {
        var workers = await d.Admin.ListWorkersAsync(d.Aborted);
        var paused = (await d.Admin.GetPausedRoutesAsync(d.Aborted)).ToHashSet();
        var seconds = (int)Math.Clamp(d.Options.RefreshInterval.TotalSeconds, 1, 60);
        var rows = workers.Select(w => H($"""
            <tr><td class="mono">{w.Id}</td><td>{w.Host}</td><td class="num">{w.ProcessId}</td>
            <td>{Join(w.Routes.Select(r => H($"""<a href="{d.Url("/routes/" + Uri.EscapeDataString(r.Value))}" class="{(paused.Contains(r) ? "paused-route" : "")}">{r.Value}</a> """)))}</td>
            <td class="num">{w.InFlight} / {w.Concurrency}</td><td title="{Format.Time(w.StartedAt)}">{Format.Relative(w.StartedAt, d.Now)}</td>
            <td title="{Format.Time(w.LastHeartbeat)}">{Format.Relative(w.LastHeartbeat, d.Now)}</td></tr>
            """));
        var body = workers.Count == 0
            ? Layout.Empty("No live worker", "No worker has sent a heartbeat within its TTL: start one with AddWorker(), or check that it reaches the same Redis and prefix.")
            : H($"""
                <table class="grid workers">
                <thead><tr><th>id</th><th>host</th><th class="num">pid</th><th>routes (in serving order)</th><th class="num">in flight / concurrency</th><th>started</th><th>last heartbeat</th></tr></thead>
                <tbody>{rows}</tbody>
                </table>
                """);
        return H($"""<section id="workers-live" hx-get="{d.Url("/fragments/workers")}" hx-trigger="every {seconds}s" hx-swap="outerHTML">{body}</section>""");
    }
}
