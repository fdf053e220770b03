using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Bananas.Tasks.Analyzers
{
    /// <summary>
    /// BNT170 on <c>step.Then(X.Call)</c> and <c>step.Then(t =&gt; X.Call(t, …))</c> when <c>X</c> is a generated proxy whose
    /// first parameter does not take what the step passes on (its result, or a group's list of results). The compiler's
    /// own error there (CS0411, CS1503, CS0311) names neither the task nor the parameter; it cannot be suppressed, so
    /// BNT170 comes beside it.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class WorkflowStepAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Types as people name them in code: <c>Thumbnail</c>, <c>IReadOnlyList&lt;Thumbnail&gt;</c>, <c>int?</c>.</summary>
        private static readonly SymbolDisplayFormat TypeFormat = new SymbolDisplayFormat(
            typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameOnly,
            genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
            miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.WorkflowStepInputMismatch);

        /// <inheritdoc/>
        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var symbols = WorkflowSymbols.TryCreate(start.Compilation);
                if (symbols is null) return;
                start.RegisterSyntaxNodeAction(c => AnalyzeInvocation(c, symbols), SyntaxKind.InvocationExpression);
            });
        }

        private static void AnalyzeInvocation(SyntaxNodeAnalysisContext context, WorkflowSymbols symbols)
        {
            var invocation = (InvocationExpressionSyntax)context.Node;
            if (invocation.Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Then" } then) return;
            if (invocation.ArgumentList.Arguments.Count != 1) return;
            var model = context.SemanticModel;
            var ct = context.CancellationToken;
            var passedOn = symbols.ResultPassedOn(model.GetTypeInfo(then.Expression, ct).Type);
            if (passedOn is null) return;

            var argument = invocation.ArgumentList.Arguments[0].Expression;
            MemberAccessExpressionSyntax? call;
            switch (argument)
            {
                case MemberAccessExpressionSyntax group:
                    // Then(X.Call): the compiler could not bind Then with this method group.
                    if (model.GetSymbolInfo(invocation, ct).Symbol is not null) return;
                    call = group;
                    break;
                case LambdaExpressionSyntax lambda when InputCall(lambda) is { } inner:
                    // Then(t => X.Call(t, …)): the compiler could not bind the call in the lambda.
                    if (model.GetSymbolInfo(inner, ct).Symbol is not null) return;
                    call = (MemberAccessExpressionSyntax)inner.Expression;
                    break;
                default:
                    return;
            }
            if (call.Name.Identifier.ValueText != "Call") return;
            if (model.GetSymbolInfo(call.Expression, ct).Symbol is not INamedTypeSymbol proxy) return;
            if (symbols.ProxyTaskName(proxy) is not { } taskName) return;

            foreach (var member in proxy.GetMembers("Call"))
            {
                if (member is not IMethodSymbol method || !symbols.TryGetInputForm(method, out var parameter, out var takes)) continue;
                if (symbols.Feeds(passedOn, takes)) return;   // the types fit: something else is wrong (an argument), the compiler says what
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.WorkflowStepInputMismatch, argument.GetLocation(),
                    taskName, takes.ToDisplayString(TypeFormat), parameter.Name, passedOn.ToDisplayString(TypeFormat)));
                return;
            }
        }

        /// <summary>The <c>X.Call(t, …)</c> a one-parameter lambda's body is, with the lambda's parameter as its first argument; else null.</summary>
        private static InvocationExpressionSyntax? InputCall(LambdaExpressionSyntax lambda)
        {
            var parameter = lambda switch
            {
                SimpleLambdaExpressionSyntax simple => simple.Parameter.Identifier.ValueText,
                ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: 1 } parenthesized => parenthesized.ParameterList.Parameters[0].Identifier.ValueText,
                _ => null,
            };
            var body = lambda.ExpressionBody
                ?? (lambda.Block is { Statements: [ReturnStatementSyntax { Expression: { } returned }] } ? returned : null);
            if (parameter is null || body is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax } inner) return null;
            var arguments = inner.ArgumentList.Arguments;
            return arguments.Count > 0 && arguments[0].Expression is IdentifierNameSyntax { Identifier.ValueText: var name } && name == parameter ? inner : null;
        }
    }
}
