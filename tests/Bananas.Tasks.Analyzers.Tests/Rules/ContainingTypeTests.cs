using V = Bananas.Tasks.Analyzers.Tests.Infrastructure.Verify<Bananas.Tasks.Analyzers.TaskContainingTypeAnalyzer>;

namespace Bananas.Tasks.Analyzers.Tests.Rules;

/// <summary>BNT020 generic type, BNT021 inaccessible type, BNT022 abstract type for an instance task.</summary>
public class ContainingTypeTests
{
    [Fact]
    public Task BNT021_TypeNestedInFileLocalType_IsFlagged() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        file static class Local
        {
            internal static class Inner
            {
                [BananaTask] public static Task {|#0:A|}() => Task.CompletedTask;
            }
        }
        """, V.Diagnostic("BNT021").WithLocation(0).WithArguments("Local", "A", "file-local"));

    [Fact]
    public Task BNT020_OpenGenericTypes_AreFlagged() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public class Repository<T>
        {
            [BananaTask] public Task {|#0:Sync|}() => Task.CompletedTask;

            public static class Nested
            {
                [BananaTask] public static Task {|#1:Deep|}() => Task.CompletedTask;
            }
        }
        """,
        V.Diagnostic("BNT020").WithLocation(0).WithArguments("Repository<T>", "Sync"),
        V.Diagnostic("BNT020").WithLocation(1).WithArguments("Repository<T>", "Deep"));

    [Fact]
    public Task BNT021_PrivateAndProtectedNestedTypes_AreFlagged() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public class Outer
        {
            private static class Hidden
            {
                [BananaTask] public static Task {|#0:A|}() => Task.CompletedTask;

                internal static class Inner
                {
                    [BananaTask] public static Task {|#1:B|}() => Task.CompletedTask;
                }
            }

            protected static class Family
            {
                [BananaTask] public static Task {|#2:C|}() => Task.CompletedTask;
            }
        }
        """,
        V.Diagnostic("BNT021").WithLocation(0).WithArguments("Outer.Hidden", "A", "private"),
        V.Diagnostic("BNT021").WithLocation(1).WithArguments("Outer.Hidden", "B", "private"),
        V.Diagnostic("BNT021").WithLocation(2).WithArguments("Outer.Family", "C", "protected"));

    [Fact]
    public Task BNT021_FileLocalType_IsFlagged() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        file static class Local
        {
            [BananaTask] public static Task {|#0:A|}() => Task.CompletedTask;
        }
        """, V.Diagnostic("BNT021").WithLocation(0).WithArguments("Local", "A", "file-local"));

    [Fact]
    public Task BNT022_InstanceTaskOnAbstractType_IsFlagged() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public abstract class Base
        {
            [BananaTask] public Task {|#0:Run|}() => Task.CompletedTask;
            [BananaTask] public abstract Task {|#1:Other|}();
        }

        public interface IJobs
        {
            [BananaTask] Task {|#2:Fire|}();
        }

        public struct Counter
        {
            [BananaTask] public Task {|#3:Tick|}() => Task.CompletedTask;
            [BananaTask] public static Task StaticIsFine() => Task.CompletedTask;
        }
        """,
        V.Diagnostic("BNT022").WithLocation(0).WithArguments("Run", "Base", "abstract class"),
        V.Diagnostic("BNT022").WithLocation(1).WithArguments("Other", "Base", "abstract class"),
        V.Diagnostic("BNT022").WithLocation(2).WithArguments("Fire", "IJobs", "interface"),
        V.Diagnostic("BNT022").WithLocation(3).WithArguments("Tick", "Counter", "struct"));

    [Fact]
    public Task SupportedTypes_AreClean() => V.AnalyzerAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public abstract class Base
        {
            [BananaTask] public static Task StaticOnAbstract() => Task.CompletedTask;
        }

        internal sealed class Worker
        {
            [BananaTask] public Task Instance() => Task.CompletedTask;

            internal static class Nested
            {
                [BananaTask] public static Task InNested() => Task.CompletedTask;
            }
        }

        public static class Helpers
        {
            public class NotATask<T> { public Task Run() => Task.CompletedTask; }
        }
        """);
}
