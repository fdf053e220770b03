using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
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
    /// <c>BananaTasks.Shipped.txt</c>; add it to the project's <c>AdditionalFiles</c> if the IDE does not. Fix-all adds
    /// every reported task of the document, project or solution at once (opting a project in reports each of its tasks).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ContractUnshippedCodeFixProvider)), Shared]
    public sealed class ContractUnshippedCodeFixProvider : CodeFixProvider
    {
        /// <inheritdoc/>
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.ContractTaskUnrecorded.Id);

        /// <inheritdoc/>
        public override FixAllProvider GetFixAllProvider() => AllTasks.Instance;

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
                        ct => AddAsync(project, new[] { (task, lines.Split('\n')) }, ct),
                        equivalenceKey: diagnostic.Id),
                    diagnostic);
            }
            return Task.CompletedTask;
        }

        /// <summary>The solution with each task's block added to the project's <c>BananaTasks.Unshipped.txt</c> (created when missing).</summary>
        private static async Task<Solution> AddAsync(Project project, IEnumerable<(string Task, string[] Block)> tasks, CancellationToken cancellationToken)
        {
            var unshipped = ContractDocuments.Unshipped(project);
            var original = unshipped is null ? null : await unshipped.GetTextAsync(cancellationToken).ConfigureAwait(false);
            var text = original?.ToString() ?? "";
            foreach (var (task, block) in tasks) text = ContractLines.InsertTask(text, task, block);
            if (unshipped is not null) return project.Solution.WithAdditionalDocumentText(unshipped.Id, SourceText.From(text, original!.Encoding));
            var shipped = ContractDocuments.Shipped(project);
            var folder = shipped?.FilePath is { } path ? System.IO.Path.GetDirectoryName(path) : null;
            return project.AddAdditionalDocument(ContractFileNames.Unshipped, SourceText.From(text),
                shipped?.Folders, folder is null ? null : System.IO.Path.Combine(folder, ContractFileNames.Unshipped)).Project.Solution;
        }

        /// <summary>Fix-all: one edit of each project's <c>BananaTasks.Unshipped.txt</c> with all of its reported tasks.</summary>
        private sealed class AllTasks : FixAllProvider
        {
            public static readonly AllTasks Instance = new AllTasks();

            public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
                new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

            public override Task<CodeAction?> GetFixAsync(FixAllContext context) =>
                Task.FromResult<CodeAction?>(CodeAction.Create("Add every unrecorded task to " + ContractFileNames.Unshipped,
                    ct => FixAsync(context, ct), equivalenceKey: context.CodeActionEquivalenceKey));

            private static async Task<Solution> FixAsync(FixAllContext context, CancellationToken cancellationToken)
            {
                var projects = context.Scope == FixAllScope.Solution ? context.Solution.Projects.ToList() : new List<Project> { context.Project };
                var solution = context.Solution;
                foreach (var project in projects)
                {
                    var diagnostics = context.Scope == FixAllScope.Document && context.Document is { } document
                        ? await context.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false)
                        : await context.GetAllDiagnosticsAsync(project).ConfigureAwait(false);
                    var tasks = new SortedDictionary<string, string[]>(System.StringComparer.Ordinal);
                    foreach (var diagnostic in diagnostics)
                    {
                        if (diagnostic.Properties.TryGetValue(DiagnosticProperties.ContractTask, out var task) && task is not null
                            && diagnostic.Properties.TryGetValue(DiagnosticProperties.ContractLines, out var lines) && lines is not null)
                            tasks[task] = lines.Split('\n');
                    }
                    if (tasks.Count == 0) continue;
                    solution = await AddAsync(solution.GetProject(project.Id)!, tasks.Select(t => (t.Key, t.Value)), cancellationToken).ConfigureAwait(false);
                }
                return solution;
            }
        }
    }
}
