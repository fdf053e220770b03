using System.Text;

namespace Bananas.Tasks.Generators.Parsing;

/// <summary>
/// The schedule name of a declarative periodic task. Schedule names are 1-100 characters of <c>[A-Za-z0-9_.-]</c>
/// (they are part of a Redis key); task names allow more. A task name that fits is used as is; another gets every
/// other character replaced by <c>_</c>, is cut to 91 characters and gets <c>-</c> and 8 hex digits of a hash of the
/// whole task name, so two task names that differ only in such characters still get distinct schedule names.
/// </summary>
internal static class ScheduleNames
{
    /// <summary>Longest schedule name the runtime accepts.</summary>
    public const int MaxLength = 100;

    public static string For(string taskName)
    {
        if (IsValid(taskName)) return taskName;
        var sb = new StringBuilder(MaxLength);
        foreach (char c in taskName)
        {
            if (sb.Length == MaxLength - 9) break;
            sb.Append(IsAllowed(c) ? c : '_');
        }
        return sb.Append('-').Append(Fnv1a(taskName).ToString("x8", System.Globalization.CultureInfo.InvariantCulture)).ToString();
    }

    public static bool IsValid(string name)
    {
        if (name.Length == 0 || name.Length > MaxLength) return false;
        foreach (char c in name)
        {
            if (!IsAllowed(c)) return false;
        }
        return true;
    }

    private static bool IsAllowed(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '-' or '.';

    /// <summary>32-bit FNV-1a over the UTF-16 code units: stable across runs and platforms (unlike string.GetHashCode).</summary>
    private static uint Fnv1a(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text)
        {
            hash = unchecked((hash ^ (byte)c) * 16777619);
            hash = unchecked((hash ^ (byte)(c >> 8)) * 16777619);
        }
        return hash;
    }
}
