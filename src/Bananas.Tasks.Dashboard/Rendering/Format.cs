using System.Globalization;

namespace Bananas.Tasks.Dashboard.Rendering;

/// <summary>Numbers, times and durations as the pages write them (invariant culture, UTC).</summary>
internal static class Format
{
    public static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? at) =>
        at is { } t ? t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "—";

    public static string Duration(TimeSpan span) => span switch
    {
        { TotalMilliseconds: < 1000 } => $"{(long)span.TotalMilliseconds} ms",
        { TotalSeconds: < 60 } => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s",
        { TotalMinutes: < 60 } => $"{(int)span.TotalMinutes} min {span.Seconds} s",
        { TotalHours: < 48 } => $"{(int)span.TotalHours} h {span.Minutes} min",
        _ => $"{(int)span.TotalDays} d {span.Hours} h",
    };

    public static string Relative(DateTimeOffset? at, DateTimeOffset now) =>
        at is not { } t ? "—" : t <= now ? Duration(now - t) + " ago" : "in " + Duration(t - now);

    /// <summary>The trace id of a W3C traceparent (<c>00-{trace}-{span}-{flags}</c>), or null.</summary>
    public static string? TraceId(string? traceParent)
    {
        if (traceParent is null) return null;
        var parts = traceParent.Split('-');
        return parts.Length >= 4 && parts[1].Length == 32 ? parts[1] : null;
    }
}
