using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Bananas.Tasks.Analyzers
{
    /// <summary>
    /// What the generated codec can serialize without reflection: the types it encodes itself, plus every
    /// type the context registered with <c>[assembly: BananasJsonContext(typeof(Ctx))]</c> has metadata for
    /// (its <c>[JsonSerializable(typeof(T))]</c> roots and the types they reach through public properties,
    /// fields, elements and type arguments, as the System.Text.Json generator does).
    /// </summary>
    internal sealed class JsonContextCoverage
    {
        /// <summary>Metadata name of the registration attribute.</summary>
        public const string AttributeFullName = "Bananas.Tasks.BananasJsonContextAttribute";

        private readonly HashSet<ITypeSymbol> _reachable;

        private JsonContextCoverage(INamedTypeSymbol? context, bool allowReflection, HashSet<ITypeSymbol> reachable)
        {
            Context = context;
            AllowReflection = allowReflection;
            _reachable = reachable;
        }

        /// <summary>The registered context type, or null when none is registered.</summary>
        public INamedTypeSymbol? Context { get; }

        /// <summary>True when the assembly opted into reflection for types the context does not know.</summary>
        public bool AllowReflection { get; }

        /// <summary>Reads the assembly's registration.</summary>
        public static JsonContextCoverage Read(Compilation compilation, BananasSymbols symbols)
        {
            INamedTypeSymbol? context = null;
            bool allowReflection = false;
            var registration = compilation.GetTypeByMetadataName(AttributeFullName);
            if (registration is not null)
            {
                foreach (var attribute in compilation.Assembly.GetAttributes())
                {
                    if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, registration)) continue;
                    if (attribute.ConstructorArguments.Length == 1) context = attribute.ConstructorArguments[0].Value as INamedTypeSymbol;
                    allowReflection = TaskAttributeArguments.TryGet(attribute, "AllowReflection", out var allow) && allow.Value is true;
                }
            }
            var reachable = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
            if (context is not null && symbols.JsonSerializableAttribute is not null)
            {
                foreach (var attribute in context.GetAttributes())
                {
                    if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, symbols.JsonSerializableAttribute)
                        && attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is ITypeSymbol root)
                        Walk(root, reachable, symbols, 0);
                }
            }
            return new JsonContextCoverage(context, allowReflection, reachable);
        }

        /// <summary>
        /// True when the generated codec encodes <paramref name="type"/> itself (the generator's ValueParser
        /// classification): strings, numbers, bool, char, DateTime, DateTimeOffset, Guid, TimeSpan, enums, and their
        /// nullable forms. Everything else (DateOnly and TimeOnly included) goes through the registered context.
        /// </summary>
        public static bool IsBuiltIn(ITypeSymbol type)
        {
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable) type = nullable.TypeArguments[0];
            if (type.TypeKind == TypeKind.Enum) return true;
            switch (type.SpecialType)
            {
                case SpecialType.System_String:
                case SpecialType.System_Boolean:
                case SpecialType.System_Char:
                case SpecialType.System_SByte:
                case SpecialType.System_Byte:
                case SpecialType.System_Int16:
                case SpecialType.System_UInt16:
                case SpecialType.System_Int32:
                case SpecialType.System_UInt32:
                case SpecialType.System_Int64:
                case SpecialType.System_UInt64:
                case SpecialType.System_Single:
                case SpecialType.System_Double:
                case SpecialType.System_Decimal:
                case SpecialType.System_DateTime:
                    return true;
            }
            return type.ContainingNamespace?.ToDisplayString() == "System"
                && type.MetadataName is "Guid" or "DateTimeOffset" or "TimeSpan";
        }

        /// <summary>True when the codec can serialize <paramref name="type"/> without reflection.</summary>
        public bool Covers(ITypeSymbol type)
        {
            if (IsBuiltIn(type)) return true;
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable) type = nullable.TypeArguments[0];
            return _reachable.Contains(type);
        }

        private static void Walk(ITypeSymbol type, HashSet<ITypeSymbol> reachable, BananasSymbols symbols, int depth)
        {
            if (depth > 16 || !reachable.Add(type)) return;
            switch (type)
            {
                case IArrayTypeSymbol array:
                    Walk(array.ElementType, reachable, symbols, depth + 1);
                    return;
                case INamedTypeSymbol named:
                    foreach (var argument in named.TypeArguments) Walk(argument, reachable, symbols, depth + 1);
                    if (IsFrameworkType(named)) return;
                    for (var current = named; current is not null && !IsFrameworkType(current); current = current.BaseType)
                    {
                        foreach (var member in current.GetMembers())
                        {
                            if (member.IsStatic || member.DeclaredAccessibility != Accessibility.Public) continue;
                            if (member is IPropertySymbol { IsIndexer: false } property) Walk(property.Type, reachable, symbols, depth + 1);
                            else if (member is IFieldSymbol field) Walk(field.Type, reachable, symbols, depth + 1);
                        }
                    }
                    foreach (var attribute in named.GetAttributes())
                    {
                        if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, symbols.JsonDerivedTypeAttribute)
                            && attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is ITypeSymbol derived)
                            Walk(derived, reachable, symbols, depth + 1);
                    }
                    return;
            }
        }

        private static bool IsFrameworkType(INamedTypeSymbol type)
        {
            var ns = type.ContainingNamespace;
            while (ns is { ContainingNamespace.IsGlobalNamespace: false }) ns = ns.ContainingNamespace;
            return ns?.Name is "System" or "Microsoft";
        }

    }
}
