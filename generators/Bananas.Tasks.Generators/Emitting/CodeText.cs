using System.Runtime.CompilerServices;
using System.Text;

namespace Bananas.Tasks.Generators.Emitting;

/// <summary>
/// The interpolated-string handler of <see cref="SourceWriter"/>: its holes take strings only, so <c>$"… {count} …"</c>
/// with a number does not compile (write <c>{Literals.Int(count)}</c>), and no current culture can format a value.
/// A hole of several lines is indented like the line it stands on, so a template may take a list of statements.
/// </summary>
[InterpolatedStringHandler]
internal readonly struct CodeText
{
    private readonly StringBuilder _text;

    public CodeText(int literalLength, int formattedCount) => _text = new StringBuilder(literalLength + formattedCount * 16);

    public void AppendLiteral(string value) => _text.Append(value);

    /// <summary>
    /// Appends a hole. A value of several lines (a list of statements) keeps the shape of the template: its later lines
    /// get the indentation of the line the hole stands on (empty lines stay empty).
    /// </summary>
    public void AppendFormatted(string? value)
    {
        if (value is null) return;
        if (value.IndexOf('\n') < 0)
        {
            _text.Append(value);
            return;
        }
        int lineStart = _text.Length;
        while (lineStart > 0 && _text[lineStart - 1] != '\n') lineStart--;
        int indent = 0;
        while (lineStart + indent < _text.Length && _text[lineStart + indent] == ' ') indent++;
        var lines = value.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                _text.Append('\n');
                if (lines[i].Length > 0) _text.Append(' ', indent);
            }
            _text.Append(lines[i]);
        }
    }

    public override string ToString() => _text.ToString();
}
