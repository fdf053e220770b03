using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
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
        private const string TaskContextFullName = "Bananas.Tasks.TaskContext";

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
                var taskContext = start.Compilation.GetTypeByMetadataName(TaskContextFullName);
                start.RegisterSymbolAction(c => AnalyzeMethod(c, symbols, coverage, taskContext), SymbolKind.Method);
            });
        }

        private static void AnalyzeMethod(SymbolAnalysisContext context, BananasSymbols symbols, JsonContextCoverage coverage, INamedTypeSymbol? taskContext)
        {
            var method = (IMethodSymbol)context.Symbol;
            if (symbols.GetTaskAttribute(method) is null) return;
            var ct = context.CancellationToken;
            var declaration = TaskSyntax.GetDeclaration(method, ct);

            foreach (var parameter in method.Parameters)
            {
                var type = parameter.Type;
                // Injected by the worker, not serialized; pointers are BNT011's.
                if (symbols.IsCancellationToken(type) || SymbolEqualityComparer.Default.Equals(type, taskContext)) continue;
                if (type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer) continue;
                var location = ParameterTypeLocation(parameter, ct);
                var reason = Serializability.WhyNot(type, symbols);
                if (reason is not null)
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ParameterTypeUnserializable, location,
                        parameter.Name, method.Name, Display(type), reason));
                else
                    CheckCoverage(context, coverage, type, method, location);
            }

            if (ResultType(method.ReturnType, symbols) is { } result)
            {
                var location = ResultTypeLocation(declaration) ?? TaskSyntax.ReturnTypeLocation(method, ct);
                var reason = Serializability.WhyNot(result, symbols);
                if (reason is not null)
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ResultTypeUnserializable, location, Display(result), method.Name, reason));
                else
                    CheckCoverage(context, coverage, result, method, location);
            }
        }

        private static void CheckCoverage(SymbolAnalysisContext context, JsonContextCoverage coverage, ITypeSymbol type, IMethodSymbol method, Location location)
        {
            if (coverage.AllowReflection || coverage.Covers(type)) return;
            var where = coverage.Context is null
                ? " (none is registered: add [assembly: BananasJsonContext(typeof(YourJsonContext))])"
                : " (add [JsonSerializable(typeof(" + Display(type) + "))] to " + coverage.Context.Name + ")";
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TypeNotInJsonContext, location, Display(type), method.Name, where));
        }

        /// <summary>The T of Task&lt;T&gt; or ValueTask&lt;T&gt;, or null.</summary>
        private static ITypeSymbol? ResultType(ITypeSymbol returnType, BananasSymbols symbols)
        {
            if (returnType is not INamedTypeSymbol { TypeArguments.Length: 1 } named) return null;
            var definition = named.OriginalDefinition;
            return SymbolEqualityComparer.Default.Equals(definition, symbols.TaskOfT) || SymbolEqualityComparer.Default.Equals(definition, symbols.ValueTaskOfT)
                ? named.TypeArguments[0]
                : null;
        }

        private static Location ParameterTypeLocation(IParameterSymbol parameter, CancellationToken ct)
        {
            foreach (var reference in parameter.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(ct) is ParameterSyntax { Type: { } type }) return type.GetLocation();
            }
            return TaskSyntax.FirstLocation(parameter);
        }

        /// <summary>The <c>T</c> written in <c>Task&lt;T&gt;</c>, when the return type is written that way.</summary>
        private static Location? ResultTypeLocation(MethodDeclarationSyntax? declaration)
        {
            var type = declaration?.ReturnType;
            if (type is QualifiedNameSyntax qualified) type = qualified.Right;
            return type is GenericNameSyntax { TypeArgumentList.Arguments.Count: 1 } generic ? generic.TypeArgumentList.Arguments[0].GetLocation() : null;
        }

        private static string Display(ITypeSymbol type) =>
            type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
    }
}
