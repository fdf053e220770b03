using Bananas.Tasks.Analyzers.Tests.Infrastructure;
using Bananas.Tasks.Generators;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using V = Bananas.Tasks.Analyzers.Tests.Infrastructure.Verify<Bananas.Tasks.Analyzers.WorkflowStepAnalyzer>;

namespace Bananas.Tasks.Analyzers.Tests.Rules;

/// <summary>
/// BNT170: <c>Then(X.Call)</c> or <c>Then(t =&gt; X.Call(t, …))</c> where X's first parameter does not take the result the
/// step before passes on. Run with the real generator, so the proxies are the generated ones.
/// </summary>
public class BNT170Tests
{
    private const string Tasks = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        namespace Pipeline
        {
            public sealed record Thumbnail(string Url, int Width);
            public sealed record Image(string Url);

            public static class PipelineTasks
            {
                [BananaTask] public static Task<Thumbnail> ProcessImage(string url, int width) => Task.FromResult(new Thumbnail(url, width));
                [BananaTask] public static Task<string> PublishThumbnail(Thumbnail thumbnail) => Task.FromResult(thumbnail.Url);
                [BananaTask] public static Task<int> Summarize(IReadOnlyList<Thumbnail> thumbnails) => Task.FromResult(thumbnails.Count);
                [BananaTask(Name = "tag_thumbnail")] public static Task Tag(Thumbnail thumbnail, string label) => Task.CompletedTask;
                [BananaTask] public static Task<string> Annotate(string? note) => Task.FromResult(note ?? "");
                [BananaTask] public static Task<Image> Fetch(string url) => Task.FromResult(new Image(url));
            }
        }
        """;

    private sealed class Test : CSharpAnalyzerTest<WorkflowStepAnalyzer, DefaultVerifier>
    {
        protected override IEnumerable<Type> GetSourceGenerators() => [typeof(BananaTaskGenerator)];
    }

    /// <summary>Checks the BNT170 diagnostics of <paramref name="workflows"/>; the compiler's own errors are checked only when <paramref name="withCompilerErrors"/>.</summary>
    private static async Task RunAsync(string workflows, bool withCompilerErrors, params DiagnosticResult[] expected)
    {
        var test = new Test
        {
            ReferenceAssemblies = TestReferences.None,
            TestBehaviors = TestBehaviors.SkipGeneratedSourcesCheck,
            CompilerDiagnostics = withCompilerErrors ? CompilerDiagnostics.Errors : CompilerDiagnostics.None,
        };
        test.TestState.Sources.Add(("Tasks.cs", Tasks));
        test.TestState.Sources.Add(("Workflows.cs", $$"""
            using Bananas.Tasks.Workflows;
            using Pipeline;

            public static class Workflows
            {
            {{workflows}}
            }
            """));
        test.TestState.AdditionalReferences.AddRange(TestReferences.Net10);
        test.TestState.AdditionalReferences.AddRange(TestReferences.BananasWithDependencies);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    [Fact]
    public Task MethodGroup_OfAStepThatTakesAnotherType_IsFlagged() => RunAsync("""
            public static object A() => Fetch.Call("u").Then({|#0:PublishThumbnail.Call|});
        """, withCompilerErrors: false,
        V.Diagnostic("BNT170").WithLocation(0).WithArguments("publish_thumbnail", "Thumbnail", "thumbnail", "Image"));

    [Fact]
    public Task GroupsList_IntoAStepThatTakesOneResult_IsFlagged() => RunAsync("""
            public static object A() => Workflow.All(ProcessImage.Call("a", 1), ProcessImage.Call("b", 2)).Then({|#0:PublishThumbnail.Call|});
        """, withCompilerErrors: false,
        V.Diagnostic("BNT170").WithLocation(0).WithArguments("publish_thumbnail", "Thumbnail", "thumbnail", "IReadOnlyList<Thumbnail>"));

    [Fact]
    public Task Lambda_PassingTheInputToAStepThatTakesAnotherType_IsFlagged() => RunAsync("""
            public static object A() => Fetch.Call("u").Then({|#0:t => Tag.Call(t, "x")|});
            public static object B() => Fetch.Call("u").Then({|#1:(t) => { return Tag.Call(t, "x"); }|});
        """, withCompilerErrors: false,
        V.Diagnostic("BNT170").WithLocation(0).WithArguments("tag_thumbnail", "Thumbnail", "thumbnail", "Image"),
        V.Diagnostic("BNT170").WithLocation(1).WithArguments("tag_thumbnail", "Thumbnail", "thumbnail", "Image"));

    [Fact]
    public Task TheCompilersOwnError_StaysBesideIt() => RunAsync("""
            public static object A() => Fetch.Call("u").{|#1:Then|}({|#0:PublishThumbnail.Call|});
            public static object B() => Fetch.Call("u").Then({|#2:t => Tag.{|#3:Call|}(t, "x")|});
        """, withCompilerErrors: true,
        V.Diagnostic("BNT170").WithLocation(0).WithArguments("publish_thumbnail", "Thumbnail", "thumbnail", "Image"),
        V.Diagnostic("BNT170").WithLocation(2).WithArguments("tag_thumbnail", "Thumbnail", "thumbnail", "Image"),
        // An error cannot be suppressed: the compiler's stays (type arguments cannot be inferred; TInput does not fit).
        DiagnosticResult.CompilerError("CS0411").WithLocation(1),
        DiagnosticResult.CompilerError("CS0311").WithLocation(3));

    [Fact]
    public Task FittingSteps_AreClean_AndCompile() => RunAsync("""
            public static Step<string> Chain() => ProcessImage.Call("u", 640).Then(PublishThumbnail.Call);
            public static Step<int> Join() => Workflow.All(ProcessImage.Call("a", 1), ProcessImage.Call("b", 2)).Then(Summarize.Call);
            public static Step<NoResult> Lambda() => ProcessImage.Call("u", 1).Then(t => Tag.Call(t, "x"));
            public static Step<string> IntoNullable() => ProcessImage.Call("u", 1).Then(PublishThumbnail.Call).Then(Annotate.Call);
        """, withCompilerErrors: true);

    [Fact]
    public Task MethodGroup_WhoseTypesFit_ButNeedsMoreArguments_IsLeftToTheCompiler() => RunAsync("""
            public static object A() => ProcessImage.Call("u", 1).Then(Tag.Call);
        """, withCompilerErrors: false);

    [Fact]
    public Task CallOfATypeTheGeneratorDidNotEmit_IsNotChecked() => RunAsync("""
            public static object A() => Fetch.Call("u").Then(Other.Call);
            public static object B() => Fetch.Call("u").Then(t => Other.Call(t, 1));
        }

        public static class Other
        {
            public static Step<int> Call<TInput>(TInput thumbnail) where TInput : IStepInput<Thumbnail> => throw null!;
            public static Step<int> Call<TInput>(TInput thumbnail, int x) where TInput : IStepInput<Thumbnail> => throw null!;
        """, withCompilerErrors: false);
}
