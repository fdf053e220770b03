using System.Globalization;

namespace Bananas.Tasks.Periodic;

/// <summary>
/// The fixed-width RFC 3339 UTC form the cron state is stored in (<c>2026-11-25T02:00:00.0000000Z</c>). Fixed width
/// means string order is time order, which the compare-and-set script relies on.
/// </summary>
internal static class CronTimestamps
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string ToWire(DateTimeOffset value) => value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static DateTimeOffset? FromWire(string? text, string key, string field)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (DateTime.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
            return new DateTimeOffset(DateTime.SpecifyKind(parsed, DateTimeKind.Utc));
        throw new InvalidDataException($"Field '{field}' of '{key}' holds '{text}', which is not a fixed-width RFC 3339 UTC time such as '2026-11-25T02:00:00.0000000Z'. Fix or delete the key to reset the schedule.");
    }
}
