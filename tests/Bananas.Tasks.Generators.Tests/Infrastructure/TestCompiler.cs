extern alias BananasGenerator;

using System.Collections.Immutable;
using System.Reflection;
using BananasGenerator::Bananas.Tasks.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Bananas.Tasks.Generators.Tests.Infrastructure;

/// <summary>
/// Compiles user snippets with the Bananas generator (and the SDK's System.Text.Json generator, as a real build
/// runs both) against the assemblies of this test process: the trusted platform assemblies plus Bananas.Tasks.
/// </summary>
internal static class TestCompiler
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(LoadReferences);
    private static readonly Lazy<ISourceGenerator?> s_jsonGenerator = new(LoadJsonGenerator);

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    public static ImmutableArray<MetadataReference> References => s_references.Value;

    /// <summary>The SDK's System.Text.Json source generator.</summary>
    public static ISourceGenerator JsonGenerator => s_jsonGenerator.Value!;

    /// <summary>A compilation of <paramref name="sources"/> (a DLL with nullable enabled and warnings reported).</summary>
    public static CSharpCompilation Compile(string assemblyName, params string[] sources)
    {
        var trees = sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")).ToList();
        trees.Add(CSharpSyntaxTree.ParseText(GlobalUsings, ParseOptions, path: "GlobalUsings.cs"));
        return CSharpCompilation.Create(
            assemblyName,
            trees,
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    /// <summary>A driver with the Bananas generator and (unless turned off) the System.Text.Json generator.</summary>
    public static GeneratorDriver CreateDriver(bool withJsonGenerator = true, bool trackSteps = true)
    {
        var generators = new List<ISourceGenerator> { new BananaTaskGenerator().AsSourceGenerator() };
        if (withJsonGenerator && s_jsonGenerator.Value is { } json) generators.Add(json);
        return CSharpGeneratorDriver.Create(
            generators,
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));
    }

    /// <summary>Runs both generators; returns the output compilation and the Bananas generator's result.</summary>
    public static (Compilation Output, GeneratorRunResult Bananas, GeneratorDriver Driver) Run(CSharpCompilation compilation, GeneratorDriver? driver = null)
    {
        driver = (driver ?? CreateDriver()).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.Empty(diagnostics);
        var bananas = driver.GetRunResult().Results.Single(r => r.Generator.GetGeneratorType() == typeof(BananaTaskGenerator));
        Assert.Null(bananas.Exception);
        return (output, bananas, driver);
    }

    /// <summary>Errors and warnings of a compilation (the generated files must add none).</summary>
    public static IReadOnlyList<Diagnostic> Problems(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    /// <summary>Emits the compilation to bytes; fails the test with every diagnostic when it does not compile.</summary>
    public static byte[] Emit(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, "Compilation failed:\n" + string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return stream.ToArray();
    }

    private const string GlobalUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var tpa = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var paths = new HashSet<string>(tpa.Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)), StringComparer.Ordinal)
        {
            typeof(Bananas.Tasks.JobOptions).Assembly.Location,
        };
        // Only the runtime's and the libraries' assemblies, not the test frameworks' own.
        return paths
            .Where(p => !Path.GetFileName(p).StartsWith("xunit", StringComparison.OrdinalIgnoreCase))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    }

    /// <summary>The SDK's System.Text.Json source generator from the targeting pack beside the running runtime.</summary>
    private static ISourceGenerator? LoadJsonGenerator()
    {
        var runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;           // …/shared/Microsoft.NETCore.App/10.0.x
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDir, "..", "..", ".."));
        var refPacks = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
        var major = Environment.Version.Major + ".";
        var pack = Directory.Exists(refPacks)
            ? Directory.GetDirectories(refPacks).Where(d => Path.GetFileName(d).StartsWith(major, StringComparison.Ordinal)).OrderByDescending(d => Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : new Version()).FirstOrDefault()
            : null;
        var path = pack is null ? null : Path.Combine(pack, "analyzers", "dotnet", "cs", "System.Text.Json.SourceGeneration.dll");
        if (path is null || !File.Exists(path))
            throw new InvalidOperationException($"The System.Text.Json source generator was not found under {refPacks}; the generator tests need the .NET {Environment.Version.Major} targeting pack.");
        var assembly = Assembly.LoadFrom(path);
        var type = assembly.GetTypes().Single(t => t.Name == "JsonSourceGenerator" && typeof(IIncrementalGenerator).IsAssignableFrom(t));
        return ((IIncrementalGenerator)Activator.CreateInstance(type)!).AsSourceGenerator();
    }
}
