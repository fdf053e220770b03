using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Bananas.Tasks.Analyzers
{
    /// <summary>
    /// Types a task cannot live in: BNT020 (an open generic type, or one nested in it), BNT021 (a private,
    /// protected or file-local type, or one nested in it), BNT022 (an abstract class, interface or struct, for an instance task).
    /// </summary>
    /// <remarks>The rules are <see cref="TaskShape"/>'s, which the generator applies too: it emits nothing for a method reported here.</remarks>
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
            TaskShapeAnalysis.Register(context, SupportedDiagnostics);
        }
    }
}
