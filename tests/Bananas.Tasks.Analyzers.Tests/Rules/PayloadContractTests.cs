using Microsoft.CodeAnalysis.Testing;
using V = Bananas.Tasks.Analyzers.Tests.Infrastructure.Verify<Bananas.Tasks.Analyzers.PayloadContractAnalyzer>;

namespace Bananas.Tasks.Analyzers.Tests.Rules;

/// <summary>BNT140–145: the tasks in BananaTasks.Shipped.txt must still decode the jobs queued in their shipped shape.</summary>
public class PayloadContractTests
{
    private const string Shipped = "BananaTasks.Shipped.txt";
    private const string Unshipped = "BananaTasks.Unshipped.txt";

    /// <summary>process_image(url: string, width: int) as shipped.</summary>
    private const string ShippedImage = """
        # Payload contract of the released tasks.
        task process_image
        param process_image url required string
        param process_image width required int
        """;

    private static string Image(string parameters) => $$"""
        using System.Threading;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        namespace Media;

        public static class ImageTasks
        {
            [BananaTask]
            public static Task {|#0:ProcessImage|}({{parameters}}) => Task.CompletedTask;
        }
        """;

    private static DiagnosticResult ShippedLine(string id, int line, int column = 1) => V.Diagnostic(id).WithLocation(Shipped, line, column);

    [Fact]
    public Task NoContractFiles_NothingIsReported() => V.WithFilesAsync(
        Image("string source, long width, int quality, CancellationToken ct"),
        [("notes.txt", "task process_image\nthis is no contract")]);

    [Fact]
    public Task MatchingContract_IsClean() => V.WithFilesAsync(Image("string url, int width, CancellationToken ct"), [(Shipped, ShippedImage)]);

    [Fact]
    public Task UnshippedFileAlone_OptsIn() => V.WithFilesAsync(
        Image("string url, int width"),
        [(Unshipped, "")],
        V.Diagnostic("BNT144").WithLocation(0).WithArguments("process_image"));

    [Fact]
    public Task RenamedParameter_WithoutOldName_IsAnError() => V.WithFilesAsync(
        Image("string {|#1:source|}, int width, CancellationToken ct"),
        [(Shipped, ShippedImage)],
        V.Diagnostic("BNT141").WithLocation(0).WithLocation(Shipped, 3, 1).WithArguments("process_image", "url", "ImageTasks.ProcessImage"),
        V.Diagnostic("BNT143").WithLocation(1).WithArguments("process_image", "source",
            "BananaTasks.Shipped.txt does not list it, so queued jobs do not carry it",
            ", or, to drop those jobs on purpose, add the line 'param process_image source required string' to the #removed section of BananaTasks.Shipped.txt"));

    [Fact]
    public Task RenamedParameter_WithOldName_IsClean() => V.WithFilesAsync(
        Image("[BananaArgument(\"url\")] string source, int width, CancellationToken ct"),
        [(Shipped, ShippedImage)]);

    [Fact]
    public Task OldNameOfAnotherParameter_DoesNotCount() => V.WithFilesAsync(
        // "width" is the other parameter's own name: the decoder reads it there, so it cannot be source's old name.
        Image("[BananaArgument(\"width\")] string source, int width"),
        [(Shipped, ShippedImage)],
        V.Diagnostic("BNT141").WithLocation(0).WithLocation(Shipped, 3, 1).WithArguments("process_image", "url", "ImageTasks.ProcessImage"),
        V.Diagnostic("BNT143").WithSpan(10, 70, 10, 76).WithArguments("process_image", "source",
            "BananaTasks.Shipped.txt does not list it, so queued jobs do not carry it",
            ", or, to drop those jobs on purpose, add the line 'param process_image source required string' to the #removed section of BananaTasks.Shipped.txt"));

    [Fact]
    public Task RemovedParameter_IsAnError_UnlessMovedToTheRemovedSection() => Task.WhenAll(
        V.WithFilesAsync(Image("string url"), [(Shipped, ShippedImage)],
            V.Diagnostic("BNT141").WithLocation(0).WithLocation(Shipped, 4, 1).WithArguments("process_image", "width", "ImageTasks.ProcessImage")),
        V.WithFilesAsync(Image("string url"), [(Shipped, "task process_image\nparam process_image url required string\n#removed\nparam process_image width required int\n")]),
        // The header in any case, after blank lines and comments.
        V.WithFilesAsync(Image("string url"), [(Shipped, "task process_image\nparam process_image url required string\n\n# dropped in 2.0\n#REMOVED\n  param process_image width required int\n")]));

    [Fact]
    public Task AddedOptionalParameter_IsFine() => V.WithFilesAsync(
        Image("string url, int width, int quality = 80, string? format = null, CancellationToken ct = default"),
        [(Shipped, ShippedImage)]);

    [Fact]
    public Task AddedRequiredParameter_IsAnError() => V.WithFilesAsync(
        Image("string url, int width, int {|#1:quality|}, CancellationToken ct"),
        [(Shipped, ShippedImage)],
        V.Diagnostic("BNT143").WithLocation(1).WithArguments("process_image", "quality",
            "BananaTasks.Shipped.txt does not list it, so queued jobs do not carry it",
            ", or, to drop those jobs on purpose, add the line 'param process_image quality required int' to the #removed section of BananaTasks.Shipped.txt"));

    [Fact]
    public Task AddedRequiredParameter_AcceptedInTheRemovedSection_IsClean() => V.WithFilesAsync(
        Image("string url, int width, int quality"),
        [(Shipped, ShippedImage + "\n#removed\nparam process_image quality required int\n")]);

    [Fact]
    public Task OptionalParameterMadeRequired_IsAnError() => V.WithFilesAsync(
        Image("string url, int {|#1:width|}"),
        [(Shipped, "task process_image\nparam process_image url required string\nparam process_image width optional int\n")],
        V.Diagnostic("BNT143").WithLocation(1).WithArguments("process_image", "width",
            "it is optional in BananaTasks.Shipped.txt, so queued jobs may lack it",
            ", or move its param line to the #removed section of BananaTasks.Shipped.txt to drop those jobs on purpose"));

    [Fact]
    public Task RequiredParameterMadeOptional_IsFine() => V.WithFilesAsync(Image("string url, int width = 640"), [(Shipped, ShippedImage)]);

    [Theory]
    [InlineData("long")]
    [InlineData("int?")]
    [InlineData("long?")]
    [InlineData("double")]
    [InlineData("decimal")]
    public Task CompatibleTypeChange_IsFine(string type) => V.WithFilesAsync(Image($"string url, {type} width"), [(Shipped, ShippedImage)]);

    [Theory]
    [InlineData("string url, {|#1:string|} width", "int", "string", "a JSON value written as 'int' does not decode as 'string'")]
    [InlineData("{|#1:int|} url, int width", "string", "int", "a JSON value written as 'string' does not decode as 'int'")]
    [InlineData("string url, {|#1:short|} width", "int", "short", "'short' is narrower than 'int': a queued value may not fit")]
    [InlineData("string url, {|#1:float|} width", "int", "float", "a JSON value written as 'int' does not decode as 'float'")]
    public Task IncompatibleTypeChange_IsAnError(string parameters, string shipped, string current, string why)
    {
        var parameter = parameters.Contains("} url", StringComparison.Ordinal) ? "url" : "width";
        return V.WithFilesAsync(Image(parameters), [(Shipped, ShippedImage)],
            V.Diagnostic("BNT142").WithLocation(1).WithLocation(Shipped, parameter == "url" ? 3 : 4, 1)
                .WithArguments("process_image", parameter, shipped, current, why));
    }

    [Fact]
    public Task NullableMadeNonNullable_IsAnError() => V.WithFilesAsync(
        Image("{|#1:string|} url, int width"),
        [(Shipped, "task process_image\nparam process_image url required string?\nparam process_image width required int\n")],
        V.Diagnostic("BNT142").WithLocation(1).WithLocation(Shipped, 2, 1)
            .WithArguments("process_image", "url", "string?", "string", "queued jobs may carry null, which a non-nullable 'string' rejects"));

    [Fact]
    public Task UserTypes_AreWrittenFullyQualified() => V.WithFilesAsync("""
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        namespace Media;

        public sealed record Size(int Width, int Height);

        public static class ImageTasks
        {
            [BananaTask]
            public static Task Resize(System.Uri source, List<Size> sizes, Dictionary<string, int>? tags = null) => Task.CompletedTask;
        }
        """,
        [(Shipped, """
            task resize
            param resize source required System.Uri
            param resize sizes required System.Collections.Generic.List<Media.Size>
            param resize tags optional System.Collections.Generic.Dictionary<string, int>?
            """)]);

    [Fact]
    public Task RemovedTask_IsAnError_AtItsShippedLine() => V.WithFilesAsync(
        Image("string url, int width"),
        [(Shipped, ShippedImage + "\ntask send_email\nparam send_email to required string\n")],
        ShippedLine("BNT140", 5).WithArguments("send_email"));

    [Fact]
    public Task RenamedTask_KeptByName_IsClean() => V.WithFilesAsync("""
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class ImageTasks
        {
            [BananaTask(Name = "process_image")]
            public static Task Thumbnail(string url, int width) => Task.CompletedTask;
        }
        """,
        [(Shipped, ShippedImage)]);

    [Fact]
    public Task RemovedTask_MovedToTheRemovedSection_IsClean() => V.WithFilesAsync(
        Image("string url, int width"),
        [(Shipped, ShippedImage + "\n#removed\ntask send_email\nparam send_email to required string\n")]);

    [Fact]
    public Task TaskInNeitherFile_IsAWarning_AndInUnshipped_IsClean() => Task.WhenAll(
        V.WithFilesAsync(Image("string url, int width"), [(Shipped, "# nothing shipped yet\n")],
            V.Diagnostic("BNT144").WithLocation(0).WithArguments("process_image")),
        V.WithFilesAsync(Image("string url, int width"), [(Shipped, ""), (Unshipped, "task process_image\n")]),
        // A task whose old contract was dropped (#removed) and that is not recorded again has no contract.
        V.WithFilesAsync(Image("string url, int width"), [(Shipped, "#removed\ntask process_image\n")],
            V.Diagnostic("BNT144").WithLocation(0).WithArguments("process_image")));

    [Fact]
    public Task UnshippedEntries_AreNotCheckedAgainstTheCode() => V.WithFilesAsync(
        Image("string source, long width"),
        [(Unshipped, ShippedImage)]);

    [Fact]
    public Task InvalidLines_AreErrors() => V.WithFilesAsync(
        Image("string url, int width"),
        [(Shipped, "task process_image\nparam process_image url string\nparam process_image width required int\ntask process_image\nprocess_image\nparam other x required int\n")],
        ShippedLine("BNT145", 2).WithArguments(Shipped, "a param line is 'param <task name> <parameter name> required|optional <type>'"),
        ShippedLine("BNT145", 4).WithArguments(Shipped, "task 'process_image' is listed twice; delete one of the lines"),
        ShippedLine("BNT145", 5).WithArguments(Shipped, "expected 'task <task name>', 'param <task name> <parameter name> required|optional <type>', a '#' comment or a blank line"),
        ShippedLine("BNT145", 6).WithArguments(Shipped, "parameter 'x' of task 'other' comes before any 'task other' line; write the task line first, then its param lines"),
        // The unreadable url line protects nothing: url is not in the contract, so the required url is reported.
        V.Diagnostic("BNT143").WithSpan(10, 44, 10, 47).WithArguments("process_image", "url",
            "BananaTasks.Shipped.txt does not list it, so queued jobs do not carry it",
            ", or, to drop those jobs on purpose, add the line 'param process_image url required string' to the #removed section of BananaTasks.Shipped.txt"));
}
