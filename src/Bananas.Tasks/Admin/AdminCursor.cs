using System.Globalization;
using System.Text;

namespace Bananas.Tasks.Admin;

/// <summary>
/// The opaque cursors of listings and dead letter batches, shared by both engines: base64url of
/// <c>v1|{listing}|{segment}|{offset}</c>, where the listing names the query it belongs to (state and filters), so a
/// cursor passed to another query is refused rather than misread.
/// </summary>
internal static class AdminCursor
{
    public static string Encode(string listing, string segment, long offset)
    {
        var text = $"v1|{listing}|{segment}|{offset.ToString(CultureInfo.InvariantCulture)}";
        return ToBase64Url(text);
    }

    /// <summary>The opaque form of every cursor: base64url of the UTF-8 text, without padding.</summary>
    internal static string ToBase64Url(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The text of a cursor made by <see cref="ToBase64Url"/>; null when it is not base64url.</summary>
    internal static string? FromBase64Url(string cursor)
    {
        try
        {
            var b64 = cursor.Replace('-', '+').Replace('_', '/');
            return Encoding.UTF8.GetString(Convert.FromBase64String(b64 + new string('=', (4 - b64.Length % 4) % 4)));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>What a cursor that is not one of this API's is told.</summary>
    internal static string NotACursor(string cursor) =>
        $"'{cursor}' is not a cursor of this API: pass the NextCursor/Cursor a previous call returned, or null to start.";

    /// <summary>What a cursor of another listing is told.</summary>
    internal static string OtherListing(string from, string listing) =>
        $"The cursor belongs to another listing ({from}), not to this one ({listing}): a cursor continues only the query that returned it.";

    /// <summary>The segment and offset of <paramref name="cursor"/>; ("", 0) for null. Throws <see cref="ArgumentException"/> for a cursor of another listing or not a cursor at all.</summary>
    public static (string Segment, long Offset) Decode(string? cursor, string listing, string parameter)
    {
        if (cursor is null) return ("", 0);
        var text = FromBase64Url(cursor) ?? throw new ArgumentException(NotACursor(cursor), parameter);
        var parts = text.Split('|');
        if (parts.Length < 4 || parts[0] != "v1" || !long.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            throw new ArgumentException(NotACursor(cursor), parameter);
        var segment = parts[^2];
        var from = string.Join('|', parts[1..^2]);
        if (from != listing)
            throw new ArgumentException(OtherListing(from, listing), parameter);
        return (segment, offset);
    }

    /// <summary>The listing name of a query: state and every filter.</summary>
    public static string Listing(JobListQuery query) =>
        $"{query.State}:{query.Route?.Value}:{query.Priority}:{query.TaskName}";

    /// <summary>The listing name of a dead letter batch selection.</summary>
    public static string Listing(Engine.DeadLetterAction action, DeadLetterSelection selection) =>
        $"dead-{action}:{selection.Route?.Value}:{selection.TaskName}";

    /// <summary>
    /// The pending queues a listing reads, in order (routes ordinal, then high, normal, low, or one priority), from the
    /// cursor's segment on. A segment is <c>route/priority</c>.
    /// </summary>
    public static List<(RoutingKey Route, Priority Priority)> PendingSegments(IEnumerable<RoutingKey> routes, Priority? priority, string fromSegment)
    {
        var ordered = routes.Distinct().OrderBy(r => r.Value, StringComparer.Ordinal).ToList();
        var all = new List<(RoutingKey, Priority)>();
        foreach (var route in ordered)
            foreach (var p in PriorityExtensions.ServingOrder)
                if (priority is null || priority == p) all.Add((route, p));
        if (fromSegment.Length == 0) return all;
        var at = all.FindIndex(s => Segment(s.Item1, s.Item2) == fromSegment);
        if (at >= 0) return all.GetRange(at, all.Count - at);
        // The cursor's route is not listed any more: go on with the routes after it.
        var route0 = fromSegment.Split('/')[0];
        return all.Where(s => string.CompareOrdinal(s.Item1.Value, route0) > 0).ToList();
    }

    public static string Segment(RoutingKey route, Priority priority) => route.Value + "/" + priority.ToWireName();
}
