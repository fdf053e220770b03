using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Bananas.Tasks.Analyzers
{
    /// <summary>Locations inside a task method's declaration.</summary>
    internal static class TaskSyntax
    {
        /// <summary>The method's declaration, or null for a method without source.</summary>
        public static MethodDeclarationSyntax? GetDeclaration(IMethodSymbol method, CancellationToken cancellationToken)
        {
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is MethodDeclarationSyntax declaration) return declaration;
            }
            return null;
        }

        /// <summary>The method's name in its declaration, else the symbol's first location.</summary>
        public static Location NameLocation(IMethodSymbol method, CancellationToken cancellationToken) =>
            GetDeclaration(method, cancellationToken)?.Identifier.GetLocation() ?? FirstLocation(method);

        /// <summary>The method's written return type, else its name.</summary>
        public static Location ReturnTypeLocation(IMethodSymbol method, CancellationToken cancellationToken) =>
            GetDeclaration(method, cancellationToken)?.ReturnType.GetLocation() ?? FirstLocation(method);

        /// <summary>The symbol's first source location, or none.</summary>
        public static Location FirstLocation(ISymbol symbol) => symbol.Locations.Length > 0 ? symbol.Locations[0] : Location.None;
    }
}
