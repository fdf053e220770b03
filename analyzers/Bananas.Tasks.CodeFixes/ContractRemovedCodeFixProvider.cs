using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Bananas.Tasks.Analyzers;
using Bananas.Tasks.Analyzers.Contracts;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Bananas.Tasks.CodeFixes
{
    /// <summary>
    /// BNT141, BNT142 and BNT143 (a parameter that shipped as optional): marks the break as intended by moving the
    /// shipped line to the <c>#removed</c> section of <c>BananaTasks.Shipped.txt</c> (the header is added when missing).
    /// Queued jobs of the old shape will fail; the action's title says so.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ContractRemovedCodeFixProvider)), Shared]
    public sealed class ContractRemovedCodeFixProvider : CodeFixProvider
    {
        /// <inheritdoc/>
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
            DiagnosticDescriptors.ContractParameterRemoved.Id, DiagnosticDescriptors.ContractParameterTypeChanged.Id, DiagnosticDescriptors.ContractParameterRequired.Id);

        /// <inheritdoc/>
        public override FixAllProvider? GetFixAllProvider() => null;

        /// <inheritdoc/>
        public override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var project = context.Document.Project;
            if (ContractDocuments.Shipped(project) is null) return Task.CompletedTask;
            foreach (var diagnostic in context.Diagnostics)
            {
                if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.ContractLine, out var line) || line is null) continue;
                context.RegisterCodeFix(
                    CodeAction.Create("Move '" + line + "' to " + ContractFileNames.RemovedHeader + " in " + ContractFileNames.Shipped + " (queued jobs of the old shape will fail)",
                        ct => ContractDocuments.MoveToRemovedAsync(project, line, ct),
                        equivalenceKey: diagnostic.Id + ":removed"),
                    diagnostic);
            }
            return Task.CompletedTask;
        }
    }
}
