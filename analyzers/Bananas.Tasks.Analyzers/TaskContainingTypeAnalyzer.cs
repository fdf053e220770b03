using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Bananas.Tasks.Analyzers
{
    /// <summary>
    /// Types a task cannot live in: BNT020 (an open generic type, or one nested in it), BNT021 (a private,
    /// protected or file-local type, or one nested in it), BNT022 (an abstract class, interface or struct, for an instance task).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TaskContainingTypeAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            DiagnosticDescriptors.ContainingTypeGeneric,
            DiagnosticDescriptors.ContainingTypeInaccessible,
            DiagnosticDescriptors.ContainingTypeAbstract);

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
            if (symbols.GetTaskAttribute(method) is null || method.ContainingType is not { } owner) return;
            var location = TaskSyntax.NameLocation(method, context.CancellationToken);

            INamedTypeSymbol? generic = null;
            INamedTypeSymbol? hidden = null;
            for (var type = owner; type is not null; type = type.ContainingType)
            {
                if (generic is null && type.TypeParameters.Length > 0) generic = type;
                if (hidden is null && (type.IsFileLocal || type.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal))
                    hidden = type;
            }

            if (generic is not null)
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ContainingTypeGeneric, location, Display(generic), method.Name));

            if (hidden is not null)
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ContainingTypeInaccessible, location, Display(hidden), method.Name,
                    hidden.IsFileLocal ? "file-local" : AccessibilityText.Describe(hidden.DeclaredAccessibility)));

            var uncreatable = method.IsStatic ? null : UncreatableKind(owner);
            if (uncreatable is not null)
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ContainingTypeAbstract, location, method.Name, Display(owner), uncreatable));
        }

        /// <summary>Why DI cannot create <paramref name="type"/> per job, or null when it can (a concrete class).</summary>
        private static string? UncreatableKind(INamedTypeSymbol type) => type.TypeKind switch
        {
            TypeKind.Interface => "interface",
            TypeKind.Struct => "struct",
            TypeKind.Class when type.IsAbstract => "abstract class",
            TypeKind.Class => null,
            _ => "type",
        };

        private static readonly SymbolDisplayFormat TypeFormat = new(
            typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypes,
            genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters);

        private static string Display(INamedTypeSymbol type) => type.ToDisplayString(TypeFormat);
    }
}
