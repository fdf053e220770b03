using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Bananas.Tasks.Analyzers;
using Bananas.Tasks.Analyzers.Contracts;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace Bananas.Tasks.CodeFixes
{
    /// <summary>
    /// BNT144: adds the task's entry (its task line and a param line per payload parameter, as the analyzer wrote them)
    /// to <c>BananaTasks.Unshipped.txt</c>, in task-name order. Without that file it is created next to
    /// <c>BananaTasks.Shipped.txt</c>; add it to the project's <c>AdditionalFiles</c> if the IDE does not.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ContractUnshippedCodeFixProvider)), Shared]
    public sealed class ContractUnshippedCodeFixProvider : CodeFixProvider
    {
        /// <inheritdoc/>
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.ContractTaskUnrecorded.Id);

        /// <inheritdoc/>
        public override FixAllProvider? GetFixAllProvider() => null;

        /// <inheritdoc/>
        public override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var project = context.Document.Project;
            foreach (var diagnostic in context.Diagnostics)
            {
                if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.ContractTask, out var task) || task is null) continue;
                if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.ContractLines, out var lines) || lines is null) continue;
                context.RegisterCodeFix(
                    CodeAction.Create("Add '" + task + "' to " + ContractFileNames.Unshipped,
                        ct => AddAsync(project, task, lines.Split('\n'), ct),
                        equivalenceKey: diagnostic.Id),
                    diagnostic);
            }
            return Task.CompletedTask;
        }

        private static async Task<Solution> AddAsync(Project project, string task, string[] block, CancellationToken cancellationToken)
        {
            if (ContractDocuments.Unshipped(project) is { } unshipped)
            {
                var text = await unshipped.GetTextAsync(cancellationToken).ConfigureAwait(false);
                var updated = ContractLines.InsertTask(text.ToString(), task, block);
                return project.Solution.WithAdditionalDocumentText(unshipped.Id, SourceText.From(updated, text.Encoding));
            }
            var shipped = ContractDocuments.Shipped(project);
            var folder = shipped?.FilePath is { } path ? System.IO.Path.GetDirectoryName(path) : null;
            var created = ContractLines.InsertTask("", task, block);
            return project.AddAdditionalDocument(ContractFileNames.Unshipped, SourceText.From(created),
                shipped?.Folders, folder is null ? null : System.IO.Path.Combine(folder, ContractFileNames.Unshipped)).Project.Solution;
        }
    }
}
