using Microsoft.CodeAnalysis;

namespace Bananas.Tasks.Analyzers
{
    /// <summary>Why a type cannot travel as JSON in a job (BNT050, BNT051).</summary>
    internal static class Serializability
    {
        /// <summary>
        /// Null when <paramref name="type"/> can be serialized as far as the compiler can tell, else the reason.
        /// Array element types and type arguments are checked too (<c>List&lt;Action&gt;</c> is reported).
        /// </summary>
        public static string? WhyNot(ITypeSymbol type, BananasSymbols symbols) => WhyNot(type, symbols, depth: 0);

        private static string? WhyNot(ITypeSymbol type, BananasSymbols symbols, int depth)
        {
            if (depth > 8) return null;
            switch (type.TypeKind)
            {
                case TypeKind.Pointer:
                case TypeKind.FunctionPointer:
                    return "pointers cannot be serialized";
                case TypeKind.Delegate:
                    return "delegates cannot be serialized; pass the data the delegate would use instead";
                case TypeKind.TypeParameter:
                    return "an open generic type cannot be serialized; use a concrete type";
                case TypeKind.Dynamic:
                    return "dynamic cannot be deserialized to a known type; use a concrete type";
                case TypeKind.Array:
                    return WhyNot(((IArrayTypeSymbol)type).ElementType, symbols, depth + 1);
            }
            if (type.IsRefLikeType)
                return "a ref struct such as Span<T> cannot be stored; use an array";
            if (type.SpecialType is SpecialType.System_Delegate or SpecialType.System_MulticastDelegate)
                return "delegates cannot be serialized; pass the data the delegate would use instead";
            if (symbols.Stream is not null && InheritsFrom(type, symbols.Stream))
                return "a stream cannot be serialized; pass a path, URL or blob id and open the stream in the handler";
            if (type is not INamedTypeSymbol named) return null;

            if (named.TypeKind == TypeKind.Interface && !IsCollectionInterface(named) && !HasResolver(named, symbols))
                return "an interface cannot be created when the job is read back; use a concrete type or add [JsonDerivedType] for its implementations";
            if (named.TypeKind == TypeKind.Class && named.IsAbstract && !HasResolver(named, symbols))
                return "an abstract type cannot be created when the job is read back; use a concrete type or add [JsonDerivedType] for its subtypes";

            foreach (var argument in named.TypeArguments)
            {
                var reason = WhyNot(argument, symbols, depth + 1);
                if (reason is not null) return reason;
            }
            return null;
        }

        private static bool InheritsFrom(ITypeSymbol type, INamedTypeSymbol baseType)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current, baseType)) return true;
            }
            return false;
        }

        /// <summary>[JsonDerivedType] or [JsonConverter] tells System.Text.Json how to create the type.</summary>
        private static bool HasResolver(INamedTypeSymbol type, BananasSymbols symbols)
        {
            foreach (var attribute in type.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, symbols.JsonDerivedTypeAttribute)
                    || SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, symbols.JsonConverterAttribute))
                    return true;
            }
            return false;
        }

        /// <summary>Collection interfaces System.Text.Json deserializes into a concrete List, Dictionary or HashSet.</summary>
        private static bool IsCollectionInterface(INamedTypeSymbol type)
        {
            var ns = type.ContainingNamespace?.ToDisplayString();
            if (ns != "System.Collections.Generic" && ns != "System.Collections") return false;
            return type.MetadataName is "IEnumerable`1" or "ICollection`1" or "IList`1" or "IReadOnlyCollection`1" or "IReadOnlyList`1"
                or "ISet`1" or "IReadOnlySet`1" or "IDictionary`2" or "IReadOnlyDictionary`2"
                or "IEnumerable" or "ICollection" or "IList" or "IDictionary";
        }
    }
}
