using System;
using System.Text;

namespace Bananas.Tasks.Generators.Emitting;

/// <summary>A tiny indenting writer for generated C#: four spaces per level, <c>\n</c> line ends.</summary>
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

    /// <summary>Writes <c>{</c>, indents, and returns a scope that writes <c>}</c> (plus <paramref name="suffix"/>) when disposed.</summary>
    public Block OpenBlock(string? header = null, string suffix = "")
    {
        if (header is not null) Line(header);
        Line("{");
        _indent++;
        return new Block(this, suffix);
    }

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
