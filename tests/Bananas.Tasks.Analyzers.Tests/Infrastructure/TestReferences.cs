using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Bananas.Tasks.Analyzers.Tests.Infrastructure;

/// <summary>What test compilations reference.</summary>
public static class TestReferences
{
    /// <summary>
    /// The net10.0 reference pack of the installed SDK (the Bananas.Tasks runtime targets net10.0, so a net8.0
    /// pack would not do), read from the local <c>packs/Microsoft.NETCore.App.Ref</c> folder: no download.
    /// </summary>
    public static ImmutableArray<MetadataReference> Net10 { get; } = CreateNet10();

    /// <summary>An empty reference set: <see cref="Net10"/> is added as additional references instead.</summary>
    public static ReferenceAssemblies None { get; } = new("net10.0");

    /// <summary>The Bananas.Tasks runtime assembly.</summary>
    public static MetadataReference Bananas { get; } = MetadataReference.CreateFromFile(typeof(BananaTaskAttribute).Assembly.Location);

    /// <summary>
    /// The runtime plus the libraries it references that ship beside the tests (DI abstractions, logging, ...):
    /// what generated code needs to compile.
    /// </summary>
    public static ImmutableArray<MetadataReference> BananasWithDependencies { get; } =
    [
        Bananas,
        .. typeof(BananaTaskAttribute).Assembly.GetReferencedAssemblies()
            .Select(name => Path.Combine(AppContext.BaseDirectory, name.Name + ".dll"))
            .Where(File.Exists)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)),
    ];

    private static ImmutableArray<MetadataReference> CreateNet10()
    {
        var dotnetRoot = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(typeof(object).Assembly.Location))))!;
        var packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
        var pack = Directory.Exists(packs)
            ? Directory.GetDirectories(packs).Where(d => Path.GetFileName(d).StartsWith("10.", StringComparison.Ordinal)).OrderBy(d => d, StringComparer.Ordinal).LastOrDefault()
            : null;
        if (pack is null)
            throw new InvalidOperationException($"No net10.0 reference pack under '{packs}'; the analyzer tests need the .NET 10 SDK's Microsoft.NETCore.App.Ref pack.");
        var refs = Directory.GetFiles(Path.Combine(pack, "ref", "net10.0"), "*.dll");
        return refs.Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)).ToImmutableArray();
    }
}
