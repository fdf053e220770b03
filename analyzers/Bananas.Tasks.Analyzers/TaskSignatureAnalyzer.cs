using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Bananas.Tasks.Analyzers
{
    /// <summary>
    /// Handler signatures the worker cannot call: BNT010 (generic method), BNT011 (ref/out/in/pointer
    /// parameter), BNT012 (more than one CancellationToken or TaskContext), BNT013 (async void), BNT014 (return
    /// type other than Task, ValueTask, Task&lt;T&gt;, ValueTask&lt;T&gt;), BNT015 (private or protected method).
    /// </summary>
    /// <remarks>The rules are <see cref="TaskShape"/>'s, which the generator applies too: it emits nothing for a method reported here.</remarks>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class TaskSignatureAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            DiagnosticDescriptors.TaskMethodGeneric,
            DiagnosticDescriptors.TaskParameterByReference,
            DiagnosticDescriptors.InjectedParameterRepeated,
            DiagnosticDescriptors.TaskMethodAsyncVoid,
            DiagnosticDescriptors.TaskReturnTypeUnsupported,
            DiagnosticDescriptors.TaskMethodInaccessible);

        /// <inheritdoc/>
        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            TaskShapeAnalysis.Register(context, SupportedDiagnostics);
        }
    }
}
