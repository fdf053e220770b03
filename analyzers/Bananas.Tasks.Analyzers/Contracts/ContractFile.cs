using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis.Text;

namespace Bananas.Tasks.Analyzers.Contracts
{
    /// <summary>
    /// A parsed <c>BananaTasks.Shipped.txt</c> or <c>BananaTasks.Unshipped.txt</c>: its entries and the lines it could not
    /// read. The format (docs/payload-contracts.md), one entry per line, tokens separated by spaces or tabs:
    /// <code>
    /// # a comment
    /// task process_image
    /// param process_image url required string
    /// param process_image width optional int
    /// #removed
    /// param process_image size required int
    /// </code>
    /// The type is the rest of the line, so it may hold spaces (<c>System.Collections.Generic.Dictionary&lt;string, int&gt;</c>).
    /// In the shipped file every entry after the <c>#removed</c> line is removed; in the unshipped file that line is a comment.
    /// </summary>
    internal sealed class ContractFile
    {
        private ContractFile(string path, bool shipped, List<ContractEntry> entries, List<ContractProblem> problems)
        {
            Path = path;
            IsShipped = shipped;
            Entries = entries;
            Problems = problems;
        }

        /// <summary>The file's path, for diagnostic locations.</summary>
        public string Path { get; }

        /// <summary>True for <c>BananaTasks.Shipped.txt</c>.</summary>
        public bool IsShipped { get; }

        /// <summary>Its entries in file order.</summary>
        public IReadOnlyList<ContractEntry> Entries { get; }

        /// <summary>Lines that are no entry (BNT145).</summary>
        public IReadOnlyList<ContractProblem> Problems { get; }

        /// <summary>Parses <paramref name="text"/>, the contents of <paramref name="path"/>.</summary>
        public static ContractFile Parse(string path, SourceText text)
        {
            var shipped = ContractFileNames.IsShipped(path);
            var entries = new List<ContractEntry>();
            var problems = new List<ContractProblem>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var activeTasks = new HashSet<string>(StringComparer.Ordinal);
            bool removed = false;
            foreach (var line in text.Lines)
            {
                var raw = line.ToString();
                var trimmed = raw.Trim();
                if (trimmed.Length == 0) continue;
                var span = TrimmedSpan(line, raw);
                var lineSpan = text.Lines.GetLinePositionSpan(span);
                if (trimmed[0] == '#')
                {
                    if (shipped && string.Equals(trimmed, ContractFileNames.RemovedHeader, StringComparison.OrdinalIgnoreCase))
                    {
                        if (removed) problems.Add(new ContractProblem("the #removed header appears twice; keep one, with every removed entry after it", span, lineSpan));
                        removed = true;
                    }
                    continue;
                }
                var entry = ParseLine(trimmed, removed, span, lineSpan, out var problem);
                if (entry is null)
                {
                    problems.Add(new ContractProblem(problem!, span, lineSpan));
                    continue;
                }
                var key = (removed ? "-" : "+") + (entry.IsTask ? entry.Task : entry.Task + " " + entry.Parameter);
                if (!seen.Add(key))
                {
                    problems.Add(new ContractProblem(
                        (entry.IsTask ? "task '" + entry.Task + "'" : "parameter '" + entry.Parameter + "' of task '" + entry.Task + "'")
                        + " is listed twice" + (removed ? " in the #removed section" : "") + "; delete one of the lines", span, lineSpan));
                    continue;
                }
                if (!removed && entry.IsTask) activeTasks.Add(entry.Task);
                else if (!removed && !activeTasks.Contains(entry.Task))
                {
                    problems.Add(new ContractProblem("parameter '" + entry.Parameter + "' of task '" + entry.Task
                        + "' comes before any 'task " + entry.Task + "' line; write the task line first, then its param lines", span, lineSpan));
                    continue;
                }
                entries.Add(entry);
            }
            return new ContractFile(path, shipped, entries, problems);
        }

        private static ContractEntry? ParseLine(string line, bool removed, TextSpan span, LinePositionSpan lineSpan, out string? problem)
        {
            problem = null;
            var tokens = Split(line, 5);
            if (tokens[0] == ContractFileNames.TaskKeyword)
            {
                if (tokens.Count == 2) return new ContractEntry(tokens[1], null, false, null, removed, line, span, lineSpan);
                problem = "a task line is 'task <task name>'";
                return null;
            }
            if (tokens[0] == ContractFileNames.ParamKeyword)
            {
                if (tokens.Count == 5 && (tokens[3] == "required" || tokens[3] == "optional"))
                    return new ContractEntry(tokens[1], tokens[2], tokens[3] == "optional", tokens[4], removed, line, span, lineSpan);
                problem = "a param line is 'param <task name> <parameter name> required|optional <type>'";
                return null;
            }
            problem = "expected 'task <task name>', 'param <task name> <parameter name> required|optional <type>', a '#' comment or a blank line";
            return null;
        }

        /// <summary>At most <paramref name="max"/> tokens split at spaces and tabs; the last one keeps the rest of the line.</summary>
        private static List<string> Split(string line, int max)
        {
            var tokens = new List<string>(max);
            int i = 0;
            while (i < line.Length)
            {
                while (i < line.Length && IsBlank(line[i])) i++;
                if (i >= line.Length) break;
                if (tokens.Count == max - 1)
                {
                    tokens.Add(line.Substring(i).Trim());
                    break;
                }
                int start = i;
                while (i < line.Length && !IsBlank(line[i])) i++;
                tokens.Add(line.Substring(start, i - start));
            }
            return tokens;
        }

        private static bool IsBlank(char c) => c == ' ' || c == '\t';

        private static TextSpan TrimmedSpan(TextLine line, string raw)
        {
            int start = 0, end = raw.Length;
            while (start < end && char.IsWhiteSpace(raw[start])) start++;
            while (end > start && char.IsWhiteSpace(raw[end - 1])) end--;
            return new TextSpan(line.Start + start, end - start);
        }
    }

    /// <summary>A line of a contract file that is no entry, with what is wrong.</summary>
    internal sealed class ContractProblem
    {
        public ContractProblem(string message, TextSpan span, LinePositionSpan lineSpan)
        {
            Message = message;
            Span = span;
            LineSpan = lineSpan;
        }

        public string Message { get; }
        public TextSpan Span { get; }
        public LinePositionSpan LineSpan { get; }
    }
}
