using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Bananas.Tasks.Analyzers.Contracts
{
    /// <summary>
    /// How a parameter's type is written in a contract file, and which changes of it jobs already queued survive.
    /// </summary>
    /// <remarks>
    /// A change is compatible when every JSON value the shipped type's encoder wrote is read by the current type's
    /// decoder: the same type; <c>T</c> to <c>T?</c> (a nullable reads every non-null value); an integer to a wider
    /// integer, or to <c>double</c> or <c>decimal</c> when every value fits exactly; <c>float</c> to <c>double</c>;
    /// and each of those to the nullable of the wider type. Anything else is incompatible (BNT142): <c>T?</c> to
    /// <c>T</c> (a queued null would fail), narrowing (<c>long</c> to <c>int</c>), <c>string</c> to a number, one
    /// record to another.
    /// </remarks>
    internal static class ContractTypes
    {
        /// <summary>
        /// Namespaces and containing types, no <c>global::</c>, C# keywords for special types, <c>?</c> for nullable
        /// value and reference types: <c>string</c>, <c>int?</c>, <c>System.Uri</c>, <c>System.Collections.Generic.List&lt;Media.Size&gt;</c>.
        /// </summary>
        public static readonly SymbolDisplayFormat Format = new SymbolDisplayFormat(
            globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
            typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
            genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
            miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes
                | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier
                | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

        /// <summary>The contract text of <paramref name="type"/>.</summary>
        public static string Display(ITypeSymbol type) => type.ToDisplayString(Format);

        // Every value of the key is a JSON number the value type reads exactly.
        private static readonly Dictionary<string, string[]> Widenings = new Dictionary<string, string[]>
        {
            ["sbyte"] = new[] { "short", "int", "long", "float", "double", "decimal" },
            ["byte"] = new[] { "short", "ushort", "int", "uint", "long", "ulong", "float", "double", "decimal" },
            ["short"] = new[] { "int", "long", "float", "double", "decimal" },
            ["ushort"] = new[] { "int", "uint", "long", "ulong", "float", "double", "decimal" },
            ["int"] = new[] { "long", "double", "decimal" },
            ["uint"] = new[] { "long", "ulong", "double", "decimal" },
            ["long"] = new[] { "decimal" },
            ["ulong"] = new[] { "decimal" },
            ["float"] = new[] { "double" },
        };

        /// <summary>
        /// Null when jobs whose property was written as <paramref name="shipped"/> decode as <paramref name="current"/>;
        /// else why not, for BNT142's message.
        /// </summary>
        public static string? WhyIncompatible(string shipped, string current)
        {
            if (shipped == current) return null;
            bool shippedNullable = shipped.EndsWith("?", System.StringComparison.Ordinal);
            bool currentNullable = current.EndsWith("?", System.StringComparison.Ordinal);
            var shippedCore = shippedNullable ? shipped.Substring(0, shipped.Length - 1) : shipped;
            var currentCore = currentNullable ? current.Substring(0, current.Length - 1) : current;
            if (shippedNullable && !currentNullable)
                return shippedCore == currentCore
                    ? "queued jobs may carry null, which a non-nullable '" + current + "' rejects"
                    : "'" + current + "' cannot read every value of '" + shipped + "', and queued jobs may carry null, which it rejects";
            if (shippedCore == currentCore) return null; // T -> T?
            if (Widenings.TryGetValue(shippedCore, out var wider) && System.Array.IndexOf(wider, currentCore) >= 0) return null;
            if (Widenings.TryGetValue(currentCore, out var narrower) && System.Array.IndexOf(narrower, shippedCore) >= 0)
                return "'" + current + "' is narrower than '" + shipped + "': a queued value may not fit";
            return "a JSON value written as '" + shipped + "' does not decode as '" + current + "'";
        }
    }
}
