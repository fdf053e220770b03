using System.Collections.Immutable;
using System.IO;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Bananas.Tasks.Analyzers
{
    /// <summary>
    /// BNT030: the proxy type the generator would emit for a task (ProxyName, else the method name, in the
    /// handler's namespace) has the name of a type or namespace that already exists there. The generator emits
    /// nothing for such a task, so this is the error the build shows.
    /// </summary>
    /// <remarks>
    /// Types declared only in generated files (<c>*.g.cs</c>, which includes the generator's own proxies)
    /// are not collisions: when the generator runs, its proxy for this very task is in the compilation.
    /// </remarks>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ProxyNameCollisionAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.ProxyNameCollision);

        /// <inheritdoc/>
        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var symbols = BananasSymbols.TryCreate(start.Compilation);
                if (symbols is null) return;
                start.RegisterSymbolAction(c => AnalyzeMethod(c, symbols), SymbolKind.Method);
            });
        }

        private static void AnalyzeMethod(SymbolAnalysisContext context, BananasSymbols symbols)
        {
            var method = (IMethodSymbol)context.Symbol;
            var attribute = symbols.GetTaskAttribute(method);
            if (attribute is null || method.ContainingType?.ContainingNamespace is not { } ns) return;
            var proxy = TaskNames.ProxyName(method, attribute);
            if (!TaskAttributeValueAnalyzer.IsTypeName(proxy)) return;

            foreach (var member in ns.GetMembers(proxy))
            {
                // A namespace of that name clashes too (CS0101), whatever declares it.
                if (member is INamedTypeSymbol existing)
                {
                    if (existing.Arity != 0 || IsOnlyGenerated(existing)) continue;
                    if (!symbols.Compilation.IsSymbolAccessibleWithin(existing, symbols.Compilation.Assembly)) continue;
                }
                else if (member is not INamespaceSymbol) continue;
                var location = TaskAttributeArguments.GetValueSyntax(attribute, "ProxyName", context.CancellationToken)?.GetLocation()
                    ?? TaskSyntax.NameLocation(method, context.CancellationToken);
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ProxyNameCollision, location,
                    proxy, TaskNames.Describe(method), member.ToDisplayString()));
                return;
            }
        }

        private static bool IsOnlyGenerated(INamedTypeSymbol type)
        {
            if (type.DeclaringSyntaxReferences.Length == 0) return false;
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                var path = reference.SyntaxTree.FilePath;
                if (!Path.GetFileName(path).EndsWith(".g.cs", System.StringComparison.OrdinalIgnoreCase)) return false;
            }
            return true;
        }
    }
}
