using System.Collections.Immutable;
using Bananas.Tasks.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Bananas.Tasks.Analyzers.Tests;

/// <summary>The analyzer's routing-key verdict equals the runtime's <see cref="RoutingKey.TryParse"/> verdict.</summary>
public class RoutingKeyVerdictTests
{
    public static readonly string[] Keys =
    [
        "default", "gpu", "email", "a", "Z", "0", "_", "-", "gpu-1", "GPU_jobs", "a-b_c-D-9",
        new string('k', 63), new string('k', 64), new string('k', 65), new string('x', 200),
        "", " ", "gpu ", " gpu", "gpu jobs", "gpu\tjobs", "gpu\njobs", "gpu.jobs", "gpu:high", "gpu/jobs",
        "gpu!", "ключ", "café", "emoji🍌", "a,b", "\"quoted\"", "back\\slash", "tab\t", "\0", "semi;colon", "star*",
    ];

    [Fact]
    public async Task AnalyzerAgreesWithRuntime_ForEveryKey()
    {
        Assert.True(Keys.Length >= 30);
        var lines = Keys.Select((key, i) =>
            $"        var k{i} = global::Bananas.Tasks.RoutingKey.Parse({SymbolDisplay.FormatLiteral(key, quote: true)});");
        var source = "public static class Table\n{\n    public static void Run()\n    {\n" + string.Join("\n", lines) + "\n    }\n}\n";
        var firstLine = 4; // zero-based line of k0

        var compilation = CSharpCompilation.Create("Table",
            [CSharpSyntaxTree.ParseText(source)],
            [.. TestReferences.Net10, TestReferences.Bananas],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var diagnostics = await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new RoutingKeyAnalyzer()))
            .GetAnalyzerDiagnosticsAsync();
        var flagged = diagnostics.Where(d => d.Id == "BNT001")
            .Select(d => d.Location.GetLineSpan().StartLinePosition.Line - firstLine)
            .ToHashSet();

        for (int i = 0; i < Keys.Length; i++)
        {
            bool runtimeAccepts = RoutingKey.TryParse(Keys[i], out _);
            Assert.True(runtimeAccepts == !flagged.Contains(i),
                $"key #{i} {SymbolDisplay.FormatLiteral(Keys[i], true)}: runtime accepts = {runtimeAccepts}, analyzer flags = {flagged.Contains(i)}");
        }
        Assert.NotEmpty(flagged);
        Assert.True(flagged.Count < Keys.Length);
    }
}
