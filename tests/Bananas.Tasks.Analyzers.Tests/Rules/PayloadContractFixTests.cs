using Bananas.Tasks.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using V = Bananas.Tasks.Analyzers.Tests.Infrastructure.Verify<Bananas.Tasks.Analyzers.PayloadContractAnalyzer>;

namespace Bananas.Tasks.Analyzers.Tests.Rules;

/// <summary>The code fixes of the payload-contract rules: an old name, a default value, a #removed entry, an Unshipped entry.</summary>
public class PayloadContractFixTests
{
    private const string Shipped = "BananaTasks.Shipped.txt";
    private const string Unshipped = "BananaTasks.Unshipped.txt";

    private const string ShippedImage = "task process_image\nparam process_image url required string\nparam process_image width required int\n";

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

    private static string Plain(string parameters) => Image(parameters).Replace("{|#0:ProcessImage|}", "ProcessImage", StringComparison.Ordinal);

    [Fact]
    public Task RenamedParameter_GetsTheShippedNameAsOldName() => V.FixWithFilesAsync<ContractOldNameCodeFixProvider>(
        Image("string source, int width, CancellationToken ct"),
        [(Shipped, ShippedImage)],
        [
            V.Diagnostic("BNT141").WithLocation(0).WithLocation(Shipped, 2, 1).WithArguments("process_image", "url", "ImageTasks.ProcessImage"),
            V.Diagnostic("BNT143").WithSpan(10, 44, 10, 50),
        ],
        Plain("[BananaArgument(\"url\")] string source, int width, CancellationToken ct"),
        [(Shipped, ShippedImage)]);

    [Fact]
    public Task RenamedParameter_WithOtherAttributes_KeepsThem() => V.FixWithFilesAsync<ContractOldNameCodeFixProvider>(
        Image("string url, [Sensitive] int size"),
        [(Shipped, ShippedImage)],
        [
            V.Diagnostic("BNT141").WithLocation(0).WithLocation(Shipped, 3, 1).WithArguments("process_image", "width", "ImageTasks.ProcessImage"),
            V.Diagnostic("BNT143").WithSpan(10, 65, 10, 69),
        ],
        Plain("string url, [BananaArgument(\"width\")][Sensitive] int size"),
        [(Shipped, ShippedImage)]);

    [Fact]
    public Task RemovedParameter_MovedToTheRemovedSection() => V.FixWithFilesAsync<ContractRemovedCodeFixProvider>(
        Image("string url"),
        [(Shipped, "# contract\n" + ShippedImage)],
        [V.Diagnostic("BNT141").WithLocation(0).WithLocation(Shipped, 4, 1).WithArguments("process_image", "width", "ImageTasks.ProcessImage")],
        Plain("string url"),
        [(Shipped, "# contract\ntask process_image\nparam process_image url required string\n#removed\nparam process_image width required int\n")]);

    [Fact]
    public Task IncompatibleType_MovedToAnExistingRemovedSection() => V.FixWithFilesAsync<ContractRemovedCodeFixProvider>(
        Image("string url, {|#1:string|} width"),
        [(Shipped, ShippedImage + "\n#removed\ntask old_task\n")],
        [V.Diagnostic("BNT142").WithLocation(1).WithLocation(Shipped, 3, 1)],
        Plain("string url, string width"),
        [(Shipped, "task process_image\nparam process_image url required string\n\n#removed\ntask old_task\nparam process_image width required int\n")]);

    [Fact]
    public Task AddedRequiredParameter_GetsADefault_AndTheLaterTokenToo() => V.FixWithFilesAsync<ContractDefaultValueCodeFixProvider>(
        Image("string url, int width, int {|#1:quality|}, CancellationToken ct"),
        [(Shipped, ShippedImage)],
        [V.Diagnostic("BNT143").WithLocation(1)],
        Plain("string url, int width, int quality = default, CancellationToken ct = default"),
        [(Shipped, ShippedImage)]);

    [Theory]
    [InlineData("string {|#1:format|}", "string format = \"\"")]
    [InlineData("string? {|#1:format|}", "string? format = null")]
    [InlineData("int? {|#1:format|}", "int? format = null")]
    [InlineData("System.Uri {|#1:format|}", "System.Uri? format = null")]
    public Task AddedRequiredParameter_DefaultFitsItsType(string added, string expected) => V.FixWithFilesAsync<ContractDefaultValueCodeFixProvider>(
        Image("string url, int width, " + added),
        [(Shipped, ShippedImage)],
        [V.Diagnostic("BNT143").WithLocation(1)],
        Plain("string url, int width, " + expected),
        [(Shipped, ShippedImage)]);

    [Fact]
    public Task AddedRequiredParameter_BeforeAnotherRequiredOne_HasNoDefaultFix() => V.FixWithFilesAsync<ContractDefaultValueCodeFixProvider>(
        Image("string url, int {|#1:quality|}, int width"),
        [(Shipped, ShippedImage)],
        [V.Diagnostic("BNT143").WithLocation(1)],
        Image("string url, int {|#1:quality|}, int width"),
        [(Shipped, ShippedImage)],
        remaining: [V.Diagnostic("BNT143").WithLocation(1)]);

    [Fact]
    public Task OptionalMadeRequired_MovedToTheRemovedSection() => V.FixWithFilesAsync<ContractRemovedCodeFixProvider>(
        Image("string url, int {|#1:width|}"),
        [(Shipped, "task process_image\nparam process_image url required string\nparam process_image width optional int\n")],
        [V.Diagnostic("BNT143").WithLocation(1)],
        Plain("string url, int width"),
        [(Shipped, "task process_image\nparam process_image url required string\n#removed\nparam process_image width optional int\n")]);

    [Fact]
    public Task UnrecordedTask_IsAddedToUnshipped_InTaskNameOrder() => V.FixWithFilesAsync<ContractUnshippedCodeFixProvider>(
        Image("string url, int width = 640, CancellationToken ct = default"),
        [(Shipped, ""), (Unshipped, "# not released yet\ntask archive\nparam archive id required System.Guid\ntask zip\n")],
        [V.Diagnostic("BNT144").WithLocation(0).WithArguments("process_image")],
        Plain("string url, int width = 640, CancellationToken ct = default"),
        [(Shipped, ""), (Unshipped, "# not released yet\ntask archive\nparam archive id required System.Guid\ntask process_image\nparam process_image url required string\nparam process_image width optional int\ntask zip\n")]);

    [Fact]
    public Task UnrecordedTask_WithoutUnshippedFile_CreatesIt() => V.FixWithFilesAsync<ContractUnshippedCodeFixProvider>(
        Image("string url"),
        [(Shipped, "")],
        [V.Diagnostic("BNT144").WithLocation(0).WithArguments("process_image")],
        Plain("string url"),
        [(Shipped, ""), (Unshipped, "task process_image\nparam process_image url required string\n")]);
    [Fact]
    public Task UnrecordedTasks_FixAll_AddsThemAllInOrder() => V.FixWithFilesAsync<ContractUnshippedCodeFixProvider>("""
        using System;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask] public static Task {|#0:Zip|}(string path) => Task.CompletedTask;
            [BananaTask] public static Task {|#1:Archive|}(Guid id, int? year = null) => Task.CompletedTask;
        }
        """,
        [(Shipped, "task shipped_one\n"), (Unshipped, "task middle\n")],
        [
            V.Diagnostic("BNT144").WithLocation(0).WithArguments("zip"),
            V.Diagnostic("BNT144").WithLocation(1).WithArguments("archive"),
            // shipped_one has no task any more.
            V.Diagnostic("BNT140").WithLocation(Shipped, 1, 1).WithArguments("shipped_one"),
        ],
        """
        using System;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        public static class Jobs
        {
            [BananaTask] public static Task Zip(string path) => Task.CompletedTask;
            [BananaTask] public static Task Archive(Guid id, int? year = null) => Task.CompletedTask;
        }
        """,
        [(Shipped, "task shipped_one\n"), (Unshipped, "task archive\nparam archive id required System.Guid\nparam archive year optional int?\ntask middle\ntask zip\nparam zip path required string\n")],
        checkFixAll: true,
        remaining: [V.Diagnostic("BNT140").WithLocation(Shipped, 1, 1).WithArguments("shipped_one")]);
}
