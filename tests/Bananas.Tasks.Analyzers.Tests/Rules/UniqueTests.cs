using Bananas.Tasks.CodeFixes;
using V = Bananas.Tasks.Analyzers.Tests.Infrastructure.Verify<Bananas.Tasks.Analyzers.TaskAttributeValueAnalyzer>;

namespace Bananas.Tasks.Analyzers.Tests.Rules;

/// <summary>Unique jobs: BNT017 (UniqueBy names no parameter), BNT018 (no stable text form), BNT019 (scope or period), BNT009 (no effect without Unique).</summary>
public class UniqueTests
{
    [Fact]
    public Task ValidUniqueSettings_AreClean() => V.AnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public enum Region { North, South }

        public static class Jobs
        {
            [BananaTask(Unique = UniqueScope.WhileQueued, UniqueBy = new[] { nameof(orderId), "region" })]
            public static Task ProcessOrder(string orderId, Region region, int attempt, CancellationToken ct) => Task.CompletedTask;

            [BananaTask(Unique = UniqueScope.ForPeriod, UniqueForSeconds = 600, UniqueBy = [nameof(customer), nameof(day), nameof(at)])]
            public static Task Remind(Guid customer, DateOnly day, TimeOnly? at, string? note = null) => Task.CompletedTask;

            [BananaTask(Unique = UniqueScope.WhileQueuedOrRunning, UniqueForSeconds = 3600, UniqueBy = new string[] { nameof(a), nameof(b), nameof(c), nameof(d), nameof(e), nameof(f), nameof(g), nameof(h), nameof(i), nameof(j), nameof(k), nameof(l), nameof(m), nameof(n), nameof(o), nameof(p) })]
            public static Task Everything(bool a, char b, sbyte c, byte d, short e, ushort f, int g, uint h, long i, ulong j, float k, double l, decimal m,
                DateTime n, DateTimeOffset o, TimeSpan? p) => Task.CompletedTask;

            [BananaTask(Unique = UniqueScope.WhileQueued)]
            public static Task AllArguments(System.Collections.Generic.List<int> ids) => Task.CompletedTask;

            [BananaTask(UniqueBy = null, UniqueForSeconds = 0)]
            public static Task Defaults(int id) => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task BNT017_UnknownName_IsFlagged_AtTheEntry_WithDidYouMean() => V.AnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(Unique = UniqueScope.WhileQueued, UniqueBy = new[] { nameof(region), {|#0:"orderID"|}, {|#1:"customer"|} })]
            public static Task ProcessOrder(string orderId, string region) => Task.CompletedTask;

            [BananaTask(Unique = UniqueScope.WhileQueued, UniqueBy = [{|#2:nameof(ct)|}, {|#3:"context"|}])]
            public static Task Import(string file, TaskContext context, CancellationToken ct) => Task.CompletedTask;

            [BananaTask(Unique = UniqueScope.WhileQueued, UniqueBy = new string[] { {|#4:null|} })]
            public static Task Nothing() => Task.CompletedTask;
        }
        """,
        V.Diagnostic("BNT017").WithLocation(0).WithArguments("orderID", "is not a parameter of task method 'ProcessOrder' (parameters: orderId, region)", "; did you mean 'orderId'?", "UniqueBy entry"),
        V.Diagnostic("BNT017").WithLocation(1).WithArguments("customer", "is not a parameter of task method 'ProcessOrder' (parameters: orderId, region)", "", "UniqueBy entry"),
        V.Diagnostic("BNT017").WithLocation(2).WithArguments("ct", "is the CancellationToken the worker supplies: it is not in the job's arguments, so it cannot make the key", "", "UniqueBy entry"),
        V.Diagnostic("BNT017").WithLocation(3).WithArguments("context", "is the TaskContext the worker supplies: it is not in the job's arguments, so it cannot make the key", "", "UniqueBy entry"),
        V.Diagnostic("BNT017").WithLocation(4).WithArguments("null", "is not a parameter of task method 'Nothing', which has no parameters to key by", "", "UniqueBy entry"));

    [Fact]
    public Task BNT017_CodeFix_UsesTheClosestParameter_InTheEntrysForm() => V.CodeFixAsync<UniqueByCodeFixProvider>("""
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(Unique = UniqueScope.WhileQueued, UniqueBy = new[] { {|#0:"orderID"|}, {|#1:"regoin"|} })]
            public static System.Threading.Tasks.Task ProcessOrder(string orderId, string region) => System.Threading.Tasks.Task.CompletedTask;
        }
        """, """
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(Unique = UniqueScope.WhileQueued, UniqueBy = new[] { "orderId", "region" })]
            public static System.Threading.Tasks.Task ProcessOrder(string orderId, string region) => System.Threading.Tasks.Task.CompletedTask;
        }
        """, V.Diagnostic("BNT017").WithLocation(0), V.Diagnostic("BNT017").WithLocation(1));

    [Fact]
    public Task BNT018_TypesWithoutStableText_AreFlagged_WithTheReason() => V.AnalyzerAsync("""
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public sealed record Order(string Id, decimal Total);
        public sealed class Customer { public string Name { get; set; } = ""; }
        public struct Point { public int X; }

        public static class Jobs
        {
            [BananaTask(Unique = UniqueScope.WhileQueued, UniqueBy = new[] { {|#0:nameof(order)|}, {|#1:nameof(customer)|}, {|#2:nameof(ids)|}, {|#3:nameof(tags)|}, {|#4:nameof(point)|}, nameof(id) })]
            public static Task Ship(Order order, Customer customer, List<int> ids, string[] tags, Point? point, int id) => Task.CompletedTask;
        }
        """,
        V.Diagnostic("BNT018").WithLocation(0).WithArguments("order", "Order", "a record's ToString() lists its members in a form that is not a stable key (it changes with the record, its culture and its nested types)", "UniqueBy", "a unique key"),
        V.Diagnostic("BNT018").WithLocation(1).WithArguments("customer", "Customer", "a class's ToString() is its type name unless it overrides it, and an override is not known to be stable", "UniqueBy", "a unique key"),
        V.Diagnostic("BNT018").WithLocation(2).WithArguments("ids", "List<int>", "a collection or interface has no stable text: its ToString() is its type name, not its contents", "UniqueBy", "a unique key"),
        V.Diagnostic("BNT018").WithLocation(3).WithArguments("tags", "string[]", "an array's text is its type name, not its items", "UniqueBy", "a unique key"),
        V.Diagnostic("BNT018").WithLocation(4).WithArguments("point", "Point?", "a struct's ToString() is its type name unless it overrides it, and an override is not known to be stable", "UniqueBy", "a unique key"));

    [Fact]
    public Task BNT019_PeriodAndScope_AreChecked() => V.AnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(Unique = {|#0:UniqueScope.ForPeriod|})]
            public static Task NoPeriod(Guid customer) => Task.CompletedTask;

            [BananaTask(Unique = UniqueScope.ForPeriod, UniqueForSeconds = {|#1:0|})]
            public static Task ZeroPeriod(Guid customer) => Task.CompletedTask;

            [BananaTask(Unique = UniqueScope.WhileQueued, UniqueForSeconds = {|#2:-60|})]
            public static Task Negative(string account) => Task.CompletedTask;

            [BananaTask(Unique = UniqueScope.WhileQueuedOrRunning, UniqueForSeconds = {|#3:40000000|})]
            public static Task TooLong(string account) => Task.CompletedTask;

            [BananaTask(Unique = {|#4:(UniqueScope)9|})]
            public static Task UnknownScope(string account) => Task.CompletedTask;
        }
        """,
        V.Diagnostic("BNT019").WithLocation(0).WithArguments("Unique is ForPeriod but UniqueForSeconds is not set; give the period in seconds, e.g. UniqueForSeconds = 600"),
        V.Diagnostic("BNT019").WithLocation(1).WithArguments("Unique is ForPeriod but UniqueForSeconds is 0; give the period in seconds, e.g. UniqueForSeconds = 600"),
        V.Diagnostic("BNT019").WithLocation(2).WithArguments("UniqueForSeconds is -60; expected a positive number of seconds, or 0 for no bound"),
        V.Diagnostic("BNT019").WithLocation(3).WithArguments("UniqueForSeconds is 40000000; expected at most 31622400 (366 days)"),
        V.Diagnostic("BNT019").WithLocation(4).WithArguments("Unique is 9; expected UniqueScope.None, WhileQueued, WhileQueuedOrRunning or ForPeriod"));

    [Fact]
    public Task BNT009_UniqueSettingsWithoutUnique_Warn_AndAreNotChecked() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(UniqueBy = {|#0:new[] { nameof(id), "typo" }|}, UniqueForSeconds = {|#1:-5|})]
            public static Task A(int id) => Task.CompletedTask;

            [BananaTask(Unique = UniqueScope.None, UniqueForSeconds = {|#2:600|})]
            public static Task B(int id) => Task.CompletedTask;
        }
        """,
        V.Diagnostic("BNT009").WithLocation(0).WithArguments("UniqueBy"),
        V.Diagnostic("BNT009").WithLocation(1).WithArguments("UniqueForSeconds"),
        V.Diagnostic("BNT009").WithLocation(2).WithArguments("UniqueForSeconds"));
}
