using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Bananas.Tasks.Analyzers
{
    /// <summary>
    /// BNT028: a <c>[BananaArgument("old")]</c> the generated decoder does not read: on a parameter of a method without
    /// <c>[BananaTask]</c>, on an injected parameter, or with an old name <see cref="TaskArgumentNames.WhyIgnored"/>
    /// rejects (empty, the parameter's own name, given twice, another parameter's name or old name). The generator
    /// decides with the same code, so what this rule reports is exactly what the decoder ignores.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ArgumentOldNameAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.OldNameIneffective);

        /// <inheritdoc/>
        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var symbols = BananasSymbols.TryCreate(start.Compilation);
                if (symbols is null || start.Compilation.GetTypeByMetadataName(BananasRules.BananaArgumentAttributeFullName) is null) return;
                start.RegisterSymbolAction(c => Analyze(c, (IMethodSymbol)c.Symbol, symbols), SymbolKind.Method);
            });
        }

        private static void Analyze(SymbolAnalysisContext context, IMethodSymbol method, BananasSymbols symbols)
        {
            List<IParameterSymbol>? payload = null;
            foreach (var parameter in method.Parameters)
            {
                var accepted = new List<string>();
                foreach (var (attribute, old) in TaskArgumentNames.Declared(parameter))
                {
                    payload ??= PayloadOf(method, symbols);
                    string? why;
                    if (payload is null) why = "'" + method.Name + "' is not a [BananaTask] method";
                    else if (!payload.Contains(parameter, SymbolEqualityComparer.Default))
                        why = "the worker supplies this " + RoleName(parameter.Type) + ": it is not in the payload";
                    else why = TaskArgumentNames.WhyIgnored(old, parameter, payload, accepted);
                    if (why is null)
                    {
                        accepted.Add(old!);
                        continue;
                    }
                    var location = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation() ?? TaskSyntax.FirstLocation(parameter);
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.OldNameIneffective, location, old ?? "", parameter.Name, TaskNames.Describe(method), why));
                }
            }
        }

        /// <summary>The payload parameters of a task method; null for a method that is no task.</summary>
        private static List<IParameterSymbol>? PayloadOf(IMethodSymbol method, BananasSymbols symbols)
        {
            if (symbols.GetTaskAttribute(method) is not { } attribute || TaskShape.Of(method, attribute) is not { } shape) return null;
            return method.Parameters.Where((_, i) => shape.ParameterRoles[i] == TaskParameterRole.Payload).ToList();
        }

        private static string RoleName(ITypeSymbol type) => TaskTypeRules.RoleOf(type) switch
        {
            TaskParameterRole.CancellationToken => "CancellationToken",
            TaskParameterRole.TaskContext => "TaskContext",
            _ => "IProgress<T>",
        };
    }
}
