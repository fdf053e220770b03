using Bananas.Tasks.Dashboard.Rendering;
using Bananas.Tasks.Periodic;
using Microsoft.Extensions.DependencyInjection;
using static Bananas.Tasks.Dashboard.Rendering.Markup;

namespace Bananas.Tasks.Dashboard.Pages;

/// <summary>
/// Periodic schedules: cron, next and last occurrence, last job and its status, runs. Read from this process's periodic
/// scheduler (its definitions and its cron store, the one every scheduler instance shares on Redis), so the app that
/// hosts the dashboard registers its schedules (<c>AddGeneratedTasks()</c> or <c>AddPeriodic</c>).
/// </summary>
internal static class SchedulesPage
{
    public static async Task<Markup> RenderAsync(DashboardContext d)
    {
        var scheduler = d.Http.RequestServices.GetService<PeriodicScheduler>();
        Markup body;
        if (scheduler is null || scheduler.Definitions.Count == 0)
            body = Layout.Empty("No periodic schedules here", "This app registers no periodic task: schedules declared with [BananaTask(Cron = …)] appear once the dashboard's app calls AddGeneratedTasks().");
        else
        {
            var rows = new List<Markup>();
            foreach (var definition in scheduler.Definitions.OrderBy(x => x.ScheduleName, StringComparer.Ordinal))
            {
                var state = await scheduler.Store.GetAsync(definition.ScheduleName, d.Aborted);
                JobStatus? status = state?.LastJobId is { } job ? await d.Admin.GetStatusAsync(job, d.Aborted) : null;
                var lastJob = state?.LastJobId is { } id
                    ? H($"""<a class="mono" href="{d.Url("/job/" + Uri.EscapeDataString(id.Value))}">{id.Value}</a> {(status is { } s ? Layout.StatusBadge(s) : H($"""<span class="status">expired</span>"""))}""")
                    : Text("—");
                rows.Add(H($"""
                    <tr><td>{definition.ScheduleName}</td><td>{definition.TaskName}</td><td class="mono">{definition.Cron}</td><td>{definition.TimeZone.Id}</td>
                    <td title="{Format.Time(state?.NextOccurrence)}">{Format.Relative(state?.NextOccurrence, d.Now)}</td>
                    <td title="{Format.Time(state?.LastOccurrence)}">{Format.Relative(state?.LastOccurrence, d.Now)}</td>
                    <td>{lastJob}</td><td class="num">{Format.N(state?.RunCount ?? 0)}</td></tr>
                    """));
            }
            body = H($"""
                <table class="grid schedules">
                <thead><tr><th>schedule</th><th>task</th><th>cron</th><th>time zone</th><th>next</th><th>last</th><th>last job</th><th class="num">runs</th></tr></thead>
                <tbody>{rows}</tbody>
                </table>
                """);
        }
        return Layout.Page(d, "Schedules", "/schedules", H($"<h1>Periodic schedules</h1>{body}"));
    }
}
