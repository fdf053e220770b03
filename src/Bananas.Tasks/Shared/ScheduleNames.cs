// The schedule-name grammar that the runtime (PeriodicTaskDefinition, RedisCronStore) checks and the source generator
// derives names by. This ONE file is compiled into Bananas.Tasks and linked into Bananas.Tasks.Generators, so a name
// the generator derives is one the runtime accepts. It must compile under netstandard2.0 / C# latest without any dependency.
#nullable enable
using System.Globalization;
using System.Text;

namespace Bananas.Tasks
{
    /// <summary>
    /// Schedule names of periodic tasks: 1-100 characters of <c>[A-Za-z0-9_.-]</c> (they are part of the Redis key
    /// <c>&lt;prefix&gt;:cron:&lt;name&gt;</c>); task names allow more. <see cref="For"/> derives the schedule name of a
    /// declarative periodic task (<c>[BananaTask(Cron = …)]</c>) from its task name.
    /// </summary>
    internal static class ScheduleNames
    {
        /// <summary>Longest accepted schedule name.</summary>
        public const int MaxLength = 100;

        /// <summary>The accepted form, for error messages.</summary>
        public const string Form = "1-100 characters of [A-Za-z0-9_.-]";

        /// <summary>Null when <paramref name="name"/> is a valid schedule name, else what is wrong with it.</summary>
        public static string? Validate(string? name)
        {
            if (name is null || name.Length == 0) return "schedule name is empty; expected " + Form;
            if (name.Length > MaxLength)
                return "schedule name '" + name + "' is " + name.Length.ToString(CultureInfo.InvariantCulture) + " characters long; expected " + Form;
            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                if (!IsAllowed(c))
                    return "schedule name '" + name + "' has the character '" + Printable(c) + "' at position " + i.ToString(CultureInfo.InvariantCulture)
                        + "; expected " + Form + " (the name is part of the Redis key <prefix>:cron:<name>)";
            }
            return null;
        }

        /// <summary>True when <paramref name="name"/> is a valid schedule name.</summary>
        public static bool IsValid(string? name) => Validate(name) is null;

        /// <summary>True for a character allowed in a schedule name.</summary>
        public static bool IsAllowed(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '-' or '.';

        /// <summary>
        /// The schedule name of a declarative periodic task. A task name that is a valid schedule name is used as is;
        /// another gets every other character replaced by <c>_</c>, is cut to 91 characters and gets <c>-</c> and 8 hex
        /// digits of a hash of the whole task name, so two task names that differ only in such characters still get
        /// distinct schedule names.
        /// </summary>
        public static string For(string taskName)
        {
            if (IsValid(taskName)) return taskName;
            var sb = new StringBuilder(MaxLength);
            foreach (char c in taskName)
            {
                if (sb.Length == MaxLength - 9) break;
                sb.Append(IsAllowed(c) ? c : '_');
            }
            return sb.Append('-').Append(Fnv1a(taskName).ToString("x8", CultureInfo.InvariantCulture)).ToString();
        }

        /// <summary>A character as a message shows it: control and white-space characters other than space as <c>\uXXXX</c>.</summary>
        private static string Printable(char c) =>
            c != ' ' && (char.IsControl(c) || char.IsWhiteSpace(c)) ? "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) : c.ToString();

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
}
