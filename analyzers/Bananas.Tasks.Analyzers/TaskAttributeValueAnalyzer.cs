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
    /// warning BNT024 (RatePeriodSeconds without RateLimit, PartitionBy without RateLimit or ConcurrencyLimit: no effect);
    /// concurrency limits, sequences and debounce: BNT025 (a limit, window, scope or hold the client refuses), BNT026
    /// (settings that conflict), BNT017/BNT018 for SequenceBy and the DebounceBy entries, and the warning BNT027
    /// (ConcurrencyScope, SequenceHold or DebounceBy without the setting it shapes: no effect).
    /// </summary>
    /// <remarks>
    /// The error rules are <see cref="TaskShape"/>'s, which the generator applies too: it emits nothing for a method reported
    /// here. BNT009, BNT024 and BNT027 are not rejections: the generator emits the task and ignores the settings, as the warning says.
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
            DiagnosticDescriptors.RateSettingIneffective,
            DiagnosticDescriptors.FlowSettingInvalid,
            DiagnosticDescriptors.FlowSettingsConflict,
            DiagnosticDescriptors.FlowSettingIneffective);

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
                    if (symbols.GetTaskAttribute((IMethodSymbol)c.Symbol) is { } attribute) { ReportIneffectiveUnique(c, attribute); ReportIneffectiveRate(c, attribute); ReportIneffectiveFlow(c, attribute); }
                }, SymbolKind.Method);
            });
        }

        /// <summary>
        /// BNT024: <c>RatePeriodSeconds</c> or <c>RateScope</c> written (not as its default) while <c>RateLimit</c> is 0; <c>PartitionBy</c>
        /// written while both <c>RateLimit</c> and <c>ConcurrencyLimit</c> are 0.
        /// </summary>
        private static void ReportIneffectiveRate(SymbolAnalysisContext context, AttributeData attribute)
        {
            bool rate = IsSet(attribute, "RateLimit"), concurrency = IsSet(attribute, "ConcurrencyLimit");
            foreach (var argument in attribute.NamedArguments)
            {
                string? why = argument.Key switch
                {
                    "PartitionBy" when !argument.Value.IsNull && !rate && !concurrency => "RateLimit and ConcurrencyLimit are 0, so the task has no limit to partition",
                    "RatePeriodSeconds" when argument.Value.Value is int seconds && seconds != 1 && !rate => "RateLimit is 0, so the task's jobs are not rate-limited",
                    "RateScope" when argument.Value.Value is int scope && scope != 0 && !rate => "RateLimit is 0, so there is no rate limit to share",
                    _ => null,
                };
                if (why is null) continue;
                var fix = argument.Key == "PartitionBy"
                    ? "set RateLimit to the starts per period (RateLimit = 10) or ConcurrencyLimit to the jobs that may run at once (ConcurrencyLimit = 3)"
                    : "set RateLimit to the starts per period (RateLimit = 10)";
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.RateSettingIneffective,
                    TaskAttributeArguments.GetValueLocation(attribute, argument.Key, context.CancellationToken), argument.Key, why, fix));
            }
        }

        /// <summary>
        /// BNT027: <c>ConcurrencyScope</c> written (not as Task) while <c>ConcurrencyLimit</c> is 0; <c>SequenceHold</c>
        /// (not as UntilCompletedOrDead) without <c>SequenceBy</c>; <c>DebounceBy</c> (not null) while <c>DebounceSeconds</c>
        /// is 0 and <c>Replace</c> false.
        /// </summary>
        private static void ReportIneffectiveFlow(SymbolAnalysisContext context, AttributeData attribute)
        {
            bool concurrency = IsSet(attribute, "ConcurrencyLimit");
            bool sequence = TaskAttributeArguments.TryGet(attribute, "SequenceBy", out var sequenceBy) && !sequenceBy.IsNull;
            bool debounce = IsSet(attribute, "DebounceSeconds") || (TaskAttributeArguments.TryGet(attribute, "Replace", out var replace) && replace.Value is true);
            foreach (var argument in attribute.NamedArguments)
            {
                (string Why, string Fix)? ineffective = argument.Key switch
                {
                    "ConcurrencyScope" when argument.Value.Value is int scope && scope != 0 && !concurrency =>
                        ("ConcurrencyLimit is 0, so there is no limit to share", "set ConcurrencyLimit to the jobs that may run at once (ConcurrencyLimit = 3)"),
                    "SequenceHold" when argument.Value.Value is int hold && hold != 0 && !sequence =>
                        ("SequenceBy is not set, so the task's jobs are in no sequence", "set SequenceBy to the parameter that keys the sequence (SequenceBy = nameof(accountId))"),
                    "DebounceBy" when !argument.Value.IsNull && !debounce =>
                        ("DebounceSeconds is 0 and Replace is false, so no enqueue is debounced or replaces a job", "set DebounceSeconds to the window (DebounceSeconds = 30) or Replace = true"),
                    _ => null,
                };
                if (ineffective is not { } found) continue;
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.FlowSettingIneffective,
                    TaskAttributeArguments.GetValueLocation(attribute, argument.Key, context.CancellationToken), argument.Key, found.Why, found.Fix));
            }
        }

        /// <summary>True when the int argument <paramref name="name"/> is written and not 0 (a limit or window that is in use, or invalid: BNT023, BNT025).</summary>
        private static bool IsSet(AttributeData attribute, string name) =>
            TaskAttributeArguments.TryGet(attribute, name, out var value) && value.Value is int n && n != 0;

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
