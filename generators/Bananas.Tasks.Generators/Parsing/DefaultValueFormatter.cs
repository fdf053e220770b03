using System;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Bananas.Tasks.Generators.Parsing;

/// <summary>Turns an optional parameter's default value into C# text (invariant culture, typed suffixes).</summary>
internal static class DefaultValueFormatter
{
    /// <summary>The literal, or null when the parameter has no default.</summary>
    public static string? Format(IParameterSymbol parameter)
    {
        if (!parameter.HasExplicitDefaultValue) return null;
        var type = parameter.Type;
        var value = parameter.ExplicitDefaultValue;
        var underlying = type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } n ? n.TypeArguments[0] : type;

        if (value is null) return type.IsValueType && !ReferenceEquals(underlying, type) ? "null" : type.IsValueType ? "default" : "null";
        if (underlying.TypeKind == TypeKind.Enum)
        {
            var number = Number(value);
            return "(" + underlying.ToDisplayString(SymbolNames.Qualified) + ")" + (number.StartsWith("-", StringComparison.Ordinal) ? "(" + number + ")" : number);
        }
        return value switch
        {
            string s => SymbolDisplay.FormatLiteral(s, quote: true),
            char c => SymbolDisplay.FormatLiteral(c, quote: true),
            bool b => b ? "true" : "false",
            float f => float.IsNaN(f) ? "float.NaN" : float.IsPositiveInfinity(f) ? "float.PositiveInfinity" : float.IsNegativeInfinity(f) ? "float.NegativeInfinity" : f.ToString("R", CultureInfo.InvariantCulture) + "F",
            double d => double.IsNaN(d) ? "double.NaN" : double.IsPositiveInfinity(d) ? "double.PositiveInfinity" : double.IsNegativeInfinity(d) ? "double.NegativeInfinity" : d.ToString("R", CultureInfo.InvariantCulture) + "D",
            decimal m => m.ToString(CultureInfo.InvariantCulture) + "M",
            uint u => u.ToString(CultureInfo.InvariantCulture) + "U",
            long l => l.ToString(CultureInfo.InvariantCulture) + "L",
            ulong ul => ul.ToString(CultureInfo.InvariantCulture) + "UL",
            _ => Number(value),
        };
    }

    private static string Number(object value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "0";
}
