using V = Bananas.Tasks.Analyzers.Tests.Infrastructure.Verify<Bananas.Tasks.Analyzers.CronScheduleAnalyzer>;

namespace Bananas.Tasks.Analyzers.Tests.Rules;

/// <summary>BNT100 invalid cron expression (Cronos), BNT101 unknown time zone.</summary>
public class CronTests
{
    [Fact]
    public Task BNT100_InvalidCron_IsFlagged() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(Cron = {|#0:"61 * * * *"|})] public static Task A() => Task.CompletedTask;
            [BananaTask(Cron = {|#1:"every day"|})] public static Task B() => Task.CompletedTask;
            [BananaTask(Cron = {|#2:"* * * *"|})] public static Task C() => Task.CompletedTask;
            [BananaTask(Cron = {|#3:""|})] public static Task D() => Task.CompletedTask;
        }
        """,
        V.Diagnostic("BNT100").WithLocation(0),
        V.Diagnostic("BNT100").WithLocation(1),
        V.Diagnostic("BNT100").WithLocation(2),
        V.Diagnostic("BNT100").WithLocation(3));

    [Fact]
    public Task BNT100_ValidCron_IsClean() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(Cron = "*/5 * * * *")] public static Task A() => Task.CompletedTask;
            [BananaTask(Cron = "0 */10 * * * *")] public static Task B() => Task.CompletedTask;
            [BananaTask(Cron = "@daily")] public static Task C() => Task.CompletedTask;
            [BananaTask(Cron = "0 9 * * MON-FRI", TimeZone = "Europe/Berlin")] public static Task D() => Task.CompletedTask;
            [BananaTask(Cron = "0 0 L * *", TimeZone = "UTC")] public static Task E() => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task BNT101_UnknownTimeZone_IsFlagged() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(Cron = "0 9 * * *", TimeZone = {|#0:"Mars/Olympus_Mons"|})] public static Task A() => Task.CompletedTask;
            [BananaTask(Cron = "0 9 * * *", TimeZone = {|#1:""|})] public static Task B() => Task.CompletedTask;
        }
        """,
        V.Diagnostic("BNT101").WithLocation(0).WithArguments("Mars/Olympus_Mons"),
        V.Diagnostic("BNT101").WithLocation(1).WithArguments(""));
}
