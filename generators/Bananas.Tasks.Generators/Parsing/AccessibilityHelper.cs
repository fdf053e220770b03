using System.Linq;
using Microsoft.CodeAnalysis;

namespace Bananas.Tasks.Generators.Parsing;

/// <summary>Whether the generated proxy can be public (reachability of the handler is <see cref="TaskShape"/>'s rule).</summary>
internal static class AccessibilityHelper
{
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
