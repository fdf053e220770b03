using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Bananas.Tasks.Analyzers
{
    /// <summary>
    /// Values on <c>[BananaTask]</c> that the runtime would reject: BNT003 (priority outside 1..3),
    /// BNT004 (MaxRetries below -1), BNT005 (negative TimeoutSeconds), BNT006 (invalid Name),
    /// BNT007 (ProxyName that is not an identifier).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TaskAttributeValueAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            DiagnosticDescriptors.PriorityOutOfRange,
            DiagnosticDescriptors.MaxRetriesNegative,
            DiagnosticDescriptors.TimeoutNegative,
            DiagnosticDescriptors.TaskNameInvalid,
            DiagnosticDescriptors.ProxyNameInvalid);

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
            var attribute = symbols.GetTaskAttribute((IMethodSymbol)context.Symbol);
            if (attribute is null) return;
            var ct = context.CancellationToken;

            if (TryGetInt(attribute, "Priority", out int priority) && !BananasRules.IsValidPriority(priority))
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.PriorityOutOfRange,
                    TaskAttributeArguments.GetValueLocation(attribute, "Priority", ct), priority.ToString(CultureInfo.InvariantCulture)));

            if (TryGetInt(attribute, "MaxRetries", out int retries) && retries < -1)
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MaxRetriesNegative,
                    TaskAttributeArguments.GetValueLocation(attribute, "MaxRetries", ct), retries.ToString(CultureInfo.InvariantCulture)));

            if (TryGetInt(attribute, "TimeoutSeconds", out int timeout) && timeout < 0)
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TimeoutNegative,
                    TaskAttributeArguments.GetValueLocation(attribute, "TimeoutSeconds", ct), timeout.ToString(CultureInfo.InvariantCulture)));

            if (TaskAttributeArguments.TryGet(attribute, "Name", out var name) && !name.IsNull)
            {
                var error = BananasRules.ValidateTaskName(name.Value as string);
                if (error is not null)
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TaskNameInvalid,
                        TaskAttributeArguments.GetValueLocation(attribute, "Name", ct), error));
            }

            if (TaskAttributeArguments.TryGet(attribute, "ProxyName", out var proxy) && !proxy.IsNull && proxy.Value is string proxyName
                && !IsTypeName(proxyName))
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ProxyNameInvalid,
                    TaskAttributeArguments.GetValueLocation(attribute, "ProxyName", ct), proxyName));
        }

        /// <summary>A plain C# identifier that is not a keyword (no '@' escape, no dots).</summary>
        internal static bool IsTypeName(string name) =>
            SyntaxFacts.IsValidIdentifier(name)
            && SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None;

        private static bool TryGetInt(AttributeData attribute, string name, out int value)
        {
            // Priority (an int enum), MaxRetries and TimeoutSeconds are all int-backed.
            if (TaskAttributeArguments.TryGet(attribute, name, out var constant) && constant.Value is int number)
            {
                value = number;
                return true;
            }
            value = 0;
            return false;
        }
    }
}
