using Bananas.Tasks.CodeFixes;
using V = Bananas.Tasks.Analyzers.Tests.Infrastructure.Verify<Bananas.Tasks.Analyzers.TaskSignatureAnalyzer>;

namespace Bananas.Tasks.Analyzers.Tests.Rules;

/// <summary>BNT010-BNT015: handler signatures the worker cannot call.</summary>
public class SignatureTests
{
    [Fact]
    public Task BNT012_TwoTaskContexts_IsFlagged() => V.AnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask] public static Task A(TaskContext first, int n, TaskContext {|#0:second|}, CancellationToken ct) => Task.CompletedTask;
            [BananaTask] public static Task B(TaskContext context, CancellationToken ct) => Task.CompletedTask;
            [BananaTask] public static Task C(CancellationToken ct, TaskContext context) => Task.CompletedTask;
        }
        """, V.Diagnostic("BNT012").WithLocation(0).WithArguments("A", "TaskContext"));

    [Fact]
    public Task BNT012_TwoProgressParameters_IsFlagged() => V.AnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask] public static Task A(IProgress<int> rows, string file, IProgress<string> {|#0:stage|}) => Task.CompletedTask;
            [BananaTask] public static Task B(IProgress<int> rows, TaskContext context, CancellationToken ct) => Task.CompletedTask;
        }
        """, V.Diagnostic("BNT012").WithLocation(0).WithArguments("A", "IProgress<T>"));

    [Fact]
    public Task BNT010_GenericMethod_IsFlagged() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask] public static Task {|#0:Handle|}<T>(T item) => Task.CompletedTask;
        }
        """, V.Diagnostic("BNT010").WithLocation(0).WithArguments("Handle"));

    [Fact]
    public Task BNT011_ByReferenceAndPointerParameters_AreFlagged() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static unsafe class Jobs
        {
            [BananaTask] public static Task A(ref int {|#0:count|}) => Task.CompletedTask;
            [BananaTask] public static Task B(out int {|#1:count|}) { count = 1; return Task.CompletedTask; }
            [BananaTask] public static Task C(in int {|#2:count|}) => Task.CompletedTask;
            [BananaTask] public static Task D(int* {|#3:count|}) => Task.CompletedTask;
        }
        """,
        V.Diagnostic("BNT011").WithLocation(0).WithArguments("count", "A", "a ref parameter"),
        V.Diagnostic("BNT011").WithLocation(1).WithArguments("count", "B", "an out parameter"),
        V.Diagnostic("BNT011").WithLocation(2).WithArguments("count", "C", "an in parameter"),
        V.Diagnostic("BNT011").WithLocation(3).WithArguments("count", "D", "a pointer"));

    [Fact]
    public Task BNT012_TwoCancellationTokens_IsFlagged() => V.AnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask] public static Task A(string url, CancellationToken first, CancellationToken {|#0:second|}) => Task.CompletedTask;
        }
        """, V.Diagnostic("BNT012").WithLocation(0).WithArguments("A", "CancellationToken"));

    [Fact]
    public Task SupportedSignatures_AreClean() => V.AnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public class Jobs
        {
            [BananaTask] public static Task A(string url, int width, CancellationToken ct) => Task.CompletedTask;
            [BananaTask] public static ValueTask B() => default;
            [BananaTask] public static Task<int> C(int x) => Task.FromResult(x);
            [BananaTask] public static async ValueTask<string> D(string s) { await Task.Yield(); return s; }
            [BananaTask] internal Task E() => Task.CompletedTask;
            [BananaTask] protected internal Task F() => Task.CompletedTask;
        }
        """);

    [Fact]
    public Task BNT013_AsyncVoid_IsFlagged() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask] public static async {|#0:void|} A() => await Task.Yield();
        }
        """, V.Diagnostic("BNT013").WithLocation(0).WithArguments("A"));

    [Fact]
    public Task BNT014_UnsupportedReturnTypes_AreFlagged() => V.AnalyzerAsync("""
        using System.Collections.Generic;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask] public static {|#0:int|} A() => 1;
            [BananaTask] public static {|#1:void|} B() { }
            [BananaTask] public static {|#2:IAsyncEnumerable<int>|} C() => null!;
        }
        """,
        V.Diagnostic("BNT014").WithLocation(0).WithArguments("A", "int"),
        V.Diagnostic("BNT014").WithLocation(1).WithArguments("B", "void"),
        V.Diagnostic("BNT014").WithLocation(2).WithArguments("C", "IAsyncEnumerable<int>"));

    [Fact]
    public Task BNT015_PrivateOrProtectedMethod_IsFlagged() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public class Jobs
        {
            [BananaTask] private static Task {|#0:A|}() => Task.CompletedTask;
            [BananaTask] protected Task {|#1:B|}() => Task.CompletedTask;
            [BananaTask] private protected Task {|#2:C|}() => Task.CompletedTask;
        }
        """,
        V.Diagnostic("BNT015").WithLocation(0).WithArguments("A", "private"),
        V.Diagnostic("BNT015").WithLocation(1).WithArguments("B", "protected"),
        V.Diagnostic("BNT015").WithLocation(2).WithArguments("C", "private protected"));

    [Fact]
    public Task CodeFix_AsyncVoid_BecomesAsyncTask() => V.CodeFixAsync<VoidToTaskCodeFixProvider>("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask]
            public static async {|#0:void|} Send(string to)
            {
                await Task.Delay(1);
            }
        }
        """, """
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask]
            public static async Task Send(string to)
            {
                await Task.Delay(1);
            }
        }
        """, V.Diagnostic("BNT013").WithLocation(0));

    [Fact]
    public Task CodeFix_SyncVoidBlock_ReturnsCompletedTaskOnEveryPath() => V.CodeFixAsync<VoidToTaskCodeFixProvider>("""
        using System;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask]
            public static {|#0:void|} Log(string line)
            {
                if (line.Length == 0) return;
                Action local = () => { return; };
                Console.WriteLine(line);
            }
        }
        """, """
        using System;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask]
            public static Task Log(string line)
            {
                if (line.Length == 0) return Task.CompletedTask;
                Action local = () => { return; };
                Console.WriteLine(line);
                return Task.CompletedTask;
            }
        }
        """, V.Diagnostic("BNT014").WithLocation(0));

    [Fact]
    public Task CodeFix_SyncVoidExpressionBody_BecomesBlock() => V.CodeFixAsync<VoidToTaskCodeFixProvider>("""
        using System;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask]
            public static {|#0:void|} Log(string line) => Console.WriteLine(line);
        }
        """, """
        using System;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask]
            public static Task Log(string line)
            {
                Console.WriteLine(line);
                return Task.CompletedTask;
            }
        }
        """, V.Diagnostic("BNT014").WithLocation(0));
}
