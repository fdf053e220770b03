using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Bananas.Tasks.Analyzers
{
    /// <summary>
    /// Values on <c>[BananaTask]</c> that the runtime would reject: BNT003 (priority outside 1..3),
    /// BNT004 (MaxRetries below -1), BNT005 (negative TimeoutSeconds), BNT006 (invalid Name), BNT008 (KeepCompletedSeconds below -1),
    /// BNT007 (a proxy name, ProxyName or else the method name, that is not a C# type name).
    /// </summary>
    /// <remarks>The rules are <see cref="TaskShape"/>'s, which the generator applies too: it emits nothing for a method reported here.</remarks>
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
            DiagnosticDescriptors.ProxyNameInvalid);

        /// <inheritdoc/>
        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            TaskShapeAnalysis.Register(context, SupportedDiagnostics);
        }
    }
}
