using Bananas.Tasks.CodeFixes;
using V = Bananas.Tasks.Analyzers.Tests.Infrastructure.Verify<Bananas.Tasks.Analyzers.TaskAttributeValueAnalyzer>;

namespace Bananas.Tasks.Analyzers.Tests.Rules;

/// <summary>
/// Concurrency limits, sequences and debounce on [BananaTask]: BNT025 (values the client refuses), BNT026 (settings that
/// conflict), BNT017/BNT018 for SequenceBy, the DebounceBy entries and PartitionBy with a concurrency limit, BNT027
/// (settings without effect).
/// </summary>
public class FlowControlTests
{
    [Fact]
    public Task ValidFlowSettings_AreClean() => V.AnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public enum Region { North, South }

        public static class Jobs
        {
            [BananaTask(ConcurrencyLimit = 1)]
            public static Task One(string host) => Task.CompletedTask;

            [BananaTask(ConcurrencyLimit = 10000, PartitionBy = nameof(tenantId), ConcurrencyScope = LimitScope.Route)]
            public static Task Most(string tenantId, CancellationToken ct) => Task.CompletedTask;

            [BananaTask(RateLimit = 10, ConcurrencyLimit = 3, PartitionBy = nameof(tenantId))]
            public static Task RatedAndLimited(string tenantId) => Task.CompletedTask;

            [BananaTask(SequenceBy = nameof(accountId), SequenceHold = SequenceHold.UntilCompleted)]
            public static Task Ledger(Guid accountId, decimal amount, TaskContext context) => Task.CompletedTask;

            [BananaTask(SequenceBy = "region", ConcurrencyLimit = 4)]
            public static Task FourRegionsAtOnce(Region region) => Task.CompletedTask;

            [BananaTask(SequenceBy = nameof(accountId), ConcurrencyLimit = 1, PartitionBy = nameof(accountId))]
            public static Task OnePerAccount(string accountId) => Task.CompletedTask;

            [BananaTask(SequenceBy = nameof(accountId), ConcurrencyLimit = 3, PartitionBy = nameof(tenantId))]
            public static Task ThreePerTenant(string tenantId, string accountId) => Task.CompletedTask;

            [BananaTask(SequenceBy = nameof(accountId), ConcurrencyLimit = 3, PartitionBy = nameof(accountId), ConcurrencyScope = LimitScope.Route)]
            public static Task SharedWithTheRoute(string accountId) => Task.CompletedTask;

            [BananaTask(DebounceSeconds = 1, DebounceBy = new[] { nameof(documentId), "version" })]
            public static Task Shortest(string documentId, int? version) => Task.CompletedTask;

            [BananaTask(DebounceSeconds = 31622400)]
            public static Task Longest(string documentId) => Task.CompletedTask;

            [BananaTask(Replace = true, DebounceBy = new string[0])]
            public static Task ReplaceOneKey(string text) => Task.CompletedTask;

            [BananaTask(Replace = true, DebounceBy = new[] { nameof(draftId) })]
            public static Task ReplaceByDraft(long draftId, string text) => Task.CompletedTask;

            [BananaTask(Unique = UniqueScope.WhileQueued, SequenceBy = nameof(orderId))]
            public static Task UniqueInSequence(string orderId) => Task.CompletedTask;

            [BananaTask(Unique = UniqueScope.None, DebounceSeconds = 30)]
            public static Task NotUniqueDebounced(string documentId) => Task.CompletedTask;

            [BananaTask(ConcurrencyLimit = 0, ConcurrencyScope = LimitScope.Task, SequenceBy = null, SequenceHold = SequenceHold.UntilCompletedOrDead,
                DebounceSeconds = 0, Replace = false, DebounceBy = null)]
            public static Task Defaults(int id) => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task BNT025_LimitsWindowsScopesAndHolds_AreChecked() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(ConcurrencyLimit = {|#0:-1|})]
            public static Task Negative(string host) => Task.CompletedTask;

            [BananaTask(ConcurrencyLimit = {|#1:10001|})]
            public static Task TooMany(string host) => Task.CompletedTask;

            [BananaTask(DebounceSeconds = {|#2:-5|}, DebounceBy = new[] { "typo" })]
            public static Task NegativeWindow(string documentId) => Task.CompletedTask;

            [BananaTask(DebounceSeconds = {|#3:31622401|})]
            public static Task TooLong(string documentId) => Task.CompletedTask;

            [BananaTask(ConcurrencyLimit = 2, ConcurrencyScope = {|#4:(LimitScope)5|})]
            public static Task NoSuchScope(string host) => Task.CompletedTask;

            [BananaTask(SequenceBy = nameof(accountId), SequenceHold = {|#5:(SequenceHold)2|})]
            public static Task NoSuchHold(string accountId) => Task.CompletedTask;
        }
        """,
        V.Diagnostic("BNT025").WithLocation(0).WithArguments("ConcurrencyLimit is -1; expected the jobs that may run at once, from 1 to 10000, or 0 for no limit"),
        V.Diagnostic("BNT025").WithLocation(1).WithArguments("ConcurrencyLimit is 10001; expected the jobs that may run at once, from 1 to 10000, or 0 for no limit"),
        V.Diagnostic("BNT025").WithLocation(2).WithArguments("DebounceSeconds is -5; expected the window in seconds, from 1 to 31622400 (366 days), or 0 for no debounce"),
        V.Diagnostic("BNT025").WithLocation(3).WithArguments("DebounceSeconds is 31622401; expected the window in seconds, from 1 to 31622400 (366 days), or 0 for no debounce"),
        V.Diagnostic("BNT025").WithLocation(4).WithArguments("ConcurrencyScope is 5; expected LimitScope.Task or LimitScope.Route"),
        V.Diagnostic("BNT025").WithLocation(5).WithArguments("SequenceHold is 2; expected SequenceHold.UntilCompletedOrDead or SequenceHold.UntilCompleted"));

    [Fact]
    public Task BNT026_ConflictingSettings_AreErrors() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(Unique = UniqueScope.WhileQueued, DebounceSeconds = {|#0:30|})]
            public static Task UniqueAndDebounced(string documentId) => Task.CompletedTask;

            [BananaTask(Unique = UniqueScope.ForPeriod, UniqueForSeconds = 60, Replace = {|#1:true|})]
            public static Task UniqueAndReplaced(string feedId) => Task.CompletedTask;

            [BananaTask(DebounceSeconds = 30, Replace = {|#2:true|})]
            public static Task DebouncedAndReplaced(string draftId) => Task.CompletedTask;

            [BananaTask(Unique = UniqueScope.WhileQueued, DebounceSeconds = {|#3:10|}, Replace = {|#4:true|})]
            public static Task AllThree(string draftId) => Task.CompletedTask;

            [BananaTask(SequenceBy = nameof(accountId), ConcurrencyLimit = {|#5:3|}, PartitionBy = nameof(accountId))]
            public static Task ThreePerAccountInSequence(string accountId, decimal amount) => Task.CompletedTask;
        }
        """,
        V.Diagnostic("BNT026").WithLocation(0).WithArguments("Unique and DebounceSeconds both decide what a second enqueue with the same key does (Unique returns the existing job, DebounceSeconds replaces its arguments and pushes it back): choose one"),
        V.Diagnostic("BNT026").WithLocation(1).WithArguments("Unique and Replace both decide what a second enqueue with the same key does (Unique returns the existing job, Replace replaces its arguments): choose one"),
        V.Diagnostic("BNT026").WithLocation(2).WithArguments("DebounceSeconds and Replace are both set; DebounceSeconds pushes the waiting job's due time back, Replace keeps it: choose one"),
        V.Diagnostic("BNT026").WithLocation(3).WithArguments("Unique and DebounceSeconds both decide what a second enqueue with the same key does (Unique returns the existing job, DebounceSeconds replaces its arguments and pushes it back): choose one"),
        V.Diagnostic("BNT026").WithLocation(4).WithArguments("DebounceSeconds and Replace are both set; DebounceSeconds pushes the waiting job's due time back, Replace keeps it: choose one"),
        V.Diagnostic("BNT026").WithLocation(5).WithArguments("ConcurrencyLimit of 3 per PartitionBy 'accountId' is never reached: SequenceBy 'accountId' already runs one job per value at a time; remove ConcurrencyLimit, or partition it by another parameter"));

    [Fact]
    public Task BNT017_SequenceBy_DebounceBy_AndAConcurrencyPartition_NameNoParameter() => V.AnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(SequenceBy = {|#0:"accountID"|})]
            public static Task Post(string accountId, decimal amount) => Task.CompletedTask;

            [BananaTask(SequenceBy = {|#1:nameof(ct)|})]
            public static Task Import(string file, CancellationToken ct) => Task.CompletedTask;

            [BananaTask(SequenceBy = {|#2:"account"|})]
            public static Task Nothing() => Task.CompletedTask;

            [BananaTask(DebounceSeconds = 30, DebounceBy = new[] { nameof(documentId), {|#3:"verison"|} })]
            public static Task Reindex(string documentId, int version) => Task.CompletedTask;

            [BananaTask(Replace = true, DebounceBy = new[] { {|#4:"context"|} })]
            public static Task Save(string draftId, TaskContext context) => Task.CompletedTask;

            [BananaTask(Replace = true, DebounceBy = new[] { {|#5:"draft"|} })]
            public static Task SaveNothing() => Task.CompletedTask;

            [BananaTask(ConcurrencyLimit = 2, PartitionBy = {|#6:nameof(ct)|})]
            public static Task Limited(string tenantId, CancellationToken ct) => Task.CompletedTask;

            [BananaTask(RateLimit = 5, ConcurrencyLimit = 2, PartitionBy = {|#7:nameof(ct)|})]
            public static Task Both(string tenantId, CancellationToken ct) => Task.CompletedTask;
        }
        """,
        V.Diagnostic("BNT017").WithLocation(0).WithArguments("accountID", "is not a parameter of task method 'Post' (parameters: accountId, amount)", "; did you mean 'accountId'?", "SequenceBy"),
        V.Diagnostic("BNT017").WithLocation(1).WithArguments("ct", "is the CancellationToken the worker supplies: it is not in the job's arguments, so it cannot key the sequence", "", "SequenceBy"),
        V.Diagnostic("BNT017").WithLocation(2).WithArguments("account", "is not a parameter of task method 'Nothing', which has no parameters to sequence by", "", "SequenceBy"),
        V.Diagnostic("BNT017").WithLocation(3).WithArguments("verison", "is not a parameter of task method 'Reindex' (parameters: documentId, version)", "; did you mean 'version'?", "DebounceBy entry"),
        V.Diagnostic("BNT017").WithLocation(4).WithArguments("context", "is the TaskContext the worker supplies: it is not in the job's arguments, so it cannot make the debounce key", "", "DebounceBy entry"),
        V.Diagnostic("BNT017").WithLocation(5).WithArguments("draft", "is not a parameter of task method 'SaveNothing', which has no parameters to key by", "", "DebounceBy entry"),
        V.Diagnostic("BNT017").WithLocation(6).WithArguments("ct", "is the CancellationToken the worker supplies: it is not in the job's arguments, so it cannot partition the concurrency limit", "", "PartitionBy"),
        V.Diagnostic("BNT017").WithLocation(7).WithArguments("ct", "is the CancellationToken the worker supplies: it is not in the job's arguments, so it cannot partition the rate and concurrency limits", "", "PartitionBy"));

    [Fact]
    public Task BNT017_CodeFix_AppliesTo_SequenceBy_AndDebounceByEntries() => V.CodeFixAsync<UniqueByCodeFixProvider>("""
        using Bananas.Tasks;

        public static class Jobs
        {
            private const string Doc = "documentID";

            [BananaTask(SequenceBy = {|#0:"accountID"|})]
            public static System.Threading.Tasks.Task Post(string accountId) => System.Threading.Tasks.Task.CompletedTask;

            [BananaTask(DebounceSeconds = 30, DebounceBy = new[] { {|#1:Doc|}, {|#2:"verison"|} })]
            public static System.Threading.Tasks.Task Reindex(string documentId, int version) => System.Threading.Tasks.Task.CompletedTask;
        }
        """, """
        using Bananas.Tasks;

        public static class Jobs
        {
            private const string Doc = "documentID";

            [BananaTask(SequenceBy = "accountId")]
            public static System.Threading.Tasks.Task Post(string accountId) => System.Threading.Tasks.Task.CompletedTask;

            [BananaTask(DebounceSeconds = 30, DebounceBy = new[] { nameof(documentId), "version" })]
            public static System.Threading.Tasks.Task Reindex(string documentId, int version) => System.Threading.Tasks.Task.CompletedTask;
        }
        """, V.Diagnostic("BNT017").WithLocation(0), V.Diagnostic("BNT017").WithLocation(1), V.Diagnostic("BNT017").WithLocation(2));

    [Fact]
    public Task BNT018_SequenceBy_DebounceBy_AndAConcurrencyPartition_WithoutStableText() => V.AnalyzerAsync("""
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public sealed class Account { public string Id { get; set; } = ""; }

        public static class Jobs
        {
            [BananaTask(SequenceBy = {|#0:nameof(account)|})]
            public static Task Post(Account account, decimal amount) => Task.CompletedTask;

            [BananaTask(Replace = true, DebounceBy = new[] { {|#1:nameof(ids)|} })]
            public static Task Merge(int[] ids) => Task.CompletedTask;

            [BananaTask(ConcurrencyLimit = 2, PartitionBy = {|#2:nameof(tags)|})]
            public static Task Tag(List<string> tags) => Task.CompletedTask;
        }
        """,
        V.Diagnostic("BNT018").WithLocation(0).WithArguments("account", "Account", "a class's ToString() is its type name unless it overrides it, and an override is not known to be stable", "SequenceBy", "a sequence key"),
        V.Diagnostic("BNT018").WithLocation(1).WithArguments("ids", "int[]", "an array's text is its type name, not its items", "DebounceBy", "a debounce key"),
        V.Diagnostic("BNT018").WithLocation(2).WithArguments("tags", "List<string>", "a collection or interface has no stable text: its ToString() is its type name, not its contents", "PartitionBy", "a concurrency partition"));

    [Fact]
    public Task BNT027_SettingsWithoutWhatTheyShape_Warn_AndAreNotChecked() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask(ConcurrencyScope = {|#0:LimitScope.Route|})]
            public static Task ScopeWithoutLimit(string sceneId) => Task.CompletedTask;

            [BananaTask(ConcurrencyLimit = 0, ConcurrencyScope = {|#1:(LimitScope)7|})]
            public static Task UnknownScopeWithoutLimit(string sceneId) => Task.CompletedTask;

            [BananaTask(SequenceHold = {|#2:SequenceHold.UntilCompleted|})]
            public static Task HoldWithoutSequence(string accountId) => Task.CompletedTask;

            [BananaTask(SequenceBy = null, SequenceHold = {|#3:(SequenceHold)9|})]
            public static Task UnknownHoldWithoutSequence(string accountId) => Task.CompletedTask;

            [BananaTask(DebounceBy = {|#4:new[] { "typo" }|})]
            public static Task KeyWithoutDebounce(string documentId) => Task.CompletedTask;

            [BananaTask(DebounceSeconds = 0, Replace = false, DebounceBy = {|#5:new string[0]|})]
            public static Task EmptyKeyWithoutDebounce(string documentId) => Task.CompletedTask;
        }
        """,
        V.Diagnostic("BNT027").WithLocation(0).WithMessage("ConcurrencyScope has no effect: ConcurrencyLimit is 0, so there is no limit to share; set ConcurrencyLimit to the jobs that may run at once (ConcurrencyLimit = 3), or remove ConcurrencyScope"),
        V.Diagnostic("BNT027").WithLocation(1).WithArguments("ConcurrencyScope", "ConcurrencyLimit is 0, so there is no limit to share", "set ConcurrencyLimit to the jobs that may run at once (ConcurrencyLimit = 3)"),
        V.Diagnostic("BNT027").WithLocation(2).WithMessage("SequenceHold has no effect: SequenceBy is not set, so the task's jobs are in no sequence; set SequenceBy to the parameter that keys the sequence (SequenceBy = nameof(accountId)), or remove SequenceHold"),
        V.Diagnostic("BNT027").WithLocation(3).WithArguments("SequenceHold", "SequenceBy is not set, so the task's jobs are in no sequence", "set SequenceBy to the parameter that keys the sequence (SequenceBy = nameof(accountId))"),
        V.Diagnostic("BNT027").WithLocation(4).WithMessage("DebounceBy has no effect: DebounceSeconds is 0 and Replace is false, so no enqueue is debounced or replaces a job; set DebounceSeconds to the window (DebounceSeconds = 30) or Replace = true, or remove DebounceBy"),
        V.Diagnostic("BNT027").WithLocation(5).WithArguments("DebounceBy", "DebounceSeconds is 0 and Replace is false, so no enqueue is debounced or replaces a job", "set DebounceSeconds to the window (DebounceSeconds = 30) or Replace = true"));
}
