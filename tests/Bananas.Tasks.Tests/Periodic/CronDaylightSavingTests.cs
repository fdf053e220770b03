using Bananas.Tasks.Periodic;

namespace Bananas.Tasks.Tests.Periodic;

/// <summary>
/// Pins Cronos's daylight-saving rules in Europe/Berlin (2025: clocks go 02:00 → 03:00 on 30 March, 03:00 → 02:00 on
/// 26 October). These are the rules the scheduler follows; a Cronos upgrade that changes them fails here first.
/// </summary>
public class CronDaylightSavingTests
{
    private static PeriodicTaskDefinition Berlin(string cron) =>
        new("dst", cron, "t", options: new PeriodicTaskOptions { TimeZone = "Europe/Berlin" });

    private static string[] Utc(string cron, string fromUtc, string toUtc) =>
        Berlin(cron).GetOccurrences(DateTimeOffset.Parse(fromUtc), DateTimeOffset.Parse(toUtc))
            .Select(o => o.UtcDateTime.ToString("yyyy-MM-dd HH:mm")).ToArray();

    [Fact]
    public void SpringForward_DailyTimeInTheSkippedHour_FiresOnceAtTheTransition()
    {
        // 02:30 does not exist on 30 March: Cronos fires at 03:00 CEST (01:00Z), the moment the gap ends.
        Assert.Equal(
            ["2025-03-29 01:30", "2025-03-30 01:00", "2025-03-31 00:30"],
            Utc("30 2 * * *", "2025-03-29T00:00Z", "2025-04-01T00:00Z"));
    }

    [Fact]
    public void SpringForward_Hourly_HasNoOccurrenceForTheSkippedHour()
    {
        // 01:00 CET (00:00Z), then 03:00 CEST (01:00Z): no extra job for the missing 02:00.
        Assert.Equal(
            ["2025-03-30 00:00", "2025-03-30 01:00", "2025-03-30 02:00"],
            Utc("0 * * * *", "2025-03-30T00:00Z", "2025-03-30T03:00Z"));
    }

    [Fact]
    public void FallBack_DailyTimeInTheRepeatedHour_FiresOnce_InTheFirstPass()
    {
        // 02:30 happens twice on 26 October (CEST, then CET); a fixed daily time fires only the first (00:30Z).
        Assert.Equal(
            ["2025-10-25 00:30", "2025-10-26 00:30", "2025-10-27 01:30"],
            Utc("30 2 * * *", "2025-10-25T00:00Z", "2025-10-28T00:00Z"));
    }

    [Fact]
    public void FallBack_Hourly_FiresTheRepeatedHourTwice()
    {
        // An interval in the hour field fires 02:00 CEST (00:00Z) and 02:00 CET (01:00Z): two distinct instants.
        Assert.Equal(
            ["2025-10-25 23:00", "2025-10-26 00:00", "2025-10-26 01:00", "2025-10-26 02:00"],
            Utc("0 * * * *", "2025-10-25T23:00Z", "2025-10-26T03:00Z"));
    }

    [Fact]
    public void FallBack_MinuteIntervalInsideTheRepeatedHour_FiresInBothPasses()
    {
        Assert.Equal(
            ["2025-10-26 00:00", "2025-10-26 00:30", "2025-10-26 01:00", "2025-10-26 01:30"],
            Utc("*/30 2 * * *", "2025-10-25T23:00Z", "2025-10-26T03:00Z"));
    }

    [Fact]
    public void RepeatedHourOccurrences_GetDistinctJobIds()
    {
        var occurrences = Berlin("0 * * * *").GetOccurrences(DateTimeOffset.Parse("2025-10-26T00:00Z"), DateTimeOffset.Parse("2025-10-26T02:00Z")).ToArray();
        Assert.Equal(2, occurrences.Length);
        Assert.NotEqual(PeriodicJobIds.For("dst", occurrences[0]), PeriodicJobIds.For("dst", occurrences[1]));
    }
}
