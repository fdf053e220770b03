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

public static class ScheduledArguments
{
    // BNT102: 'days' has no default and there is no CronArgs, so the schedule's jobs have nothing to run with.
    [BananaTask(Cron = "0 2 * * *")]
    public static Task Cleanup(int days) => Task.CompletedTask;

    // BNT102: 'dayz' is not a parameter of the task.
    [BananaTask(Cron = "0 3 * * *", CronArgs = """{"dayz":30}""")]
    public static Task Purge(int days) => Task.CompletedTask;
}
