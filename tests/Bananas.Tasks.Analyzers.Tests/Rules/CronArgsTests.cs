using V = Bananas.Tasks.Analyzers.Tests.Infrastructure.Verify<Bananas.Tasks.Analyzers.CronScheduleAnalyzer>;

namespace Bananas.Tasks.Analyzers.Tests.Rules;

/// <summary>BNT102: the arguments of a periodic task's jobs (CronArgs, or the parameters' defaults).</summary>
public class CronArgsTests
{
    [Fact]
    public Task BNT102_CronTaskWithoutDefaultsOrCronArgs_IsFlagged() => V.AnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(Cron = "0 2 * * *")] public static Task {|#0:Cleanup|}(int days, CancellationToken ct) => Task.CompletedTask;
            [BananaTask(Cron = "0 2 * * *")] public static Task {|#1:Purge|}(int days, string scope, bool dry = false) => Task.CompletedTask;
        }
        """,
        V.Diagnostic("BNT102").WithLocation(0).WithArguments("cleanup",
            "parameter 'days' has no default value and CronArgs is not set, so its jobs have no arguments to run with; set CronArgs to a JSON object of the arguments (CronArgs = \"\"\"{\"days\":…}\"\"\") or give every parameter a default"),
        V.Diagnostic("BNT102").WithLocation(1).WithArguments("purge",
            "parameters 'days', 'scope' have no default value and CronArgs is not set, so its jobs have no arguments to run with; set CronArgs to a JSON object of the arguments (CronArgs = \"\"\"{\"days\":…,\"scope\":…}\"\"\") or give every parameter a default"));

    [Fact]
    public Task BNT102_BadCronArgs_AreFlaggedOnTheText() => V.AnalyzerAsync(""""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(Cron = "0 2 * * *", CronArgs = {|#0:"days=30"|})] public static Task A(int days) => Task.CompletedTask;
            [BananaTask(Cron = "0 2 * * *", CronArgs = {|#1:"[30]"|})] public static Task B(int days) => Task.CompletedTask;
            [BananaTask(Cron = "0 2 * * *", CronArgs = {|#2:"""{"days":30"""|})] public static Task C(int days) => Task.CompletedTask;
            [BananaTask(Cron = "0 2 * * *", CronArgs = {|#3:"""{"days":30} x"""|})] public static Task D(int days) => Task.CompletedTask;
            [BananaTask(Cron = "0 2 * * *", CronArgs = {|#4:"""{"dayz":30}"""|})] public static Task E(int days) => Task.CompletedTask;
            [BananaTask(Cron = "0 2 * * *", CronArgs = {|#5:"""{"Days":30}"""|})] public static Task F(int days = 1) => Task.CompletedTask;
            [BananaTask(Cron = "0 2 * * *", CronArgs = {|#6:"""{"days":1,"days":2}"""|})] public static Task G(int days) => Task.CompletedTask;
            [BananaTask(Cron = "0 2 * * *", CronArgs = {|#7:"""{"scope":"x"}"""|})] public static Task H(int days, string scope) => Task.CompletedTask;
            [BananaTask(Cron = "0 2 * * *", CronArgs = {|#8:"""{"ct":1}"""|})] public static Task I(System.Threading.CancellationToken ct) => Task.CompletedTask;
            [BananaTask(Cron = "0 2 * * *", CronArgs = {|#9:"""{"days":01}"""|})] public static Task J(int days) => Task.CompletedTask;
        }
        """",
        V.Diagnostic("BNT102").WithLocation(0).WithArguments("a", "CronArgs is not valid: it is not a JSON object (it starts with 'd'); expected a JSON object such as {\"days\":30}"),
        V.Diagnostic("BNT102").WithLocation(1).WithArguments("b", "CronArgs is not valid: it is not a JSON object (it starts with '['); expected a JSON object such as {\"days\":30}"),
        V.Diagnostic("BNT102").WithLocation(2).WithArguments("c", "CronArgs is not valid: expected ',' or '}' at position 10, found the end of the text"),
        V.Diagnostic("BNT102").WithLocation(3).WithArguments("d", "CronArgs is not valid: it has text after the JSON object, at position 12"),
        V.Diagnostic("BNT102").WithLocation(4).WithArguments("e", "CronArgs has the property 'dayz', which is not a parameter of the task; expected 'days' (names match exactly, case included)"),
        V.Diagnostic("BNT102").WithLocation(5).WithArguments("f", "CronArgs has the property 'Days', which is not a parameter of the task; expected 'days' (names match exactly, case included)"),
        V.Diagnostic("BNT102").WithLocation(6).WithArguments("g", "CronArgs has the property 'days' twice; give each argument once"),
        V.Diagnostic("BNT102").WithLocation(7).WithArguments("h", "CronArgs lacks the argument 'days', which has no default value"),
        V.Diagnostic("BNT102").WithLocation(8).WithArguments("i", "CronArgs has the property 'ct', which is not a parameter of the task; the task takes no arguments, so CronArgs must be {}"),
        V.Diagnostic("BNT102").WithLocation(9).WithArguments("j", "CronArgs is not valid: expected ',' or '}' at position 9, found '1'"));

    [Fact]
    public Task BNT102_ValuesOfTheWrongKind_AreFlagged() => V.AnalyzerAsync(""""
        #nullable enable
        using System;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public enum Mode { Fast, Slow }

        public static class Jobs
        {
            [BananaTask(Cron = "0 2 * * *", CronArgs = {|#0:"""{"days":"30"}"""|})] public static Task A(int days) => Task.CompletedTask;
            [BananaTask(Cron = "0 2 * * *", CronArgs = {|#1:"""{"days":1.5}"""|})] public static Task B(int days) => Task.CompletedTask;
            [BananaTask(Cron = "0 2 * * *", CronArgs = {|#2:"""{"level":300}"""|})] public static Task C(byte level) => Task.CompletedTask;
            [BananaTask(Cron = "0 2 * * *", CronArgs = {|#3:"""{"name":5}"""|})] public static Task D(string name) => Task.CompletedTask;
            [BananaTask(Cron = "0 2 * * *", CronArgs = {|#4:"""{"name":null}"""|})] public static Task E(string name) => Task.CompletedTask;
            [BananaTask(Cron = "0 2 * * *", CronArgs = {|#5:"""{"days":null}"""|})] public static Task F(int days) => Task.CompletedTask;
            [BananaTask(Cron = "0 2 * * *", CronArgs = {|#6:"""{"sep":"ab"}"""|})] public static Task G(char sep) => Task.CompletedTask;
            [BananaTask(Cron = "0 2 * * *", CronArgs = {|#7:"""{"on":1}"""|})] public static Task H(bool on) => Task.CompletedTask;
            [BananaTask(Cron = "0 2 * * *", CronArgs = {|#8:"""{"id":5}"""|})] public static Task I(Guid id) => Task.CompletedTask;
            [BananaTask(Cron = "0 2 * * *", CronArgs = {|#9:"""{"mode":true}"""|})] public static Task J(Mode mode) => Task.CompletedTask;
            [BananaTask(Cron = "0 2 * * *", CronArgs = {|#10:"""{"big":-1}"""|})] public static Task K(ulong big) => Task.CompletedTask;
        }
        """",
        V.Diagnostic("BNT102").WithLocation(0).WithArguments("a", "CronArgs gives 'days' the string \"30\", but the parameter is int; expected an integer"),
        V.Diagnostic("BNT102").WithLocation(1).WithArguments("b", "CronArgs gives 'days' the number 1.5, but the parameter is int; expected an integer"),
        V.Diagnostic("BNT102").WithLocation(2).WithArguments("c", "CronArgs gives 'level' the number 300, which is out of range for byte (0 to 255)"),
        V.Diagnostic("BNT102").WithLocation(3).WithArguments("d", "CronArgs gives 'name' the number 5, but the parameter is string; expected a string"),
        V.Diagnostic("BNT102").WithLocation(4).WithArguments("e", "CronArgs gives 'name' null, but the parameter is string; expected a non-null value"),
        V.Diagnostic("BNT102").WithLocation(5).WithArguments("f", "CronArgs gives 'days' null, but the parameter is int; expected a non-null value"),
        V.Diagnostic("BNT102").WithLocation(6).WithArguments("g", "CronArgs gives 'sep' the string \"ab\", but the parameter is char; expected a one-character string"),
        V.Diagnostic("BNT102").WithLocation(7).WithArguments("h", "CronArgs gives 'on' the number 1, but the parameter is bool; expected true or false"),
        V.Diagnostic("BNT102").WithLocation(8).WithArguments("i", "CronArgs gives 'id' the number 5, but the parameter is Guid; expected a string"),
        V.Diagnostic("BNT102").WithLocation(9).WithArguments("j", "CronArgs gives 'mode' true, but the parameter is Mode; expected a number or a member name"),
        V.Diagnostic("BNT102").WithLocation(10).WithArguments("k", "CronArgs gives 'big' the number -1, which is out of range for ulong (0 to 18446744073709551615)"));

    [Fact]
    public Task BNT102_ValuesOfTheRightKind_AreClean() => V.AnalyzerAsync(""""
        #nullable enable
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public enum Mode { Fast, Slow }
        public sealed record Window(int From, int To);

        public static class Jobs
        {
            [BananaTask(Cron = "0 2 * * *", CronArgs = """
                {"i":-5,"l":9223372036854775807,"u":18446744073709551615,"b":255,"f":1.5e3,"d":2,"m":0.1,"s":"x","ns":null,
                 "c":"é","on":false,"ni":null,"id":"6f1c2a52-0d8e-4f57-9a3c-3d7c0f5e8b11","at":"2026-11-26T02:00:00Z",
                 "span":"01:00:00","mode":"Slow","mode2":1,"w":{"From":1,"To":2},"list":[1,2]}
                """)]
            public static Task All(int i, long l, ulong u, byte b, float f, double d, decimal m, string s, string? ns, char c, bool on,
                int? ni, Guid id, DateTimeOffset at, TimeSpan span, Mode mode, Mode mode2, Window w, List<int> list) => Task.CompletedTask;
        }
        """");

    [Fact]
    public Task BNT102_CronArgsWithoutCron_IsFlagged() => V.AnalyzerAsync(""""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(CronArgs = {|#0:"""{"days":30}"""|})] public static Task Cleanup(int days) => Task.CompletedTask;
        }
        """",
        V.Diagnostic("BNT102").WithLocation(0).WithArguments("cleanup", "CronArgs is set without Cron; it gives the arguments of a periodic task's jobs, so set Cron too or remove CronArgs"));

    [Fact]
    public Task BNT102_ValidDeclarations_AreClean() => V.AnalyzerAsync(""""
        using System.Threading;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(Cron = "0 2 * * *")] public static Task NoParameters() => Task.CompletedTask;
            [BananaTask(Cron = "0 2 * * *")] public static Task AllDefaults(int days = 30, string scope = "temp", CancellationToken ct = default) => Task.CompletedTask;
            [BananaTask(Cron = "0 2 * * *", CronArgs = """{"days":30}""")] public static Task Required(int days, CancellationToken ct) => Task.CompletedTask;
            [BananaTask(Cron = "0 2 * * *", CronArgs = """ { "days" : -1.5e3, "tags" : ["a", {"b": null}], "on": true, "s": "q\"\u00e9\n" } """)]
            public static Task Mixed(double days, string[] tags, bool on, string s, int extra = 0) => Task.CompletedTask;
            [BananaTask(Cron = "0 2 * * *", CronArgs = "{}")] public static Task EmptyObject(int days = 1) => Task.CompletedTask;
            [BananaTask] public static Task NotPeriodic(int days) => Task.CompletedTask;
        }
        """");
}
