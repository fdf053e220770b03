// Type rules of a [BananaTask] method, shared by the source generator and the analyzers (linked into both;
// see TaskShape.cs). Roslyn-only: the runtime project compiles this file empty.
// netstandard2.0, Roslyn 4.11; types are recognized by metadata name, so no per-compilation symbol table is needed.
#if BUILDING_SOURCE_GENERATOR
#nullable enable
using Microsoft.CodeAnalysis;

namespace Bananas.Tasks
{
    /// <summary>What a task method's types are to the worker: injected, payload, awaitable, serializable.</summary>
    internal static class TaskTypeRules
    {
        /// <summary>True for <c>System.Threading.CancellationToken</c>.</summary>
        public static bool IsCancellationToken(ITypeSymbol type) =>
            type is INamedTypeSymbol { Name: "CancellationToken", Arity: 0 } named && IsIn(named, "System", "Threading");

        /// <summary>True for <c>Bananas.Tasks.TaskContext</c>.</summary>
        public static bool IsTaskContext(ITypeSymbol type) =>
            type is INamedTypeSymbol { Name: "TaskContext", Arity: 0 } named && IsIn(named, "Bananas", "Tasks");

        /// <summary>The T of <c>System.IProgress&lt;T&gt;</c>, else null.</summary>
        public static ITypeSymbol? ProgressType(ITypeSymbol type) =>
            type is INamedTypeSymbol { Name: "IProgress", Arity: 1, TypeKind: TypeKind.Interface } named && IsIn(named, "System") ? named.TypeArguments[0] : null;

        /// <summary>How the worker fills a parameter of <paramref name="type"/>.</summary>
        public static TaskParameterRole RoleOf(ITypeSymbol type) =>
            IsCancellationToken(type) ? TaskParameterRole.CancellationToken
            : IsTaskContext(type) ? TaskParameterRole.TaskContext
            : ProgressType(type) is not null ? TaskParameterRole.Progress
            : TaskParameterRole.Payload;

        /// <summary>True for <c>Task</c>, <c>ValueTask</c>, <c>Task&lt;T&gt;</c> and <c>ValueTask&lt;T&gt;</c>.</summary>
        public static bool IsAwaitable(ITypeSymbol type) =>
            type is INamedTypeSymbol { Arity: <= 1, Name: "Task" or "ValueTask" } named && IsIn(named, "System", "Threading", "Tasks");

        /// <summary>The T of <c>Task&lt;T&gt;</c> or <c>ValueTask&lt;T&gt;</c>, else null.</summary>
        public static ITypeSymbol? ResultType(ITypeSymbol returnType) =>
            returnType is INamedTypeSymbol { Arity: 1 } named && IsAwaitable(named) ? named.TypeArguments[0] : null;

        /// <summary>Why a parameter cannot be passed by value (<c>a ref parameter</c>, <c>a pointer</c>, …), or null.</summary>
        public static string? ByReferenceKind(IParameterSymbol parameter)
        {
            switch (parameter.RefKind)
            {
                case RefKind.Ref: return "a ref parameter";
                case RefKind.Out: return "an out parameter";
                case RefKind.In: return "an in parameter";
                case RefKind.RefReadOnlyParameter: return "a ref readonly parameter";
            }
            return parameter.Type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer ? "a pointer" : null;
        }

        /// <summary>
        /// Null when <paramref name="type"/> can travel as JSON in a job as far as the compiler can tell, else the reason.
        /// Array element types and type arguments are checked too (<c>List&lt;Action&gt;</c> is rejected).
        /// </summary>
        public static string? WhyNotSerializable(ITypeSymbol type) => WhyNotSerializable(type, depth: 0);

        private static string? WhyNotSerializable(ITypeSymbol type, int depth)
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
                    return WhyNotSerializable(((IArrayTypeSymbol)type).ElementType, depth + 1);
            }
            if (type.IsRefLikeType)
                return "a ref struct such as Span<T> cannot be stored; use an array";
            if (type.SpecialType is SpecialType.System_Delegate or SpecialType.System_MulticastDelegate)
                return "delegates cannot be serialized; pass the data the delegate would use instead";
            if (InheritsFromStream(type))
                return "a stream cannot be serialized; pass a path, URL or blob id and open the stream in the handler";
            if (type is not INamedTypeSymbol named) return null;

            if (named.TypeKind == TypeKind.Interface && !IsCollectionInterface(named) && !HasJsonResolver(named))
                return "an interface cannot be created when the job is read back; use a concrete type or add [JsonDerivedType] for its implementations";
            if (named.TypeKind == TypeKind.Class && named.IsAbstract && !HasJsonResolver(named))
                return "an abstract type cannot be created when the job is read back; use a concrete type or add [JsonDerivedType] for its subtypes";

            foreach (var argument in named.TypeArguments)
            {
                var reason = WhyNotSerializable(argument, depth + 1);
                if (reason is not null) return reason;
            }
            return null;
        }

        private static bool InheritsFromStream(ITypeSymbol type)
        {
            for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
            {
                if (current.Name == "Stream" && current.Arity == 0 && IsIn(current, "System", "IO")) return true;
            }
            return false;
        }

        /// <summary>[JsonDerivedType] or [JsonConverter] tells System.Text.Json how to create the type.</summary>
        private static bool HasJsonResolver(INamedTypeSymbol type)
        {
            foreach (var attribute in type.GetAttributes())
            {
                if (attribute.AttributeClass is { Name: "JsonDerivedTypeAttribute" or "JsonConverterAttribute" } attributeClass
                    && IsIn(attributeClass, "System", "Text", "Json", "Serialization"))
                    return true;
            }
            return false;
        }

        /// <summary>Collection interfaces System.Text.Json deserializes into a concrete List, Dictionary or HashSet.</summary>
        private static bool IsCollectionInterface(INamedTypeSymbol type)
        {
            if (!IsIn(type, "System", "Collections", "Generic") && !IsIn(type, "System", "Collections")) return false;
            return type.MetadataName is "IEnumerable`1" or "ICollection`1" or "IList`1" or "IReadOnlyCollection`1" or "IReadOnlyList`1"
                or "ISet`1" or "IReadOnlySet`1" or "IDictionary`2" or "IReadOnlyDictionary`2"
                or "IEnumerable" or "ICollection" or "IList" or "IDictionary";
        }

        /// <summary>True when <paramref name="type"/> is a top-level type of exactly the namespace <paramref name="parts"/> (outermost first).</summary>
        /// <summary>
        /// Null when a value of <paramref name="type"/> has a stable text form for a unique key (<c>TaskProxySupport.UniqueText</c>:
        /// invariant numbers and dates, a Guid's <c>D</c> form, an enum's name), else why not (BNT018). Allowed: string, bool,
        /// char, the integral and floating types, decimal, Guid, DateTime, DateTimeOffset, TimeSpan, DateOnly, TimeOnly, enums,
        /// and <c>Nullable&lt;T&gt;</c> of those.
        /// </summary>
        public static string? WhyNoStableText(ITypeSymbol type)
        {
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
                type = nullable.TypeArguments[0];
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
                    return null;
            }
            if (type.TypeKind == TypeKind.Enum) return null;
            if (type is INamedTypeSymbol { Arity: 0, Name: "Guid" or "DateTimeOffset" or "TimeSpan" or "DateOnly" or "TimeOnly" } named && IsIn(named, "System"))
                return null;
            if (type.TypeKind == TypeKind.Array) return "an array's text is its type name, not its items";
            if (type.SpecialType == SpecialType.System_Object) return "an object's text depends on what it holds at run time";
            if (type.TypeKind == TypeKind.Interface || IsCollection(type)) return "a collection or interface has no stable text: its ToString() is its type name, not its contents";
            if (type.IsRecord) return "a record's ToString() lists its members in a form that is not a stable key (it changes with the record, its culture and its nested types)";
            if (type.TypeKind == TypeKind.Struct) return "a struct's ToString() is its type name unless it overrides it, and an override is not known to be stable";
            return "a class's ToString() is its type name unless it overrides it, and an override is not known to be stable";
        }

        private static bool IsCollection(ITypeSymbol type)
        {
            foreach (var i in type.AllInterfaces)
            {
                if (i.SpecialType == SpecialType.System_Collections_IEnumerable || i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
                    return true;
            }
            return false;
        }

        private static bool IsIn(INamedTypeSymbol type, params string[] parts)
        {
            if (type.ContainingType is not null) return false;
            var ns = type.ContainingNamespace;
            for (int i = parts.Length - 1; i >= 0; i--)
            {
                if (ns is null || ns.IsGlobalNamespace || ns.Name != parts[i]) return false;
                ns = ns.ContainingNamespace;
            }
            return ns is not null && ns.IsGlobalNamespace;
        }
    }
}
#endif
