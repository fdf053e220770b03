using Microsoft.CodeAnalysis;

namespace Bananas.Tasks.Analyzers
{
    /// <summary>
    /// The Bananas.Tasks and BCL types the analyzers look for, resolved once per compilation by metadata name.
    /// </summary>
    /// <remarks>
    /// <see cref="TryCreate"/> returns null when the compilation does not reference Bananas.Tasks, and every
    /// analyzer then registers nothing: the analyzers cost nothing in projects that do not use Bananas.
    /// </remarks>
    internal sealed class BananasSymbols
    {
        private BananasSymbols(Compilation compilation, INamedTypeSymbol taskAttribute)
        {
            Compilation = compilation;
            TaskAttribute = taskAttribute;
            RoutesAttribute = compilation.GetTypeByMetadataName(BananasRules.BananaRoutesAttributeFullName);
            JobOptions = compilation.GetTypeByMetadataName("Bananas.Tasks.JobOptions");
            RoutingKey = compilation.GetTypeByMetadataName("Bananas.Tasks.RoutingKey");
            WorkerOptions = compilation.GetTypeByMetadataName("Bananas.Tasks.Worker.BananasWorkerOptions");
            CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
            Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
            TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
            ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
            ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
            Stream = compilation.GetTypeByMetadataName("System.IO.Stream");
            JsonSerializerContext = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonSerializerContext");
            JsonSerializableAttribute = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonSerializableAttribute");
            JsonDerivedTypeAttribute = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonDerivedTypeAttribute");
            JsonConverterAttribute = compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonConverterAttribute");
        }

        /// <summary>The compilation these symbols belong to.</summary>
        public Compilation Compilation { get; }

        /// <summary><c>Bananas.Tasks.BananaTaskAttribute</c>; never null.</summary>
        public INamedTypeSymbol TaskAttribute { get; }

        /// <summary><c>Bananas.Tasks.BananaRoutesAttribute</c>.</summary>
        public INamedTypeSymbol? RoutesAttribute { get; }

        /// <summary><c>Bananas.Tasks.JobOptions</c>.</summary>
        public INamedTypeSymbol? JobOptions { get; }

        /// <summary><c>Bananas.Tasks.RoutingKey</c>.</summary>
        public INamedTypeSymbol? RoutingKey { get; }

        /// <summary><c>Bananas.Tasks.Worker.BananasWorkerOptions</c>.</summary>
        public INamedTypeSymbol? WorkerOptions { get; }

        /// <summary><c>System.Threading.CancellationToken</c>.</summary>
        public INamedTypeSymbol? CancellationToken { get; }

        /// <summary><c>System.Threading.Tasks.Task</c>.</summary>
        public INamedTypeSymbol? Task { get; }

        /// <summary><c>System.Threading.Tasks.Task&lt;T&gt;</c>.</summary>
        public INamedTypeSymbol? TaskOfT { get; }

        /// <summary><c>System.Threading.Tasks.ValueTask</c>.</summary>
        public INamedTypeSymbol? ValueTask { get; }

        /// <summary><c>System.Threading.Tasks.ValueTask&lt;T&gt;</c>.</summary>
        public INamedTypeSymbol? ValueTaskOfT { get; }

        /// <summary><c>System.IO.Stream</c>.</summary>
        public INamedTypeSymbol? Stream { get; }

        /// <summary><c>System.Text.Json.Serialization.JsonSerializerContext</c>.</summary>
        public INamedTypeSymbol? JsonSerializerContext { get; }

        /// <summary><c>System.Text.Json.Serialization.JsonSerializableAttribute</c>.</summary>
        public INamedTypeSymbol? JsonSerializableAttribute { get; }

        /// <summary><c>System.Text.Json.Serialization.JsonDerivedTypeAttribute</c>.</summary>
        public INamedTypeSymbol? JsonDerivedTypeAttribute { get; }

        /// <summary><c>System.Text.Json.Serialization.JsonConverterAttribute</c>.</summary>
        public INamedTypeSymbol? JsonConverterAttribute { get; }

        /// <summary>The symbols of <paramref name="compilation"/>, or null when it does not reference Bananas.Tasks.</summary>
        public static BananasSymbols? TryCreate(Compilation compilation)
        {
            var attribute = compilation.GetTypeByMetadataName(BananasRules.BananaTaskAttributeFullName);
            return attribute is null ? null : new BananasSymbols(compilation, attribute);
        }

        /// <summary>The <c>[BananaTask]</c> attribute on <paramref name="method"/>, or null.</summary>
        public AttributeData? GetTaskAttribute(IMethodSymbol method)
        {
            foreach (var attribute in method.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, TaskAttribute)) return attribute;
            }
            return null;
        }

        /// <summary>True when <paramref name="type"/> is <c>CancellationToken</c>.</summary>
        public bool IsCancellationToken(ITypeSymbol type) => SymbolEqualityComparer.Default.Equals(type, CancellationToken);
    }
}
