using Microsoft.CodeAnalysis;

namespace Bananas.Tasks.Generators.Parsing;

/// <summary>Display formats and well-known metadata names the parser uses.</summary>
internal static class SymbolNames
{
    /// <summary>Full metadata name of the JSON context registration attribute (in the runtime's <c>Json/</c> folder).</summary>
    public const string BananasJsonContextAttribute = "Bananas.Tasks.BananasJsonContextAttribute";

    public const string JsonSerializableAttribute = "System.Text.Json.Serialization.JsonSerializableAttribute";

    /// <summary><c>global::</c>-qualified, keywords for special types, <c>?</c> on annotated reference types.</summary>
    public static readonly SymbolDisplayFormat Qualified = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>Short names for error messages (<c>Thumbnail</c>, <c>int?</c>, <c>List&lt;string&gt;</c>).</summary>
    public static readonly SymbolDisplayFormat Display = SymbolDisplayFormat.MinimallyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>Full name of a type's original definition without <c>global::</c> (<c>System.Threading.Tasks.Task`1</c> style is not used; arity is checked separately).</summary>
    public static string FullName(ITypeSymbol type) =>
        type.OriginalDefinition.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.WithGenericsOptions(SymbolDisplayGenericsOptions.None)).Replace("global::", "");
}
