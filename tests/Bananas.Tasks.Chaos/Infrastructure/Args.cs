using System.Globalization;

namespace Bananas.Tasks.Chaos.Infrastructure;

/// <summary><c>--name value</c> pairs and <c>--flag</c>s after the role.</summary>
internal sealed class Args
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public Args(IEnumerable<string> args)
    {
        var list = args.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            var a = list[i];
            if (!a.StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unexpected argument '{a}': expected --name value or --flag");
            if (i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal) || i + 1 < list.Count && IsNegativeNumber(list[i + 1]))
                _values[a] = list[++i];
            else
                _flags.Add(a);
        }
    }

    private static bool IsNegativeNumber(string s) => s.Length > 1 && s[0] == '-' && char.IsDigit(s[1]);

    public bool Flag(string name) => _flags.Contains(name);

    public string? Get(string name) => _values.TryGetValue(name, out var v) ? v : null;

    public string Required(string name) => Get(name) ?? throw new ArgumentException($"{name} is required");

    public int Int(string name, int fallback) => Get(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
