namespace Bananas.Tasks.Admin;

/// <summary>The minutes and days a throughput read covers, shared by both engines.</summary>
internal static class ThroughputWindow
{
    /// <summary>The 60 UTC minutes ending with the one holding <paramref name="now"/>, and the <paramref name="days"/> UTC days ending with today, oldest first.</summary>
    public static (List<DateTimeOffset> Minutes, List<DateTimeOffset> Days) Of(DateTimeOffset now, int days)
    {
        var minute = MinuteOf(now);
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var minutes = Enumerable.Range(0, 60).Select(i => minute.AddMinutes(i - 59)).ToList();
        var dayList = Enumerable.Range(0, days).Select(i => today.AddDays(i - days + 1)).ToList();
        return (minutes, dayList);
    }

    public static DateTimeOffset MinuteOf(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0, TimeSpan.Zero);
    }

    public static DateTimeOffset HourOf(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }

    public static DateTimeOffset DayOf(DateTimeOffset time) => new(time.UtcDateTime.Date, TimeSpan.Zero);
}
