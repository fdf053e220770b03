using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Bananas.Tasks.Analyzers
{
    /// <summary>
    /// Values on <c>[BananaTask]</c> that the runtime would reject: BNT003 (priority outside 1..3),
    /// BNT004 (MaxRetries below -1), BNT005 (negative TimeoutSeconds), BNT006 (invalid Name), BNT008 (KeepCompletedSeconds below -1),
    /// BNT007 (a proxy name, ProxyName or else the method name, that is not a C# type name); unique jobs: BNT017 (a UniqueBy
    /// entry that is not a payload parameter), BNT018 (a UniqueBy parameter without a stable text form), BNT019 (a unique
    /// scope or period the client refuses); and the warning BNT009 (UniqueBy or UniqueForSeconds without Unique: no effect);
    /// rate limits: BNT023 (a limit or period the client refuses), BNT017/BNT018 for PartitionBy as for UniqueBy, and the
    /// warning BNT024 (PartitionBy or RatePeriodSeconds without RateLimit: no effect).
    /// </summary>
    /// <remarks>
    /// The error rules are <see cref="TaskShape"/>'s, which the generator applies too: it emits nothing for a method reported
    /// here. BNT009 is not a rejection: the generator emits the task and ignores the settings, as the warning says.
    /// </remarks>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TaskAttributeValueAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            DiagnosticDescriptors.PriorityOutOfRange,
            DiagnosticDescriptors.MaxRetriesNegative,
            DiagnosticDescriptors.TimeoutNegative,
            DiagnosticDescriptors.KeepCompletedNegative,
            DiagnosticDescriptors.TaskNameInvalid,
            DiagnosticDescriptors.ProxyNameInvalid,
            DiagnosticDescriptors.UniqueByNotParameter,
            DiagnosticDescriptors.UniqueByUnstable,
            DiagnosticDescriptors.UniqueSettingInvalid,
            DiagnosticDescriptors.UniqueSettingIneffective,
            DiagnosticDescriptors.RateSettingInvalid,
            DiagnosticDescriptors.RateSettingIneffective);

        /// <inheritdoc/>
        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            TaskShapeAnalysis.Register(context, SupportedDiagnostics);
            context.RegisterCompilationStartAction(start =>
            {
                var symbols = BananasSymbols.TryCreate(start.Compilation);
                if (symbols is null) return;
                start.RegisterSymbolAction(c =>
                {
                    if (symbols.GetTaskAttribute((IMethodSymbol)c.Symbol) is { } attribute) { ReportIneffectiveUnique(c, attribute); ReportIneffectiveRate(c, attribute); }
                }, SymbolKind.Method);
            });
        }

        /// <summary>BNT024: <c>PartitionBy</c> or <c>RatePeriodSeconds</c> written (not as its default) while <c>RateLimit</c> is 0.</summary>
        private static void ReportIneffectiveRate(SymbolAnalysisContext context, AttributeData attribute)
        {
            if (TaskAttributeArguments.TryGet(attribute, "RateLimit", out var limit) && limit.Value is int l && l != 0) return;
            foreach (var argument in attribute.NamedArguments)
            {
                bool set = argument.Key switch
                {
                    "PartitionBy" => !argument.Value.IsNull,
                    "RatePeriodSeconds" => argument.Value.Value is int seconds && seconds != 1,
                    _ => false,
                };
                if (!set) continue;
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.RateSettingIneffective,
                    TaskAttributeArguments.GetValueLocation(attribute, argument.Key, context.CancellationToken), argument.Key));
            }
        }

        /// <summary>BNT009: <c>UniqueBy</c> or <c>UniqueForSeconds</c> written (not as its default) while <c>Unique</c> is None.</summary>
        private static void ReportIneffectiveUnique(SymbolAnalysisContext context, AttributeData attribute)
        {
            if (TaskAttributeArguments.TryGet(attribute, "Unique", out var unique) && unique.Value is int scope && scope != 0) return;
            foreach (var argument in attribute.NamedArguments)
            {
                bool set = argument.Key switch
                {
                    "UniqueBy" => !argument.Value.IsNull,
                    "UniqueForSeconds" => argument.Value.Value is int seconds && seconds != 0,
                    _ => false,
                };
                if (!set) continue;
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UniqueSettingIneffective,
                    TaskAttributeArguments.GetValueLocation(attribute, argument.Key, context.CancellationToken), argument.Key));
            }
        }
    }
}
