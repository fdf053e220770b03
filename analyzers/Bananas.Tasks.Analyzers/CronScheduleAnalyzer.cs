using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Bananas.Tasks.Analyzers
{
    /// <summary>
    /// BNT100 (cron expression Cronos rejects), BNT101 (unknown time zone) and BNT102 (the schedule's job arguments:
    /// <c>CronArgs</c> or the parameters' defaults) on <c>[BananaTask(Cron = …, TimeZone = …, CronArgs = …)]</c>.
    /// The cron check runs Cronos, the runtime's own parser, through <see cref="CronRules"/>; the zone check is
    /// <see cref="TimeZoneRules.IsKnownAtCompileTime"/>. Both are shared with the runtime and the generator, which emits
    /// no task that either rejects.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class CronScheduleAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.CronExpressionInvalid, DiagnosticDescriptors.TimeZoneUnknown, DiagnosticDescriptors.CronArgsInvalid);

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
            if (attribute is null) return;
            var ct = context.CancellationToken;

            if (TaskAttributeArguments.TryGet(attribute, "Cron", out var cron) && cron.Value is string expression)
            {
                var error = ValidateCron(expression);
                if (error is not null)
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.CronExpressionInvalid,
                        TaskAttributeArguments.GetValueLocation(attribute, "Cron", ct), expression, error));
            }

            if (TaskAttributeArguments.TryGet(attribute, "TimeZone", out var zone) && zone.Value is string id && !TimeZoneRules.IsKnownAtCompileTime(id))
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TimeZoneUnknown,
                    TaskAttributeArguments.GetValueLocation(attribute, "TimeZone", ct), id));

            var argumentsProblem = CronArguments.Check(method, attribute, symbols, out var onCronArgs);
            if (argumentsProblem is not null)
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.CronArgsInvalid,
                    onCronArgs ? TaskAttributeArguments.GetValueLocation(attribute, "CronArgs", ct) : TaskSyntax.NameLocation(method, ct),
                    TaskNames.TaskName(method, attribute), argumentsProblem));
        }

        /// <summary>
        /// Null when the scheduler would accept <paramref name="expression"/>, else the fault in the runtime's own words:
        /// <see cref="CronRules.Parse"/> is shared with <c>PeriodicTaskDefinition</c> (field count, Cronos, no occurrence).
        /// </summary>
        internal static string? ValidateCron(string expression)
        {
            CronRules.Parse(expression, out _, out var fault, out _);
            return fault;
        }
    }
}
