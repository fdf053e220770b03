using System.Collections.Immutable;
using Bananas.Tasks.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
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

    /// <summary>The forms the scheduler accepts, as every cron message ends (CronRules.AcceptedForms, shared with the runtime).</summary>
    private const string Accepted = "expected 5 fields 'minute hour day-of-month month day-of-week' (e.g. '0 2 * * *'), 6 fields with seconds first (e.g. '*/10 * * * * *'), or a macro such as '@daily'";

    /// <summary>February 30th parses, but AddGeneratedTasks() would throw at start-up: it is flagged at compile time.</summary>
    [Fact]
    public Task BNT100_CronThatNeverOccurs_IsFlagged() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(Cron = {|#0:"0 0 30 2 *"|})] public static Task A() => Task.CompletedTask;
            [BananaTask(Cron = {|#1:"0 0 0 31 4 *"|})] public static Task B() => Task.CompletedTask;
        }
        """,
        V.Diagnostic("BNT100").WithLocation(0).WithMessage("Cron expression '0 0 30 2 *' is invalid: it never occurs (e.g. February 30); fix the day-of-month and month fields"),
        V.Diagnostic("BNT100").WithLocation(1).WithMessage("Cron expression '0 0 0 31 4 *' is invalid: it never occurs (e.g. February 30); fix the day-of-month and month fields"));

    /// <summary>A wrong field count says which forms are accepted, not Cronos's "Unexpected character".</summary>
    [Fact]
    public Task BNT100_WrongFieldCount_SaysWhatIsAccepted() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(Cron = {|#0:"0 0 0 * * * *"|})] public static Task A() => Task.CompletedTask;
            [BananaTask(Cron = {|#1:"* * * *"|})] public static Task B() => Task.CompletedTask;
            [BananaTask(Cron = {|#2:" "|})] public static Task C() => Task.CompletedTask;
        }
        """,
        V.Diagnostic("BNT100").WithLocation(0).WithMessage("Cron expression '0 0 0 * * * *' is invalid: it has 7 fields; " + Accepted),
        V.Diagnostic("BNT100").WithLocation(1).WithMessage("Cron expression '* * * *' is invalid: it has 4 fields; " + Accepted),
        V.Diagnostic("BNT100").WithLocation(2).WithMessage("Cron expression ' ' is invalid: it is empty; " + Accepted));

    [Fact]
    public Task BNT100_ValidCron_IsClean() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(Cron = "*/5 * * * *")] public static Task A() => Task.CompletedTask;
            [BananaTask(Cron = "0 */10 * * * *")] public static Task B() => Task.CompletedTask;
            [BananaTask(Cron = "@daily")] public static Task C() => Task.CompletedTask;
            [BananaTask(Cron = "0 9 * * MON-FRI")] public static Task D() => Task.CompletedTask;
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

    /// <summary>
    /// The analyzer's time-zone verdict equals the lookup the scheduler makes on this machine
    /// (IANA ids need the machine's tz database, so the table is judged against the machine, not hard-coded).
    /// </summary>
    [Fact]
    public async Task BNT101_AgreesWithTimeZoneLookup()
    {
        string[] zones = ["UTC", "Etc/UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "W. Europe Standard Time",
            "Europe/Berln", "Mars/Olympus_Mons", "", " ", "GMT+25", "utc "];
        var methods = zones.Select((zone, i) =>
            $"    [global::Bananas.Tasks.BananaTask(Cron = \"0 9 * * *\", TimeZone = {SymbolDisplay.FormatLiteral(zone, true)})] public static global::System.Threading.Tasks.Task T{i}() => global::System.Threading.Tasks.Task.CompletedTask;");
        var source = "public static class Zones\n{\n" + string.Join("\n", methods) + "\n}\n";
        var compilation = CSharpCompilation.Create("Zones", [CSharpSyntaxTree.ParseText(source)],
            [.. TestReferences.Net10, TestReferences.Bananas], new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new CronScheduleAnalyzer())).GetAnalyzerDiagnosticsAsync();
        var flagged = diagnostics.Where(d => d.Id == "BNT101").Select(d => d.Location.GetLineSpan().StartLinePosition.Line - 2).ToHashSet();
        for (int i = 0; i < zones.Length; i++)
        {
            bool known = zones[i].Trim().Length > 0 && TimeZoneInfo.TryFindSystemTimeZoneById(zones[i], out _);
            Assert.True(known == !flagged.Contains(i), $"time zone '{zones[i]}': lookup finds it = {known}, analyzer flags it = {flagged.Contains(i)}");
        }
        Assert.Contains(7, flagged); // Mars/Olympus_Mons is never a time zone
        Assert.DoesNotContain(0, flagged); // UTC always is
    }
}
