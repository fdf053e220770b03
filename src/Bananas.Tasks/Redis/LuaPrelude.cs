using System.Text;
using System.Text.RegularExpressions;

namespace Bananas.Tasks.Redis;

/// <summary>
/// The part of <c>_common.lua</c> a script needs: its top-level definitions (a <c>local function</c>, a <c>local</c>
/// declaration, or the assignment of a declared local, <c>name = function</c>) that the script uses, directly or through
/// another definition it uses, in the file's order. Every call of a script runs its whole text, and each definition
/// creates a closure: sending all ~40 helpers with every script cost Redis about 9 µs per call, where a script needs a
/// handful. The agreement tests run the helpers from the whole file.
/// </summary>
internal static partial class LuaPrelude
{
    private sealed record Chunk(string Text, IReadOnlyList<string> Defines, IReadOnlySet<string> Uses);

    /// <summary>The definitions of <paramref name="common"/> that <paramref name="script"/> needs, as Lua text.</summary>
    public static string For(string common, string script)
    {
        var chunks = Split(common);
        var needed = Identifiers(string.Join("\n", script.Split('\n').Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal))));
        var included = new bool[chunks.Count];
        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int i = 0; i < chunks.Count; i++)
            {
                if (included[i] || !chunks[i].Defines.Any(needed.Contains)) continue;
                included[i] = true;
                changed = true;
                needed.UnionWith(chunks[i].Uses);
            }
        }
        var text = new StringBuilder();
        for (int i = 0; i < chunks.Count; i++)
            if (included[i]) text.Append(chunks[i].Text);
        return text.ToString();
    }

    /// <summary>
    /// The file cut at each top-level definition; the comment lines just before a definition go with it, the text before
    /// the first definition (the file's header) with none.
    /// </summary>
    private static List<Chunk> Split(string common)
    {
        var lines = common.Replace("\r\n", "\n").Split('\n');
        var starts = new List<(int Line, List<string> Names)>();
        for (int i = 0; i < lines.Length; i++)
        {
            var names = DefinedBy(lines[i]);
            if (names is null) continue;
            int start = i;
            while (start > 0 && lines[start - 1].StartsWith("--", StringComparison.Ordinal) && (starts.Count == 0 || start - 1 > starts[^1].Line)) start--;
            starts.Add((start, names));
        }
        var chunks = new List<Chunk>(starts.Count);
        for (int c = 0; c < starts.Count; c++)
        {
            int end = c + 1 < starts.Count ? starts[c + 1].Line : lines.Length;
            var text = string.Join("\n", lines[starts[c].Line..end]) + "\n";
            // What it uses: the identifiers of its code lines (comment lines name other helpers in prose), less its own names.
            var code = string.Join("\n", lines[starts[c].Line..end].Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal)));
            var uses = Identifiers(code);
            uses.ExceptWith(starts[c].Names);
            chunks.Add(new Chunk(text, starts[c].Names, uses));
        }
        return chunks;
    }

    /// <summary>The names a top-level line defines, or null when it starts no definition.</summary>
    private static List<string>? DefinedBy(string line)
    {
        if (LocalFunction().Match(line) is { Success: true } f) return [f.Groups[1].Value];
        if (Assignment().Match(line) is { Success: true } a) return [a.Groups[1].Value];
        if (LocalNames().Match(line) is { Success: true } l) return l.Groups[1].Value.Split(',').Select(n => n.Trim()).ToList();
        return null;
    }

    private static HashSet<string> Identifiers(string text) =>
        Identifier().Matches(text).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"^local function ([A-Za-z_][A-Za-z0-9_]*)\(")]
    private static partial Regex LocalFunction();

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_]*) = function\(")]
    private static partial Regex Assignment();

    [GeneratedRegex(@"^local ([A-Za-z_][A-Za-z0-9_]*(?:, *[A-Za-z_][A-Za-z0-9_]*)*)(?: = |$)")]
    private static partial Regex LocalNames();

    [GeneratedRegex(@"[A-Za-z_][A-Za-z0-9_]*")]
    private static partial Regex Identifier();
}
