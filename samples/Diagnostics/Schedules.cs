using Bananas.Tasks;

namespace Diagnostics.Schedules;

public static class ScheduledTasks
{
    // BNT100: minute 61 does not exist (Cronos rejects it).
    [BananaTask(Cron = "61 * * * *")]
    public static Task EveryBadMinute() => Task.CompletedTask;

    // BNT101: no such time zone.
    [BananaTask(Cron = "0 9 * * *", TimeZone = "Mars/Olympus_Mons")]
    public static Task MorningOnMars() => Task.CompletedTask;
}
