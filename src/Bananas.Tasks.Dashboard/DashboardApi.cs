using System.Text.Json;
using Bananas.Tasks.Admin;
using Microsoft.AspNetCore.Http;

namespace Bananas.Tasks.Dashboard;

/// <summary>The JSON the charts read: <c>{"route":…,"minutes":[[unixSeconds, processed, failed], …]}</c>, the last 60 minutes.</summary>
internal static class DashboardApi
{
    public static async Task<IResult> ThroughputAsync(DashboardContext d)
    {
        RoutingKey? route = null;
        var text = d.Http.Request.Query["route"].ToString();
        if (text.Length > 0)
        {
            if (BananasRules.ValidateRoutingKey(text) is { } error) throw new ArgumentException("The route is not a route: " + error + ".");
            route = RoutingKey.Parse(text);
        }
        var stats = await d.Admin.GetThroughputAsync(route, days: 1, d.Aborted);
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            if (route is { } r) w.WriteString("route", r.Value); else w.WriteNull("route");
            w.WriteStartArray("minutes");
            foreach (var p in stats.Minutes)
            {
                w.WriteStartArray();
                w.WriteNumberValue(p.Start.ToUnixTimeSeconds());
                w.WriteNumberValue(p.Processed);
                w.WriteNumberValue(p.Failed);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Results.Bytes(buffer.ToArray(), "application/json");
    }
}
