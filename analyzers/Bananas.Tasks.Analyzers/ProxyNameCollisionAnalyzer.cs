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
            if (symbols.GetTaskAttribute(method) is not { } attribute || TaskShape.Of(method, attribute) is not { } shape) return;
            // The same search the generator makes before it emits a proxy; here the generator's own proxies are in the
            // compilation and are not collisions.
            if (shape.FindProxyCollision(symbols.Compilation, IsOnlyGenerated) is not { } member) return;
            var location = TaskAttributeArguments.GetValueSyntax(attribute, "ProxyName", context.CancellationToken)?.GetLocation()
                ?? TaskSyntax.NameLocation(method, context.CancellationToken);
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ProxyNameCollision, location,
                shape.ProxyName, TaskNames.Describe(method), member.ToDisplayString()));
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
