using System.Globalization;

namespace Bananas.Tasks.Hosting;

/// <summary>Go-style durations as the Bananas env vars use them: <c>30s</c>, <c>5m</c>, <c>1h30m</c>, <c>1.5h</c>, <c>250ms</c>.</summary>
public static class GoDuration
{
    /// <summary>The accepted form, for error messages.</summary>
    public const string Form = "a Go duration such as " + Examples;

    /// <summary>The accepted form of a setting that must be above zero, for error messages: "expected " + this.</summary>
    internal const string PositiveForm = "a positive Go duration such as " + Examples;

    private const string Examples = "30s, 5m, 1h30m or 250ms (units ns, us, ms, s, m, h)";

    /// <summary>Parses a Go duration; false on anything else (a bare number without unit included, except 0).</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        if (s == "0") return true;
        double totalMs = 0;
        int i = 0;
        bool any = false;
        while (i < s.Length)
        {
            int start = i;
            while (i < s.Length && (char.IsDigit(s[i]) || s[i] == '.')) i++;
            if (i == start) return false;
            if (!double.TryParse(s.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)) return false;
            int unitStart = i;
            while (i < s.Length && !char.IsDigit(s[i]) && s[i] != '.') i++;
            double unitMs = s[unitStart..i] switch
            {
                "ns" => 1e-6,
                "us" or "µs" => 1e-3,
                "ms" => 1,
                "s" => 1000,
                "m" => 60_000,
                "h" => 3_600_000,
                _ => double.NaN,
            };
            if (double.IsNaN(unitMs)) return false;
            totalMs += number * unitMs;
            any = true;
        }
        if (!any || totalMs > TimeSpan.MaxValue.TotalMilliseconds) return false;
        value = TimeSpan.FromMilliseconds(totalMs);
        return true;
    }
}
