using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Bananas.Tasks.Analyzers
{
    /// <summary>
    /// BNT016: <c>[Sensitive]</c> where nothing reads it — a parameter of a method without <c>[BananaTask]</c>, or an
    /// injected parameter of a task (its <c>CancellationToken</c> or <c>TaskContext</c>), which is not in the payload.
    /// </summary>
    /// <remarks>The generator records <c>[Sensitive]</c> only on payload parameters of tasks, which <see cref="TaskTypeRules.RoleOf"/> tells apart, as it does for the generator.</remarks>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class SensitiveParameterAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.SensitiveParameterIneffective);

        /// <inheritdoc/>
        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var sensitive = start.Compilation.GetTypeByMetadataName(BananasRules.SensitiveAttributeFullName);
                var symbols = BananasSymbols.TryCreate(start.Compilation);
                if (sensitive is null || symbols is null) return;
                start.RegisterSymbolAction(c => Analyze(c, (IMethodSymbol)c.Symbol, sensitive, symbols), SymbolKind.Method);
            });
        }

        private static void Analyze(SymbolAnalysisContext context, IMethodSymbol method, INamedTypeSymbol sensitive, BananasSymbols symbols)
        {
            bool? isTask = null;
            foreach (var parameter in method.Parameters)
            {
                AttributeData? mark = null;
                foreach (var attribute in parameter.GetAttributes())
                {
                    if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, sensitive)) mark = attribute;
                }
                if (mark is null) continue;
                isTask ??= method.MethodKind == MethodKind.Ordinary && symbols.GetTaskAttribute(method) is not null;
                string? why = !isTask.Value
                    ? "'" + method.Name + "' is not a [BananaTask] method"
                    : TaskTypeRules.RoleOf(parameter.Type) switch
                    {
                        TaskParameterRole.CancellationToken => "the worker supplies this CancellationToken: it is not in the payload",
                        TaskParameterRole.TaskContext => "the worker supplies this TaskContext: it is not in the payload",
                        _ => null,
                    };
                if (why is null) continue;
                var location = mark.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? parameter.Locations[0];
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.SensitiveParameterIneffective, location, parameter.Name, method.ContainingType.Name + "." + method.Name, why));
            }
        }
    }
}
