using System;
using System.Text;

namespace Bananas.Tasks.Generators.Emitting;

/// <summary>
/// A tiny indenting writer for generated C#: four spaces per level, <c>\n</c> line ends. A fixed block is written from
/// a raw string literal with <see cref="Lines(string)"/>, which re-indents every line of it at the current level, so
/// the emitter shows the generated code as it will read (as System.Text.Json's <c>SourceWriter</c> does).
/// </summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    /// <summary>Writes one line at the current indentation (an empty line stays empty).</summary>
    public SourceWriter Line(string line = "")
    {
        if (line.Length > 0) _text.Append(' ', _indent * 4).Append(line);
        _text.Append('\n');
        return this;
    }

    /// <summary>Writes one interpolated line; its holes take strings only (<see cref="CodeText"/>).</summary>
    public SourceWriter Line(CodeText line) => Line(line.ToString());

    /// <summary>
    /// Writes a multi-line text (a raw string literal: its own indentation is already stripped by the compiler) line by
    /// line at the current indentation (a hole of several lines is already indented like the line it stands on, see
    /// <see cref="CodeText"/>). Empty lines stay empty; <c>\r\n</c> in the emitter's source becomes <c>\n</c>.
    /// </summary>
    public SourceWriter Lines(string text)
    {
        int start = 0;
        while (true)
        {
            int end = text.IndexOf('\n', start);
            var line = end < 0 ? text.Substring(start) : text.Substring(start, end - start);
            Line(line.TrimEnd('\r'));
            if (end < 0) return this;
            start = end + 1;
        }
    }

    /// <summary>Writes an interpolated multi-line template (see <see cref="Lines(string)"/>); its holes take strings only.</summary>
    public SourceWriter Lines(CodeText text) => Lines(text.ToString());

    /// <summary>Writes <c>{</c>, indents, and returns a scope that writes <c>}</c> (plus <paramref name="suffix"/>) when disposed.</summary>
    public Block OpenBlock(string? header = null, string suffix = "")
    {
        if (header is not null) Line(header);
        Line("{");
        _indent++;
        return new Block(this, suffix);
    }

    /// <summary>As <see cref="OpenBlock(string?, string)"/>, with an interpolated header whose holes take strings only.</summary>
    public Block OpenBlock(CodeText header, string suffix = "") => OpenBlock(header.ToString(), suffix);

    private void CloseBlock(string suffix)
    {
        _indent--;
        Line("}" + suffix);
    }

    public override string ToString() => _text.ToString();

    /// <summary>Closes a block on dispose.</summary>
    public readonly struct Block : IDisposable
    {
        private readonly SourceWriter _writer;
        private readonly string _suffix;

        public Block(SourceWriter writer, string suffix)
        {
            _writer = writer;
            _suffix = suffix;
        }

        public void Dispose() => _writer.CloseBlock(_suffix);
    }
}
