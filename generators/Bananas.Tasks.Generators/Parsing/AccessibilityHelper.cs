using System.Linq;
using Microsoft.CodeAnalysis;

namespace Bananas.Tasks.Generators.Parsing;

/// <summary>Accessibility checks for the generated code, which lives in the same assembly as the handler.</summary>
internal static class AccessibilityHelper
{
    /// <summary>True when code elsewhere in the assembly can reach the symbol (public, internal or protected internal).</summary>
    public static bool IsReachableInAssembly(Accessibility accessibility) =>
        accessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal;

    /// <summary>True when the type and all its containing types and type arguments are public.</summary>
    public static bool IsEffectivelyPublic(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol array => IsEffectivelyPublic(array.ElementType),
        INamedTypeSymbol named => IsChainPublic(named) && named.TypeArguments.All(IsEffectivelyPublic),
        _ => type.DeclaredAccessibility == Accessibility.Public,
    };

    private static bool IsChainPublic(INamedTypeSymbol type)
    {
        for (INamedTypeSymbol? t = type; t is not null; t = t.ContainingType)
        {
            if (t.DeclaredAccessibility != Accessibility.Public) return false;
        }
        return true;
    }
}
