// The rules that the runtime, the source generator and the analyzers all apply.
// This ONE file is compiled into Bananas.Tasks (public) and linked into the Roslyn
// components (internal, BUILDING_SOURCE_GENERATOR), so compiler and runtime never disagree.
// It must compile under netstandard2.0 / C# latest without any dependency.
#nullable enable
using System;
using System.Text;

namespace Bananas.Tasks
{
    /// <summary>Routing-key grammar, priority names and task-name derivation shared by runtime, generator and analyzers.</summary>
#if BUILDING_SOURCE_GENERATOR
    internal
#else
    public
#endif
    static class BananasRules
    {
        /// <summary>The route used when none is given: <c>default</c>.</summary>
        public const string DefaultRoutingKey = "default";

        /// <summary>Longest accepted routing key.</summary>
        public const int MaxRoutingKeyLength = 64;

        /// <summary>Longest accepted task name.</summary>
        public const int MaxTaskNameLength = 200;

        /// <summary>Full metadata name of the task attribute.</summary>
        public const string BananaTaskAttributeFullName = "Bananas.Tasks.BananaTaskAttribute";

        /// <summary>Full metadata name of the attribute that marks a task parameter as secret (redacted in payload views).</summary>
        public const string SensitiveAttributeFullName = "Bananas.Tasks.SensitiveAttribute";

        /// <summary>Full metadata name of the attribute that gives a task parameter the old names it also accepts in a payload.</summary>
        public const string BananaArgumentAttributeFullName = "Bananas.Tasks.BananaArgumentAttribute";

        /// <summary>Full metadata name of the assembly-level route declaration attribute.</summary>
        public const string BananaRoutesAttributeFullName = "Bananas.Tasks.BananaRoutesAttribute";

        /// <summary>The accepted routing-key form, for error messages.</summary>
        public const string RoutingKeyForm = "1-64 characters of [A-Za-z0-9_-]";

        /// <summary>Checks a routing key. Returns null when valid, else a message saying what is wrong.</summary>
        public static string? ValidateRoutingKey(string? key)
        {
            if (key is null) return "routing key is null; expected " + RoutingKeyForm;
            if (key.Length == 0) return "routing key is empty; expected " + RoutingKeyForm;
            if (key.Length > MaxRoutingKeyLength)
                return "routing key '" + key + "' is " + key.Length + " characters long; expected " + RoutingKeyForm;
            for (int i = 0; i < key.Length; i++)
            {
                char c = key[i];
                if (!IsRoutingKeyChar(c))
                    return "routing key '" + key + "' has the character '" + Printable(c) + "' at position " + i + "; expected " + RoutingKeyForm;
            }
            return null;
        }

        /// <summary>True when <paramref name="key"/> is 1-64 characters of [A-Za-z0-9_-].</summary>
        public static bool IsValidRoutingKey(string? key) => ValidateRoutingKey(key) is null;

        /// <summary>True for a character allowed in a routing key.</summary>
        public static bool IsRoutingKeyChar(char c) =>
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';

        /// <summary>
        /// A valid key derived from an invalid one when the intent is obvious (trimmed, inner
        /// whitespace to '-'), or null when no such key exists.
        /// </summary>
        public static string? SuggestRoutingKey(string? key)
        {
            if (key is null) return null;
            var trimmed = key.Trim();
            var sb = new StringBuilder(trimmed.Length);
            foreach (var c in trimmed)
            {
                if (char.IsWhiteSpace(c)) { if (sb.Length > 0 && sb[sb.Length - 1] != '-') sb.Append('-'); }
                else sb.Append(c);
            }
            var candidate = sb.ToString();
            return candidate != key && IsValidRoutingKey(candidate) ? candidate : null;
        }

        /// <summary>Checks a task name: 1-200 characters, no control characters or whitespace. Null when valid.</summary>
        public static string? ValidateTaskName(string? name)
        {
            if (name is null || name.Length == 0) return "task name is empty";
            if (name.Length > MaxTaskNameLength) return "task name '" + name + "' is longer than " + MaxTaskNameLength + " characters";
            for (int i = 0; i < name.Length; i++)
            {
                if (char.IsWhiteSpace(name[i]) || char.IsControl(name[i]))
                    return "task name '" + name + "' has whitespace or a control character at position " + i;
            }
            return null;
        }

        /// <summary>
        /// The Bananas task-name convention: a method name in snake_case
        /// (<c>ProcessImage</c> → <c>process_image</c>, <c>SendHTMLMail</c> → <c>send_html_mail</c>,
        /// a trailing <c>Async</c> is dropped).
        /// </summary>
        public static string ToTaskName(string methodName)
        {
            if (methodName is null) throw new ArgumentNullException(nameof(methodName));
            var name = methodName;
            if (name.Length > 5 && name.EndsWith("Async", StringComparison.Ordinal)) name = name.Substring(0, name.Length - 5);
            var sb = new StringBuilder(name.Length + 8);
            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                if (char.IsUpper(c))
                {
                    bool prevLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                    bool acronymEnd = i > 0 && char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1]);
                    if ((prevLowerOrDigit || acronymEnd) && sb.Length > 0 && sb[sb.Length - 1] != '_') sb.Append('_');
                    sb.Append(char.ToLowerInvariant(c));
                }
                else sb.Append(c);
            }
            return sb.ToString();
        }

        /// <summary>Wire name of a numeric priority (1 → high, 2 → normal, 3 → low), or null when out of range.</summary>
        public static string? PriorityWireName(int priority) => priority switch
        {
            1 => "high",
            2 => "normal",
            3 => "low",
            _ => null,
        };

        /// <summary>Numeric priority of a wire name (high → 1, normal → 2, low → 3), or 0 when unknown.</summary>
        public static int PriorityFromWireName(string? name) => name switch
        {
            "high" => 1,
            "normal" => 2,
            "low" => 3,
            _ => 0,
        };

        /// <summary>True when <paramref name="priority"/> is 1 (High), 2 (Normal) or 3 (Low).</summary>
        public static bool IsValidPriority(int priority) => priority >= 1 && priority <= 3;

        private static string Printable(char c) => char.IsControl(c) || char.IsWhiteSpace(c) ? "\\u" + ((int)c).ToString("X4") : c.ToString();
    }
}
