using Bananas.Tasks.Admin;
using Microsoft.AspNetCore.Http;

namespace Bananas.Tasks.Dashboard;

/// <summary>The filters of a listing from its query string: <c>route</c>, <c>priority</c>, <c>task</c>, <c>q</c> (text in id or name), <c>cursor</c>.</summary>
internal sealed record DashboardFilters(RoutingKey? Route, Priority? Priority, string? Task, string? Text, string? Cursor)
{
    /// <summary>The filters, or why a value is refused (shown on a 400 page, nothing else is read).</summary>
    public static (DashboardFilters? Filters, string? Error) Parse(IQueryCollection query)
    {
        static string? Value(IQueryCollection q, string name) => q[name].ToString().Trim() is { Length: > 0 } v ? v : null;

        RoutingKey? route = null;
        if (Value(query, "route") is { } r)
        {
            if (BananasRules.ValidateRoutingKey(r) is { } error) return (null, "The route filter is not a route: " + error + ".");
            route = RoutingKey.Parse(r);
        }
        Priority? priority = null;
        if (Value(query, "priority") is { } p)
        {
            if (!PriorityExtensions.TryParseWireName(p, out var parsed)) return (null, $"The priority filter is '{p}'; expected high, normal or low.");
            priority = parsed;
        }
        var task = Value(query, "task");
        if (task is not null && BananasRules.ValidateTaskName(task) is { } taskError) return (null, "The task filter is not a task name: " + taskError + ".");
        var text = Value(query, "q");
        if (text is not null && text.Length > JobListQuery.MaxTextLength) return (null, $"The search text has {text.Length} characters; at most {JobListQuery.MaxTextLength}.");
        return (new DashboardFilters(route, priority, task, text, Value(query, "cursor")), null);
    }

    /// <summary>These filters as query parameters, with another cursor.</summary>
    public (string, string?)[] Query(string? cursor) =>
        [("route", Route?.Value), ("priority", Priority?.ToWireName()), ("task", Task), ("q", Text), ("cursor", cursor)];
}
