using V = Bananas.Tasks.Analyzers.Tests.Infrastructure.Verify<Bananas.Tasks.Analyzers.ArgumentOldNameAnalyzer>;

namespace Bananas.Tasks.Analyzers.Tests.Rules;

/// <summary>BNT028: a [BananaArgument("old")] the generated decoder does not read.</summary>
public class BNT028Tests
{
    [Fact]
    public Task OldNamesNobodyReads_AreFlagged() => V.AnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class ImageTasks
        {
            public static Task Helper([{|#0:BananaArgument("url")|}] string source) => Task.CompletedTask;

            [BananaTask]
            public static Task Resize(
                [BananaArgument("url"), {|#1:BananaArgument("url")|}] string source,
                [{|#2:BananaArgument("width")|}] int width,
                [{|#3:BananaArgument("source")|}] int size,
                [{|#4:BananaArgument("url")|}] string target,
                [{|#5:BananaArgument("")|}] string label,
                [{|#6:BananaArgument("token")|}] CancellationToken ct) => Task.CompletedTask;
        }
        """,
        V.Diagnostic("BNT028").WithLocation(0).WithArguments("url", "source", "ImageTasks.Helper", "'Helper' is not a [BananaTask] method"),
        V.Diagnostic("BNT028").WithLocation(1).WithArguments("url", "source", "ImageTasks.Resize", "it is given twice"),
        V.Diagnostic("BNT028").WithLocation(2).WithArguments("width", "width", "ImageTasks.Resize", "it is the parameter's own name"),
        V.Diagnostic("BNT028").WithLocation(3).WithArguments("source", "size", "ImageTasks.Resize", "'source' is the name of payload parameter 'source', which reads that property"),
        V.Diagnostic("BNT028").WithLocation(4).WithArguments("url", "target", "ImageTasks.Resize", "'url' is already an old name of parameter 'source', which reads that property"),
        V.Diagnostic("BNT028").WithLocation(5).WithArguments("", "label", "ImageTasks.Resize", "an empty name is never a payload property"),
        V.Diagnostic("BNT028").WithLocation(6).WithArguments("token", "ct", "ImageTasks.Resize", "the worker supplies this CancellationToken: it is not in the payload"));

    [Fact]
    public Task OldNamesTheDecoderReads_AreClean() => V.AnalyzerAsync("""
        using System.Threading;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class ImageTasks
        {
            [BananaTask(Name = "process_image")]
            public static Task<string> ProcessImage(
                [BananaArgument("url"), BananaArgument("image_url")] string source,
                [BananaArgument("size")] int width,
                int quality = 80,
                CancellationToken ct = default) => Task.FromResult(source);
        }
        """);
}
