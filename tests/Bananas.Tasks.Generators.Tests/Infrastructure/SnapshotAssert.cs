extern alias BananasGenerator;

using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.CodeAnalysis;

namespace Bananas.Tasks.Generators.Tests.Infrastructure;

/// <summary>
/// Golden files without Verify: <c>Snapshots/{Test}/{HintName}.txt</c> beside this project's sources. The set of
/// files is compared first, then each file line by line; a mismatch prints a diff. Run with
/// <c>BANANAS_ACCEPT_SNAPSHOTS=1</c> to rewrite the files (and delete stale ones) instead of failing.
/// </summary>
internal static class SnapshotAssert
{
    private const string VersionPlaceholder = "%VERSION%";

    public static bool Accepting => Environment.GetEnvironmentVariable("BANANAS_ACCEPT_SNAPSHOTS") == "1";

    public static void Matches(GeneratorRunResult result, string testName, [CallerFilePath] string callerPath = "")
    {
        var directory = Path.Combine(Path.GetDirectoryName(callerPath)!, "Snapshots", testName);
        var actual = result.GeneratedSources.ToDictionary(s => s.HintName + ".txt", s => Normalize(s.SourceText.ToString()), StringComparer.Ordinal);

        if (Accepting)
        {
            Directory.CreateDirectory(directory);
            foreach (var stale in Directory.GetFiles(directory, "*.txt").Where(f => !actual.ContainsKey(Path.GetFileName(f)))) File.Delete(stale);
            foreach (var (name, text) in actual) File.WriteAllText(Path.Combine(directory, name), text);
            return;
        }

        Assert.True(Directory.Exists(directory), $"No snapshots in {directory}. Run the tests with BANANAS_ACCEPT_SNAPSHOTS=1 to create them, then review them.");
        var expectedNames = Directory.GetFiles(directory, "*.txt").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        var actualNames = actual.Keys.Order(StringComparer.Ordinal).ToList();
        Assert.True(expectedNames.SequenceEqual(actualNames),
            $"Generated files differ from the snapshots of {testName}.\nExpected: {string.Join(", ", expectedNames)}\nActual:   {string.Join(", ", actualNames)}\n(BANANAS_ACCEPT_SNAPSHOTS=1 accepts the new set.)");

        var failures = new StringBuilder();
        foreach (var name in actualNames)
        {
            var expected = File.ReadAllText(Path.Combine(directory, name!)).ReplaceLineEndings("\n");
            var diff = LineDiff(expected, actual[name!]);
            if (diff is not null) failures.Append("--- ").Append(name).Append('\n').Append(diff).Append('\n');
        }
        Assert.True(failures.Length == 0, $"Generated source differs from the snapshots of {testName} (BANANAS_ACCEPT_SNAPSHOTS=1 accepts it):\n{failures}");
    }

    private static string Normalize(string source) =>
        source.ReplaceLineEndings("\n").Replace("\"" + BananasGenerator::Bananas.Tasks.Generators.Emitting.FileHeader.Version + "\"", "\"" + VersionPlaceholder + "\"");

    /// <summary>Null when equal, else the first differing line with a little context and a count of differing lines.</summary>
    internal static string? LineDiff(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        int first = -1, count = 0;
        for (int i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var el = i < e.Length ? e[i] : null;
            var al = i < a.Length ? a[i] : null;
            if (el == al) continue;
            count++;
            if (first < 0) first = i;
        }
        if (first < 0) return null;
        var sb = new StringBuilder();
        sb.Append($"first difference at line {first + 1} ({count} differing line(s)):\n");
        for (int i = Math.Max(0, first - 2); i < Math.Min(Math.Max(e.Length, a.Length), first + 6); i++)
        {
            var el = i < e.Length ? e[i] : "<end of file>";
            var al = i < a.Length ? a[i] : "<end of file>";
            if (el == al) sb.Append($"  {i + 1,4}  {el}\n");
            else sb.Append($"- {i + 1,4}  {el}\n+ {i + 1,4}  {al}\n");
        }
        return sb.ToString();
    }
}
