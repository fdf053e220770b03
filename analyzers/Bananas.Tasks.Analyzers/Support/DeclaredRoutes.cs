using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Bananas.Tasks.Analyzers
{
    /// <summary>The routes an assembly declares with <c>[assembly: BananaRoutes(...)]</c>.</summary>
    internal sealed class DeclaredRoutes
    {
        private readonly HashSet<string> _set;

        private DeclaredRoutes(ImmutableArray<string> routes)
        {
            Routes = routes;
            _set = new HashSet<string>(routes, System.StringComparer.Ordinal);
        }

        /// <summary>The valid declared routes, in declaration order.</summary>
        public ImmutableArray<string> Routes { get; }

        /// <summary>True when <paramref name="route"/> is declared.</summary>
        public bool Contains(string route) => _set.Contains(route);

        /// <summary>The declared routes for a message: <c>gpu, email, default</c>.</summary>
        public string Describe() => string.Join(", ", Routes);

        /// <summary>The declaration of the compilation's assembly, or null when it declares none.</summary>
        public static DeclaredRoutes? Read(Compilation compilation, INamedTypeSymbol? routesAttribute)
        {
            if (routesAttribute is null) return null;
            foreach (var attribute in compilation.Assembly.GetAttributes())
            {
                if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, routesAttribute)) continue;
                if (attribute.ConstructorArguments.Length != 1) return null;
                var argument = attribute.ConstructorArguments[0];
                if (argument.Kind != TypedConstantKind.Array || argument.IsNull) return null;
                var routes = argument.Values
                    .Select(v => v.Value as string)
                    .Where(BananasRules.IsValidRoutingKey)
                    .Select(v => v!)
                    .Distinct(System.StringComparer.Ordinal)
                    .ToImmutableArray();
                return new DeclaredRoutes(routes);
            }
            return null;
        }
    }
}
