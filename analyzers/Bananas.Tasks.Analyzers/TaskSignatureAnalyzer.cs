using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Bananas.Tasks.Analyzers
{
    /// <summary>
    /// Handler signatures the worker cannot call: BNT010 (generic method), BNT011 (ref/out/in/pointer
    /// parameter), BNT012 (more than one CancellationToken), BNT013 (async void), BNT014 (return type other
    /// than Task, ValueTask, Task&lt;T&gt;, ValueTask&lt;T&gt;), BNT015 (private or protected method).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TaskSignatureAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            DiagnosticDescriptors.TaskMethodGeneric,
            DiagnosticDescriptors.TaskParameterByReference,
            DiagnosticDescriptors.MultipleCancellationTokens,
            DiagnosticDescriptors.TaskMethodAsyncVoid,
            DiagnosticDescriptors.TaskReturnTypeUnsupported,
            DiagnosticDescriptors.TaskMethodInaccessible);

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
            if (symbols.GetTaskAttribute(method) is null) return;
            var ct = context.CancellationToken;

            if (method.IsGenericMethod)
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TaskMethodGeneric, TaskSyntax.NameLocation(method, ct), method.Name));

            if (method.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TaskMethodInaccessible, TaskSyntax.NameLocation(method, ct),
                    method.Name, AccessibilityText.Describe(method.DeclaredAccessibility)));

            int tokens = 0;
            foreach (var parameter in method.Parameters)
            {
                var kind = ByReferenceKind(parameter);
                if (kind is not null)
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TaskParameterByReference, TaskSyntax.FirstLocation(parameter),
                        parameter.Name, method.Name, kind));
                if (symbols.IsCancellationToken(parameter.Type) && ++tokens == 2)
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MultipleCancellationTokens, TaskSyntax.FirstLocation(parameter), method.Name));
            }

            if (method.ReturnsVoid && method.IsAsync)
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TaskMethodAsyncVoid, TaskSyntax.ReturnTypeLocation(method, ct), method.Name));
            else if (!IsAwaitableReturn(method.ReturnType, symbols))
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TaskReturnTypeUnsupported, TaskSyntax.ReturnTypeLocation(method, ct),
                    method.Name, method.ReturnType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)));
        }

        private static string? ByReferenceKind(IParameterSymbol parameter)
        {
            switch (parameter.RefKind)
            {
                case RefKind.Ref: return "a ref parameter";
                case RefKind.Out: return "an out parameter";
                case RefKind.In: return "an in parameter";
                case RefKind.RefReadOnlyParameter: return "a ref readonly parameter";
            }
            return parameter.Type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer ? "a pointer" : null;
        }

        /// <summary>True for Task, ValueTask, Task&lt;T&gt; and ValueTask&lt;T&gt;.</summary>
        internal static bool IsAwaitableReturn(ITypeSymbol type, BananasSymbols symbols)
        {
            var definition = type.OriginalDefinition;
            return SymbolEqualityComparer.Default.Equals(definition, symbols.Task)
                || SymbolEqualityComparer.Default.Equals(definition, symbols.ValueTask)
                || SymbolEqualityComparer.Default.Equals(definition, symbols.TaskOfT)
                || SymbolEqualityComparer.Default.Equals(definition, symbols.ValueTaskOfT);
        }
    }
}
