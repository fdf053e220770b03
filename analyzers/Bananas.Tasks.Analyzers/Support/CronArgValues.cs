using System.Globalization;
using Microsoft.CodeAnalysis;

namespace Bananas.Tasks.Analyzers
{
    /// <summary>
    /// Whether a <c>CronArgs</c> value can be read as its parameter, by the rules of the generated decoder
    /// (<c>TaskJsonReader</c>): strings for <c>string</c>, <c>char</c> (one character), <c>Guid</c>, <c>DateTime</c>,
    /// <c>DateTimeOffset</c> and <c>TimeSpan</c>; <c>true</c>/<c>false</c> for <c>bool</c>; plain integers in range for
    /// integer types; numbers for <c>float</c>, <c>double</c>, <c>decimal</c>; a number or a member name for an enum;
    /// <c>null</c> only for a nullable parameter. Other types are read through a JSON context and are not judged here.
    /// </summary>
    internal static class CronArgValues
    {
        /// <summary>Null when the value fits, else the problem.</summary>
        public static string? Check(IParameterSymbol parameter, CronArgsJson.Property value)
        {
            var type = parameter.Type;
            bool isNullableValue = type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T };
            var core = isNullableValue ? ((INamedTypeSymbol)type).TypeArguments[0] : type;

            if (value.IsNull)
            {
                bool allowsNull = isNullableValue || (type.IsReferenceType && type.NullableAnnotation != NullableAnnotation.NotAnnotated);
                return allowsNull ? null : Mismatch(parameter, value, "a non-null value");
            }

            if (core.TypeKind == TypeKind.Enum)
                return value.IsNumber || value.IsString ? null : Mismatch(parameter, value, "a number or a member name");

            switch (core.SpecialType)
            {
                case SpecialType.System_String:
                    return value.IsString ? null : Mismatch(parameter, value, "a string");
                case SpecialType.System_Char:
                    return value.IsString && value.StringValue!.Length == 1 ? null : Mismatch(parameter, value, "a one-character string");
                case SpecialType.System_Boolean:
                    return value.IsBoolean ? null : Mismatch(parameter, value, "true or false");
                case SpecialType.System_Single:
                case SpecialType.System_Double:
                case SpecialType.System_Decimal:
                    return value.IsNumber ? null : Mismatch(parameter, value, "a number");
                case SpecialType.System_Byte: return Integer(parameter, value, byte.MinValue, byte.MaxValue);
                case SpecialType.System_SByte: return Integer(parameter, value, sbyte.MinValue, sbyte.MaxValue);
                case SpecialType.System_Int16: return Integer(parameter, value, short.MinValue, short.MaxValue);
                case SpecialType.System_UInt16: return Integer(parameter, value, ushort.MinValue, ushort.MaxValue);
                case SpecialType.System_Int32: return Integer(parameter, value, int.MinValue, int.MaxValue);
                case SpecialType.System_UInt32: return Integer(parameter, value, uint.MinValue, uint.MaxValue);
                case SpecialType.System_Int64: return Integer(parameter, value, long.MinValue, long.MaxValue);
                case SpecialType.System_UInt64: return Integer(parameter, value, ulong.MinValue, ulong.MaxValue);
            }

            if (core.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true }
                && core.Name is "Guid" or "DateTime" or "DateTimeOffset" or "TimeSpan")
                return value.IsString ? null : Mismatch(parameter, value, "a string");
            return null;
        }

        private static string? Integer(IParameterSymbol parameter, CronArgsJson.Property value, decimal min, decimal max)
        {
            if (!value.IsNumber || value.RawValue.IndexOfAny(new[] { '.', 'e', 'E' }) >= 0)
                return Mismatch(parameter, value, "an integer");
            if (!decimal.TryParse(value.RawValue, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
                return "CronArgs gives '" + parameter.Name + "' " + value.Describe() + ", which is out of range for " + TypeText(parameter.Type)
                    + " (" + min.ToString(CultureInfo.InvariantCulture) + " to " + max.ToString(CultureInfo.InvariantCulture) + ")";
            return null;
        }

        private static string Mismatch(IParameterSymbol parameter, CronArgsJson.Property value, string expected) =>
            "CronArgs gives '" + parameter.Name + "' " + value.Describe() + ", but the parameter is " + TypeText(parameter.Type) + "; expected " + expected;

        private static string TypeText(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
    }
}
