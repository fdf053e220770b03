extern alias BananasGenerator;

using BananasGenerator::Bananas.Tasks.Generators;
using Bananas.Tasks.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Bananas.Tasks.Generators.Tests;

/// <summary>The generated code compiles without a warning in user projects set up differently from ours.</summary>
public sealed class CompatibilityTests
{
    private const string ClassicSource = """
        using System.Collections.Generic;
        using System.Text.Json.Serialization;
        using System.Threading;
        using System.Threading.Tasks;
        using Bananas.Tasks;

        [assembly: BananasJsonContext(typeof(Classic.ClassicJson))]

        namespace Classic
        {
            public sealed class Invoice
            {
                public string Number { get; set; }
                public decimal Total { get; set; }
            }

            public sealed class BillingTasks
            {
                [BananaTask(Route = "billing", Description = "Bill a customer")]
                public Task<Invoice> Bill(string customer, Invoice draft, List<string> lines, string note = null, CancellationToken ct = default)
                {
                    return Task.FromResult(draft);
                }

                [BananaTask]
                public static ValueTask Audit(string customer) => default;

                [BananaTask(Cron = "0 3 * * *", TimeZone = "UTC", Priority = Priority.Low, TimeoutSeconds = 60)]
                public static Task Nightly(int days = 7, string note = null) => Task.CompletedTask;
            }

            [JsonSerializable(typeof(Invoice))]
            [JsonSerializable(typeof(List<string>))]
            internal partial class ClassicJson : JsonSerializerContext
            {
            }
        }
        """;

    [Theory]
    [InlineData(LanguageVersion.CSharp9, NullableContextOptions.Disable)]
    [InlineData(LanguageVersion.CSharp9, NullableContextOptions.Enable)]
    [InlineData(LanguageVersion.Latest, NullableContextOptions.Disable)]
    [InlineData(LanguageVersion.Latest, NullableContextOptions.Warnings)]
    public void GeneratedCode_IsWarningFree(LanguageVersion version, NullableContextOptions nullable)
    {
        var parse = new CSharpParseOptions(version);
        var compilation = CSharpCompilation.Create(
            "Classic",
            [CSharpSyntaxTree.ParseText(ClassicSource, parse)],
            TestCompiler.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: nullable));
        // The user's own code may warn (and lacks the STJ context until the generators run); only new diagnostics count.
        var before = compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).ToHashSet();

        var driver = CSharpGeneratorDriver.Create([new BananaTaskGenerator().AsSourceGenerator(), TestCompiler.JsonGenerator], parseOptions: parse);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        var added = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning && !before.Contains(d.ToString())).ToList();
        Assert.True(added.Count == 0, "Generated code added diagnostics:\n" + string.Join("\n", added));
        Assert.Contains(output.SyntaxTrees, t => t.FilePath.EndsWith("Classic.BillingTasks.Bill.g.cs", StringComparison.Ordinal));
        Assert.Contains(output.SyntaxTrees, t => t.FilePath.EndsWith("BananasTasks.Registration.g.cs", StringComparison.Ordinal) && t.ToString().Contains("AddPeriodic(builder, \"nightly\""));
    }
}
