using System.Collections.Generic;
using System.Text;

namespace Bananas.Tasks.Analyzers.Contracts
{
    /// <summary>The lines a task's current shape is written as (BNT144's fix), and the edits the code fixes make to a file's text.</summary>
    internal static class ContractLines
    {
        /// <summary><c>task &lt;name&gt;</c>.</summary>
        public static string Task(string task) => ContractFileNames.TaskKeyword + " " + task;

        /// <summary><c>param &lt;task&gt; &lt;name&gt; required|optional &lt;type&gt;</c>.</summary>
        public static string Param(string task, string name, bool optional, string type) =>
            ContractFileNames.ParamKeyword + " " + task + " " + name + " " + (optional ? "optional" : "required") + " " + type;

        /// <summary>
        /// <paramref name="text"/> with <paramref name="block"/> (a task line and its param lines) inserted before the first
        /// task line of a later task name (ordinal) outside the <c>#removed</c> section, else at the end of that section:
        /// the file stays sorted by task name when it was.
        /// </summary>
        public static string InsertTask(string text, string task, IReadOnlyList<string> block)
        {
            var lines = SplitLines(text);
            int insertAt = lines.Count;
            while (insertAt > 0 && lines[insertAt - 1].Trim().Length == 0) insertAt--;
            for (int i = 0; i < lines.Count; i++)
            {
                var trimmed = lines[i].Trim();
                if (string.Equals(trimmed, ContractFileNames.RemovedHeader, System.StringComparison.OrdinalIgnoreCase)) { insertAt = i; break; }
                if (trimmed.StartsWith(ContractFileNames.TaskKeyword + " ", System.StringComparison.Ordinal)
                    && string.CompareOrdinal(trimmed.Substring(5).Trim(), task) > 0) { insertAt = i; break; }
            }
            lines.InsertRange(insertAt, block);
            return Join(lines);
        }

        /// <summary>
        /// <paramref name="text"/> with the active line <paramref name="line"/> moved to the end of the <c>#removed</c>
        /// section (the header is added at the end when missing); null when the line is not in the active section.
        /// </summary>
        public static string? MoveToRemoved(string text, string line)
        {
            var lines = SplitLines(text);
            int header = lines.FindIndex(l => string.Equals(l.Trim(), ContractFileNames.RemovedHeader, System.StringComparison.OrdinalIgnoreCase));
            int active = header < 0 ? lines.Count : header;
            int found = lines.FindIndex(0, active, l => l.Trim() == line);
            if (found < 0) return null;
            lines.RemoveAt(found);
            if (header > found) header--;
            if (header < 0)
            {
                while (lines.Count > 0 && lines[lines.Count - 1].Trim().Length == 0) lines.RemoveAt(lines.Count - 1);
                lines.Add(ContractFileNames.RemovedHeader);
                lines.Add(line);
            }
            else
            {
                int end = lines.Count;
                while (end > header && lines[end - 1].Trim().Length == 0) end--;
                lines.Insert(end, line);
            }
            return Join(lines);
        }

        private static List<string> SplitLines(string text)
        {
            var lines = new List<string>(text.Replace("\r\n", "\n").Split('\n'));
            if (lines.Count > 0 && lines[lines.Count - 1].Length == 0) lines.RemoveAt(lines.Count - 1);
            return lines;
        }

        private static string Join(List<string> lines)
        {
            var builder = new StringBuilder();
            foreach (var line in lines) builder.Append(line).Append('\n');
            return builder.ToString();
        }
    }
}
