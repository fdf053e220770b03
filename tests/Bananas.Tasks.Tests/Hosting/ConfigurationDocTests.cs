using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Bananas.Tasks.Client;
using Bananas.Tasks.Hosting;
using Bananas.Tasks.Periodic;
using Bananas.Tasks.Worker;

namespace Bananas.Tasks.Tests.Hosting;

/// <summary>
/// docs/configuration.md cannot drift from the options classes: each class has a section headed with its name, whose
/// table has one row per public settable property, and no row for a property that does not exist.
/// </summary>
public partial class ConfigurationDocTests
{
    public static TheoryData<Type> OptionsTypes() =>
    [
        typeof(BananasOptions),
        typeof(BananasWorkerOptions),
        typeof(BananasClientOptions),
        typeof(PeriodicTaskOptions),
        typeof(BananasHealthCheckOptions),
    ];

    private static string DocPath([CallerFilePath] string thisFile = "")
    {
        for (var dir = Path.GetDirectoryName(thisFile); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "Bananas.Tasks.sln"))) return Path.Combine(dir, "docs", "configuration.md");
        }
        throw new InvalidOperationException($"No Bananas.Tasks.sln above '{thisFile}'; the tests must run from a checkout of the repository.");
    }

    /// <summary>The text from the heading "## `TypeName`" to the next "## " heading.</summary>
    private static string Section(string doc, string typeName)
    {
        var heading = $"## `{typeName}`";
        var start = doc.IndexOf(heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/configuration.md has no section headed '{heading}'.");
        var end = doc.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return end < 0 ? doc[start..] : doc[start..end];
    }

    [GeneratedRegex(@"^\| `(?<name>[A-Za-z]+)` \|", RegexOptions.Multiline)]
    private static partial Regex OptionRow();

    [Theory]
    [MemberData(nameof(OptionsTypes))]
    public void Every_public_settable_property_has_a_row_in_its_section_and_every_row_is_a_property(Type type)
    {
        var section = Section(File.ReadAllText(DocPath()).ReplaceLineEndings("\n"), type.Name);
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true })
            .Select(p => p.Name)
            .Order(StringComparer.Ordinal)
            .ToArray();
        var rows = OptionRow().Matches(section).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);

        var missing = properties.Where(p => !rows.Contains(p)).ToArray();
        Assert.True(missing.Length == 0, $"docs/configuration.md, section {type.Name}: no row for {string.Join(", ", missing)}.");
        var stale = rows.Where(r => !properties.Contains(r, StringComparer.Ordinal)).Order(StringComparer.Ordinal).ToArray();
        Assert.True(stale.Length == 0, $"docs/configuration.md, section {type.Name}: rows for {string.Join(", ", stale)}, which {type.Name} does not have.");
    }

    [GeneratedRegex(@"(?:Read\(|configuration\?\[)""(?<name>[A-Z][A-Z_]+)""")]
    private static partial Regex VariableRead();

    /// <summary>The variables are read where BananasConfiguration.cs calls Read("NAME", …) or configuration?["NAME"].</summary>
    [Fact]
    public void Every_environment_variable_the_configuration_reads_has_a_row()
    {
        var docPath = DocPath();
        var source = File.ReadAllText(Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(docPath))!, "src", "Bananas.Tasks", "Hosting", "BananasConfiguration.cs"));
        var variables = VariableRead().Matches(source).Select(m => m.Groups["name"].Value).Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.Contains("WORKER_ROUTE_CONCURRENCY", variables);
        var doc = File.ReadAllText(docPath);
        var missing = variables.Where(v => !doc.Contains($"| `{v}` |", StringComparison.Ordinal)).ToArray();
        Assert.True(missing.Length == 0, $"docs/configuration.md has no row for {string.Join(", ", missing)}.");
    }
}
