using Bananas.Tasks.CodeFixes;
using V = Bananas.Tasks.Analyzers.Tests.Infrastructure.Verify<Bananas.Tasks.Analyzers.TaskAttributeValueAnalyzer>;

namespace Bananas.Tasks.Analyzers.Tests.Rules;

/// <summary>Rate limits: BNT023 (limit or period), BNT017/BNT018 for PartitionBy (as for UniqueBy), BNT024 (no effect without RateLimit).</summary>
public class RateTests
{
    [Fact]
    public Task ValidRateSettings_AreClean() => V.AnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public enum Region { North, South }

        public static class Jobs
        {
            [BananaTask(RateLimit = 10)]
            public static Task PerSecond(string host) => Task.CompletedTask;

            [BananaTask(RateLimit = 100, RatePeriodSeconds = 60, PartitionBy = nameof(tenantId))]
            public static Task PerTenant(string tenantId, int attempt, CancellationToken ct) => Task.CompletedTask;

            [BananaTask(RateLimit = 1000, RatePeriodSeconds = 1, PartitionBy = "region")]
            public static Task Fastest(Region region, TaskContext context) => Task.CompletedTask;

            [BananaTask(RateLimit = 86400000, RatePeriodSeconds = 86400, PartitionBy = nameof(customer))]
            public static Task Daily(Guid? customer) => Task.CompletedTask;

            [BananaTask(Unique = UniqueScope.WhileQueued, UniqueBy = new[] { nameof(tenantId) }, RateLimit = 5, PartitionBy = nameof(tenantId))]
            public static Task UniqueAndRated(string tenantId) => Task.CompletedTask;

            [BananaTask(RateLimit = 0, RatePeriodSeconds = 1, PartitionBy = null)]
            public static Task Defaults(int id) => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task BNT023_LimitAndPeriod_AreChecked() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(RateLimit = {|#0:-5|})]
            public static Task Negative(string host) => Task.CompletedTask;

            [BananaTask(RateLimit = 10, RatePeriodSeconds = {|#1:0|})]
            public static Task ZeroPeriod(string host) => Task.CompletedTask;

            [BananaTask(RateLimit = 10, RatePeriodSeconds = {|#2:86401|})]
            public static Task LongPeriod(string host) => Task.CompletedTask;

            [BananaTask(RateLimit = {|#3:5000|})]
            public static Task TooFast(string host) => Task.CompletedTask;

            [BananaTask(RateLimit = {|#4:120001|}, RatePeriodSeconds = 120)]
            public static Task JustTooFast(string host) => Task.CompletedTask;
        }
        """,
        V.Diagnostic("BNT023").WithLocation(0).WithArguments("RateLimit is -5; expected the number of starts per period (1 or more), or 0 for no limit"),
        V.Diagnostic("BNT023").WithLocation(1).WithArguments("RatePeriodSeconds is 0; expected from 1 to 86400 (a day)"),
        V.Diagnostic("BNT023").WithLocation(2).WithArguments("RatePeriodSeconds is 86401; expected from 1 to 86400 (a day)"),
        V.Diagnostic("BNT023").WithLocation(3).WithArguments("RateLimit of 5000 per 1 s spaces starts less than 1 ms apart; expected at most 1000 per 1 s (or a longer RatePeriodSeconds)"),
        V.Diagnostic("BNT023").WithLocation(4).WithArguments("RateLimit of 120001 per 120 s spaces starts less than 1 ms apart; expected at most 120000 per 120 s (or a longer RatePeriodSeconds)"));

    [Fact]
    public Task BNT017_PartitionBy_NamesNoParameter_WithDidYouMean() => V.AnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(RateLimit = 10, PartitionBy = {|#0:"tenantID"|})]
            public static Task Sync(string tenantId, string region) => Task.CompletedTask;

            [BananaTask(RateLimit = 10, PartitionBy = {|#1:nameof(ct)|})]
            public static Task Import(string file, CancellationToken ct) => Task.CompletedTask;

            [BananaTask(RateLimit = 10, PartitionBy = {|#2:"context"|})]
            public static Task Export(string file, TaskContext context) => Task.CompletedTask;

            [BananaTask(RateLimit = 10, PartitionBy = {|#3:"tenant"|})]
            public static Task Nothing() => Task.CompletedTask;
        }
        """,
        V.Diagnostic("BNT017").WithLocation(0).WithArguments("tenantID", "is not a parameter of task method 'Sync' (parameters: tenantId, region)", "; did you mean 'tenantId'?", "PartitionBy"),
        V.Diagnostic("BNT017").WithLocation(1).WithArguments("ct", "is the CancellationToken the worker supplies: it is not in the job's arguments, so it cannot partition the rate limit", "", "PartitionBy"),
        V.Diagnostic("BNT017").WithLocation(2).WithArguments("context", "is the TaskContext the worker supplies: it is not in the job's arguments, so it cannot partition the rate limit", "", "PartitionBy"),
        V.Diagnostic("BNT017").WithLocation(3).WithArguments("tenant", "is not a parameter of task method 'Nothing', which has no parameters to partition by", "", "PartitionBy"));

    [Fact]
    public Task BNT017_CodeFix_AppliesTo_PartitionBy() => V.CodeFixAsync<UniqueByCodeFixProvider>("""
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(RateLimit = 10, PartitionBy = {|#0:"tenantID"|})]
            public static System.Threading.Tasks.Task Sync(string tenantId) => System.Threading.Tasks.Task.CompletedTask;
        }
        """, """
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(RateLimit = 10, PartitionBy = "tenantId")]
            public static System.Threading.Tasks.Task Sync(string tenantId) => System.Threading.Tasks.Task.CompletedTask;
        }
        """, V.Diagnostic("BNT017").WithLocation(0));

    [Fact]
    public Task BNT018_PartitionBy_WithoutStableText() => V.AnalyzerAsync("""
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public sealed class Tenant { public string Id { get; set; } = ""; }

        public static class Jobs
        {
            [BananaTask(RateLimit = 10, PartitionBy = {|#0:nameof(tenant)|})]
            public static Task Sync(Tenant tenant) => Task.CompletedTask;

            [BananaTask(RateLimit = 10, PartitionBy = {|#1:nameof(ids)|})]
            public static Task Merge(List<int> ids) => Task.CompletedTask;
        }
        """,
        V.Diagnostic("BNT018").WithLocation(0).WithArguments("tenant", "Tenant", "a class's ToString() is its type name unless it overrides it, and an override is not known to be stable", "PartitionBy", "a rate partition"),
        V.Diagnostic("BNT018").WithLocation(1).WithArguments("ids", "List<int>", "a collection or interface has no stable text: its ToString() is its type name, not its contents", "PartitionBy", "a rate partition"));

    [Fact]
    public Task BNT024_RateSettingsWithoutRateLimit_Warn_AndAreNotChecked() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(PartitionBy = {|#0:"typo"|}, RatePeriodSeconds = {|#1:-5|})]
            public static Task A(int id) => Task.CompletedTask;

            [BananaTask(RateLimit = 0, RatePeriodSeconds = {|#2:60|})]
            public static Task B(int id) => Task.CompletedTask;
        }
        """,
        V.Diagnostic("BNT024").WithLocation(0).WithMessage("PartitionBy has no effect: RateLimit and ConcurrencyLimit are 0, so the task has no limit to partition; set RateLimit to the starts per period (RateLimit = 10) or ConcurrencyLimit to the jobs that may run at once (ConcurrencyLimit = 3), or remove PartitionBy"),
        V.Diagnostic("BNT024").WithLocation(1).WithMessage("RatePeriodSeconds has no effect: RateLimit is 0, so the task's jobs are not rate-limited; set RateLimit to the starts per period (RateLimit = 10), or remove RatePeriodSeconds"),
        V.Diagnostic("BNT024").WithLocation(2).WithArguments("RatePeriodSeconds", "RateLimit is 0, so the task's jobs are not rate-limited", "set RateLimit to the starts per period (RateLimit = 10)"));

    [Fact]
    public Task BNT024_PartitionBy_WithOnlyAConcurrencyLimit_IsQuiet_ButRatePeriodStillWarns() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(ConcurrencyLimit = 3, PartitionBy = nameof(tenantId))]
            public static Task PerTenant(string tenantId) => Task.CompletedTask;

            [BananaTask(ConcurrencyLimit = 3, RatePeriodSeconds = {|#0:60|})]
            public static Task PeriodWithoutRate(string tenantId) => Task.CompletedTask;
        }
        """,
        V.Diagnostic("BNT024").WithLocation(0).WithArguments("RatePeriodSeconds", "RateLimit is 0, so the task's jobs are not rate-limited", "set RateLimit to the starts per period (RateLimit = 10)"));

    [Fact]
    public Task BNT024_RateScopeWithoutRateLimit_Warns_AndWithOneIsQuiet() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(Route = "gpu", RateLimit = 4, RateScope = LimitScope.Route)]
            public static Task Shared(int id) => Task.CompletedTask;

            [BananaTask(Route = "gpu", RateScope = {|#0:LimitScope.Route|})]
            public static Task Lost(int id) => Task.CompletedTask;

            [BananaTask(RateScope = LimitScope.Task)]
            public static Task DefaultWritten(int id) => Task.CompletedTask;
        }
        """,
        V.Diagnostic("BNT024").WithLocation(0).WithMessage("RateScope has no effect: RateLimit is 0, so there is no rate limit to share; set RateLimit to the starts per period (RateLimit = 10), or remove RateScope"));
}
