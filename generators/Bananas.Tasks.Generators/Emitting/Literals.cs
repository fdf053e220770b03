using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;

namespace Bananas.Tasks.Generators.Emitting;

/// <summary>
/// Every literal the generated code contains is written here, culture-invariantly: the compiler's current culture
/// (another minus sign, decimal separator or digits) must never reach the output. The writer's interpolation
/// (<see cref="CodeText"/>) accepts only strings, so a number cannot slip into a line without passing through here.
/// </summary>
internal static class Literals
{
    /// <summary>A C# string literal (<c>"a\"b"</c>).</summary>
    public static string String(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

    /// <summary>A C# <c>int</c> literal, or a number in a doc comment.</summary>
    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
