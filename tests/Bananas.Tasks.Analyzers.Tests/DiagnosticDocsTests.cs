using System.Text.RegularExpressions;
using Bananas.Tasks.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Bananas.Tasks.Analyzers.Tests;

/// <summary>Every descriptor has a stable ID in its range, a docs page, a matching help link and a release-tracking line.</summary>
public class DiagnosticDocsTests
{
    private const string HelpLinkFormat = "https://github.com/bananas-tasks/bananas-tasks/blob/main/docs/diagnostics/{0}.md";
    private static readonly string DocsFolder = Path.Combine(RepoPaths.Root, "docs", "diagnostics");

    public static TheoryData<string> Ids => new(DescriptorCatalog.All.Select(d => d.Id));

    [Fact]
    public void Catalog_HoldsEveryRule()
    {
        Assert.True(DescriptorCatalog.All.Length >= 20, $"found only {DescriptorCatalog.All.Length} descriptors");
        Assert.All(DescriptorCatalog.All, d => Assert.Matches(@"^BNT\d{3}$", d.Id));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_HasPageAndHelpLink(string id)
    {
        var descriptor = DescriptorCatalog.All.Single(d => d.Id == id);
        Assert.Equal(string.Format(HelpLinkFormat, id), descriptor.HelpLinkUri);

        var page = Path.Combine(DocsFolder, id + ".md");
        Assert.True(File.Exists(page), $"{id} has no page at {page}");
        var text = File.ReadAllText(page);
        Assert.StartsWith($"# {id}: {descriptor.Title}", text);
        foreach (var section in new[] { "## What is flagged", "## The fix", "## The rule", "## When it stays quiet", "## How to suppress" })
            Assert.Contains(section, text);
        Assert.Contains($"dotnet_diagnostic.{id}.severity", text);
        Assert.Contains($"| {descriptor.DefaultSeverity} |", text);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Descriptor_IsInIndexAndReleaseTracking(string id)
    {
        var descriptor = DescriptorCatalog.All.Single(d => d.Id == id);
        var index = File.ReadAllText(Path.Combine(DocsFolder, "index.md"));
        Assert.Contains($"| [{id}]({id}.md) | {descriptor.DefaultSeverity} | {descriptor.Title} |", index);

        var unshipped = File.ReadAllText(Path.Combine(RepoPaths.Root, "analyzers", "Bananas.Tasks.Analyzers", "AnalyzerReleases.Unshipped.md"));
        var shipped = File.ReadAllText(Path.Combine(RepoPaths.Root, "analyzers", "Bananas.Tasks.Analyzers", "AnalyzerReleases.Shipped.md"));
        Assert.Matches(new Regex($@"^{id} \| {Regex.Escape(descriptor.Category)} \| {descriptor.DefaultSeverity} \|", RegexOptions.Multiline), unshipped + shipped);
    }

    [Fact]
    public void EveryPage_BelongsToADescriptor()
    {
        var pages = Directory.GetFiles(DocsFolder, "BNT*.md").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);
        Assert.Equal(DescriptorCatalog.All.Select(d => d.Id).Order(StringComparer.Ordinal), pages);
    }

    [Fact]
    public void CompilationEndRules_AreTagged()
    {
        foreach (var id in new[] { "BNT130", "BNT131", "BNT140", "BNT145" })
            Assert.Contains(WellKnownDiagnosticTags.CompilationEnd, DescriptorCatalog.All.Single(d => d.Id == id).CustomTags);
    }
}
