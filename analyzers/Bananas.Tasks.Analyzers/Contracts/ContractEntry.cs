using Microsoft.CodeAnalysis.Text;

namespace Bananas.Tasks.Analyzers.Contracts
{
    /// <summary>One <c>task</c> or <c>param</c> line of a contract file.</summary>
    internal sealed class ContractEntry
    {
        public ContractEntry(string task, string? parameter, bool optional, string? type, bool removed, string text, TextSpan span, LinePositionSpan lineSpan)
        {
            Task = task;
            Parameter = parameter;
            Optional = optional;
            Type = type;
            Removed = removed;
            Text = text;
            Span = span;
            LineSpan = lineSpan;
        }

        /// <summary>The task name on the wire.</summary>
        public string Task { get; }

        /// <summary>The payload property name for a <c>param</c> line; null for a <c>task</c> line.</summary>
        public string? Parameter { get; }

        /// <summary>True for <c>optional</c>: payloads of this shape may lack the property.</summary>
        public bool Optional { get; }

        /// <summary>The parameter's type as <see cref="ContractTypes.Display"/> writes it; null for a <c>task</c> line.</summary>
        public string? Type { get; }

        /// <summary>True for an entry after <c>#removed</c> in the shipped file: a break the author accepted.</summary>
        public bool Removed { get; }

        /// <summary>The line as written, trimmed: what a code fix moves.</summary>
        public string Text { get; }

        /// <summary>The line's span in its file (without the line break).</summary>
        public TextSpan Span { get; }

        /// <summary>The line's line/column span, for a diagnostic location in the file.</summary>
        public LinePositionSpan LineSpan { get; }

        /// <summary>True for a <c>task</c> line.</summary>
        public bool IsTask => Parameter is null;
    }
}
