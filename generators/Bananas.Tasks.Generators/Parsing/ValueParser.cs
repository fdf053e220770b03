using Bananas.Tasks.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Bananas.Tasks.Generators.Parsing;

/// <summary>Classifies an argument or result type into a <see cref="ValueModel"/>; null when no codec can carry it.</summary>
internal static class ValueParser
{
    public static ValueModel? Parse(ITypeSymbol type)
    {
        if (!IsCarriable(type)) return null;

        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            var underlying = nullable.TypeArguments[0];
            if (!IsCarriable(underlying)) return null;
            var kind = Classify(underlying);
            var core = underlying.ToDisplayString(SymbolNames.Qualified);
            return new ValueModel(
                kind,
                core + "?",
                core,
                underlying.ToDisplayString(SymbolNames.Display) + "?",
                AllowsNull: true,
                IsNullableValueType: true,
                IsReferenceType: false,
                IsUnsignedEnum: IsUnsignedEnum(underlying),
                JsonPropertyName: kind == ValueKind.Json ? SimplePropertyName(underlying) : null);
        }

        bool isReference = type.IsReferenceType;
        // A nullable-oblivious reference type is treated as nullable: the generated file is #nullable enable and
        // must not claim more than the user's code does.
        bool allowsNull = isReference && type.NullableAnnotation != NullableAnnotation.NotAnnotated;
        var declared = isReference ? type.WithNullableAnnotation(allowsNull ? NullableAnnotation.Annotated : NullableAnnotation.NotAnnotated) : type;
        var coreType = isReference ? type.WithNullableAnnotation(NullableAnnotation.NotAnnotated) : type;
        var valueKind = Classify(type);
        return new ValueModel(
            valueKind,
            declared.ToDisplayString(SymbolNames.Qualified),
            coreType.ToDisplayString(SymbolNames.Qualified),
            declared.ToDisplayString(SymbolNames.Display),
            allowsNull,
            IsNullableValueType: false,
            IsReferenceType: isReference,
            IsUnsignedEnum: IsUnsignedEnum(type),
            JsonPropertyName: valueKind == ValueKind.Json ? SimplePropertyName(type) : null);
    }

    /// <summary>The property name System.Text.Json's generator gives a non-generic named type on a context: its simple name.</summary>
    public static string? SimplePropertyName(ITypeSymbol type) =>
        type is INamedTypeSymbol { IsGenericType: false } named && named.TypeKind != TypeKind.Error ? named.Name : null;

    /// <summary>
    /// False only for a type the compiler cannot resolve (it reports that itself). Which types can travel at all
    /// (no pointers, ref structs, delegates, streams, open generics, …) is <see cref="TaskShape"/>'s rule, applied
    /// before this parser runs.
    /// </summary>
    private static bool IsCarriable(ITypeSymbol type) => type.TypeKind != TypeKind.Error;

    private static ValueKind Classify(ITypeSymbol type)
    {
        switch (type.SpecialType)
        {
            case SpecialType.System_String: return ValueKind.String;
            case SpecialType.System_Boolean: return ValueKind.Boolean;
            case SpecialType.System_Char: return ValueKind.Char;
            case SpecialType.System_Byte: return ValueKind.Byte;
            case SpecialType.System_SByte: return ValueKind.SByte;
            case SpecialType.System_Int16: return ValueKind.Int16;
            case SpecialType.System_UInt16: return ValueKind.UInt16;
            case SpecialType.System_Int32: return ValueKind.Int32;
            case SpecialType.System_UInt32: return ValueKind.UInt32;
            case SpecialType.System_Int64: return ValueKind.Int64;
            case SpecialType.System_UInt64: return ValueKind.UInt64;
            case SpecialType.System_Single: return ValueKind.Single;
            case SpecialType.System_Double: return ValueKind.Double;
            case SpecialType.System_Decimal: return ValueKind.Decimal;
            case SpecialType.System_DateTime: return ValueKind.DateTime;
        }
        if (type.TypeKind == TypeKind.Enum) return ValueKind.Enum;
        if (type is INamedTypeSymbol { ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true }, Arity: 0 } named)
        {
            switch (named.Name)
            {
                case "Guid": return ValueKind.Guid;
                case "DateTimeOffset": return ValueKind.DateTimeOffset;
                case "TimeSpan": return ValueKind.TimeSpan;
            }
        }
        return ValueKind.Json;
    }

    private static bool IsUnsignedEnum(ITypeSymbol type) =>
        type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying }
        && underlying.SpecialType is SpecialType.System_Byte or SpecialType.System_UInt16 or SpecialType.System_UInt32 or SpecialType.System_UInt64;
}
