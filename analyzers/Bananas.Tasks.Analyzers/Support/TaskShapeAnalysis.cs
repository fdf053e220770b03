using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Bananas.Tasks.Analyzers
{
    /// <summary>The registration every analyzer that reports <see cref="TaskShape"/> rejections shares.</summary>
    internal static class TaskShapeAnalysis
    {
        /// <summary>For every <c>[BananaTask]</c> method, reports (the caller enables concurrency and skips generated code) the rejections whose descriptor is in <paramref name="supported"/>.</summary>
        public static void Register(AnalysisContext context, ImmutableArray<DiagnosticDescriptor> supported)
        {
            context.RegisterCompilationStartAction(start =>
            {
                var symbols = BananasSymbols.TryCreate(start.Compilation);
                if (symbols is null) return;
                start.RegisterSymbolAction(c =>
                {
                    var method = (IMethodSymbol)c.Symbol;
                    if (symbols.GetTaskAttribute(method) is not { } attribute || TaskShape.Of(method, attribute) is not { } shape) return;
                    TaskShapeDiagnostics.Report(c, shape, attribute, supported);
                }, SymbolKind.Method);
            });
        }
    }
}
