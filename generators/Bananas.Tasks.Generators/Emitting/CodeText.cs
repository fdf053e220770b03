using System.Runtime.CompilerServices;
using System.Text;

namespace Bananas.Tasks.Generators.Emitting;

/// <summary>
/// The interpolated-string handler of <see cref="SourceWriter"/>: its holes take strings only, so <c>$"… {count} …"</c>
/// with a number does not compile (write <c>{Literals.Int(count)}</c>), and no current culture can format a value.
/// </summary>
[InterpolatedStringHandler]
internal readonly struct CodeText
{
    private readonly StringBuilder _text;

    public CodeText(int literalLength, int formattedCount) => _text = new StringBuilder(literalLength + formattedCount * 16);

    public void AppendLiteral(string value) => _text.Append(value);

    public void AppendFormatted(string? value) => _text.Append(value);

    public override string ToString() => _text.ToString();
}
