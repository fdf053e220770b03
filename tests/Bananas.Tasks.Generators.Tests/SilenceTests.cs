using Bananas.Tasks.Generators.Tests.Infrastructure;

namespace Bananas.Tasks.Generators.Tests;

/// <summary>
/// For a method it cannot generate, the generator emits nothing for it and reports nothing: the analyzers explain
/// the problem (practice 5). Valid tasks beside it are still generated.
/// </summary>
public sealed class SilenceTests
{
    [Theory]
    [InlineData("public static Task Generic<T>(T value) => Task.CompletedTask;")]
    [InlineData("public static Task WithRef(ref int value) => Task.CompletedTask;")]
    [InlineData("public static Task WithOut(out int value) { value = 1; return Task.CompletedTask; }")]
    [InlineData("public static void Synchronous(int value) { }")]
    [InlineData("public static int ReturnsInt(int value) => value;")]
    [InlineData("private static Task Hidden(int value) => Task.CompletedTask;")]
    [InlineData("public static Task WithSpan(ReadOnlySpan<byte> value) => Task.CompletedTask;")]
    [InlineData("public static unsafe Task WithPointer(int* value) => Task.CompletedTask;")]
    [InlineData("public static Task<Span<int>> ReturnsSpan() => throw null!;")]
    [InlineData("public static Task TwoTokens(int value, CancellationToken first, CancellationToken second) => Task.CompletedTask;")]
    [InlineData("public static Task TwoContexts(int value, TaskContext first, TaskContext second) => Task.CompletedTask;")]
    public void UngeneratableMethod_IsSkipped_Silently(string method)
    {
        var source = $$"""
            using Bananas.Tasks;
            namespace Odd;
            public static class OddTasks
            {
                [BananaTask]
                {{method}}

                [BananaTask]
                public static Task Fine(int value) => Task.CompletedTask;
            }
            """;
        AssertOnlyFine(source);
    }

    [Fact]
    public void InstanceMethod_OfAbstractClass_IsSkipped()
    {
        AssertOnlyFine("""
            using Bananas.Tasks;
            namespace Odd;
            public abstract class Base
            {
                [BananaTask]
                public Task Run(int value) => Task.CompletedTask;
            }
            public static class OddTasks
            {
                [BananaTask]
                public static Task Fine(int value) => Task.CompletedTask;
            }
            """);
    }

    [Fact]
    public void MethodOfGenericClass_AndInvalidProxyName_AreSkipped()
    {
        AssertOnlyFine("""
            using Bananas.Tasks;
            namespace Odd;
            public sealed class Holder<T>
            {
                [BananaTask]
                public Task Run(int value) => Task.CompletedTask;
            }
            public static class OddTasks
            {
                [BananaTask(ProxyName = "not valid")]
                public static Task Renamed(int value) => Task.CompletedTask;

                [BananaTask(ProxyName = "class")]
                public static Task Keyword(int value) => Task.CompletedTask;

                [BananaTask]
                public static Task Fine(int value) => Task.CompletedTask;
            }
            """);
    }

    [Fact]
    public void TaskInFileLocalType_IsSkipped()
    {
        // BNT021: the proxy (outside the file) could not name the handler type (CS0234 in generated code).
        AssertOnlyFine("""
            using Bananas.Tasks;
            namespace Odd;
            file static class LocalTasks
            {
                [BananaTask]
                public static Task Run(int value) => Task.CompletedTask;
            }
            public static class OddTasks
            {
                [BananaTask]
                public static Task Fine(int value) => Task.CompletedTask;
            }
            """);
    }

    [Fact]
    public void NoBananaTask_NoOutput()
    {
        var (_, result, _) = TestCompiler.Run(TestCompiler.Compile("Nothing", "namespace Plain; public static class C { public static int M() => 1; }"));
        Assert.Empty(result.GeneratedSources);
        Assert.Empty(result.Diagnostics);
    }

    private static void AssertOnlyFine(string source)
    {
        var compilation = TestCompiler.Compile("Odd", source).WithOptions(TestCompiler.Compile("x").Options.WithAllowUnsafe(true));
        var (_, result, _) = TestCompiler.Run(compilation);
        Assert.Empty(result.Diagnostics);
        Assert.Equal(["BananasTasks.Registration.g.cs", "Odd.OddTasks.Fine.g.cs"], result.GeneratedSources.Select(s => s.HintName).Order(StringComparer.Ordinal));
    }
}
