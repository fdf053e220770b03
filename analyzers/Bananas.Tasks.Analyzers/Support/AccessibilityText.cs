using Microsoft.CodeAnalysis;

namespace Bananas.Tasks.Analyzers
{
    /// <summary>C# words for an accessibility, for messages.</summary>
    internal static class AccessibilityText
    {
        /// <summary><c>private</c>, <c>protected</c>, <c>private protected</c>, …</summary>
        public static string Describe(Accessibility accessibility) => accessibility switch
        {
            Accessibility.Private => "private",
            Accessibility.Protected => "protected",
            Accessibility.ProtectedAndInternal => "private protected",
            Accessibility.ProtectedOrInternal => "protected internal",
            Accessibility.Internal => "internal",
            Accessibility.Public => "public",
            _ => "not accessible",
        };
    }
}
