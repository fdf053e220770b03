using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Bananas.Tasks.Analyzers
{
    /// <summary>
    /// Argument and result types: BNT050/BNT051 (a type that cannot be serialized at all) and BNT052 (a type the
    /// generated codec can only serialize through a JsonSerializerContext that does not cover it).
    /// </summary>
    /// <remarks>
    /// BNT052 stays quiet when the assembly opted into reflection with
    /// <c>[assembly: BananasJsonContext(AllowReflection = true)]</c>: the trimming and AOT analyzers then warn
    /// about the generated reflection call themselves.
    /// </remarks>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class PayloadTypeAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            DiagnosticDescriptors.ParameterTypeUnserializable,
            DiagnosticDescriptors.ResultTypeUnserializable,
            DiagnosticDescriptors.TypeNotInJsonContext);

        /// <inheritdoc/>
        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var symbols = BananasSymbols.TryCreate(start.Compilation);
                if (symbols is null) return;
                var coverage = JsonContextCoverage.Read(start.Compilation, symbols);
                start.RegisterSymbolAction(c => AnalyzeMethod(c, symbols, coverage), SymbolKind.Method);
            });
        }

        private void AnalyzeMethod(SymbolAnalysisContext context, BananasSymbols symbols, JsonContextCoverage coverage)
        {
            var method = (IMethodSymbol)context.Symbol;
            if (symbols.GetTaskAttribute(method) is not { } attribute || TaskShape.Of(method, attribute) is not { } shape) return;
            var ct = context.CancellationToken;

            // BNT050/BNT051: the shared rule (the generator skips such a task).
            TaskShapeDiagnostics.Report(context, shape, attribute, SupportedDiagnostics);

            // BNT052: payload parameters (injected CancellationToken/TaskContext are not serialized; pointers are BNT011's),
            // the T of an injected IProgress<T> (its reports are), and the result, when they can be serialized at all.
            for (int i = 0; i < method.Parameters.Length; i++)
            {
                var parameter = method.Parameters[i];
                var type = shape.ParameterRoles[i] switch
                {
                    TaskParameterRole.Payload => parameter.Type,
                    TaskParameterRole.Progress => TaskTypeRules.ProgressType(parameter.Type),
                    _ => null,
                };
                if (type is null || TaskTypeRules.ByReferenceKind(parameter) == "a pointer") continue;
                if (TaskTypeRules.WhyNotSerializable(type) is null)
                    CheckCoverage(context, coverage, type, method, TaskShapeDiagnostics.ParameterTypeLocation(parameter, ct));
            }
            if (shape.ResultType is { } result && TaskTypeRules.WhyNotSerializable(result) is null)
                CheckCoverage(context, coverage, result, method, TaskShapeDiagnostics.ResultTypeLocation(method, ct));
        }

        private static void CheckCoverage(SymbolAnalysisContext context, JsonContextCoverage coverage, ITypeSymbol type, IMethodSymbol method, Location location)
        {
            if (coverage.AllowReflection || coverage.Covers(type)) return;
            var where = coverage.Context is null
                ? " (none is registered: add [assembly: BananasJsonContext(typeof(YourJsonContext))])"
                : " (add [JsonSerializable(typeof(" + TaskShapeDiagnostics.Display(type) + "))] to " + coverage.Context.Name + ")";
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TypeNotInJsonContext, location, TaskShapeDiagnostics.Display(type), method.Name, where));
        }
    }
}
