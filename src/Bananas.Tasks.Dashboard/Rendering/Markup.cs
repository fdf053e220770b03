using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;

namespace Bananas.Tasks.Dashboard.Rendering;

/// <summary>
/// HTML that is safe to write as it is: either literal text of our own templates or text that went through the encoder.
/// The only way to make one from data is the <see cref="H"/> interpolation, whose holes are HTML-encoded (strings, numbers,
/// dates) unless they already are <see cref="Markup"/>: so job payloads, names and error texts can never become tags.
/// </summary>
internal readonly struct Markup
{
    private readonly string? _value;

    private Markup(string value) => _value = value;

    /// <summary>The HTML text.</summary>
    public string Value => _value ?? "";

    /// <summary>Nothing.</summary>
    public static Markup Empty => default;

    /// <summary>HTML from a template: literal parts as written, holes encoded.</summary>
    public static Markup H(MarkupHandler handler) => handler.ToMarkup();

    /// <summary>Encodes a text.</summary>
    public static Markup Text(string? text) => new(HtmlEncoder.Default.Encode(text ?? ""));

    /// <summary>The concatenation of several pieces.</summary>
    public static Markup Join(IEnumerable<Markup> parts)
    {
        var sb = new StringBuilder();
        foreach (var p in parts) sb.Append(p.Value);
        return new(sb.ToString());
    }

    /// <summary>Only for <see cref="MarkupHandler"/>: its text is already safe.</summary>
    internal static Markup Trusted(string html) => new(html);

    /// <inheritdoc/>
    public override string ToString() => Value;
}

/// <summary>The interpolation behind <see cref="Markup.H"/>: literals raw, every hole HTML-encoded unless it is <see cref="Markup"/>.</summary>
[InterpolatedStringHandler]
internal readonly ref struct MarkupHandler
{
    private readonly StringBuilder _sb;

    public MarkupHandler(int literalLength, int formattedCount) => _sb = new StringBuilder(literalLength + formattedCount * 16);

    public void AppendLiteral(string literal) => _sb.Append(literal);

    public void AppendFormatted(Markup markup) => _sb.Append(markup.Value);

    public void AppendFormatted(IEnumerable<Markup> parts)
    {
        foreach (var p in parts) _sb.Append(p.Value);
    }

    public void AppendFormatted(string? text) => _sb.Append(HtmlEncoder.Default.Encode(text ?? ""));

    public void AppendFormatted<T>(T value) =>
        _sb.Append(HtmlEncoder.Default.Encode(value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value?.ToString() ?? ""));

    public Markup ToMarkup() => Markup.Trusted(_sb.ToString());
}
