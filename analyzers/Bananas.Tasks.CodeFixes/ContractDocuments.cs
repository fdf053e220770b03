using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Bananas.Tasks.Analyzers.Contracts;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Bananas.Tasks.CodeFixes
{
    /// <summary>Finding and editing a project's payload contract files (additional documents) for the contract code fixes.</summary>
    internal static class ContractDocuments
    {
        /// <summary>The project's <c>BananaTasks.Shipped.txt</c>, or null.</summary>
        public static TextDocument? Shipped(Project project) =>
            project.AdditionalDocuments.FirstOrDefault(d => ContractFileNames.IsShipped(d.FilePath ?? d.Name));

        /// <summary>The project's <c>BananaTasks.Unshipped.txt</c>, or null.</summary>
        public static TextDocument? Unshipped(Project project) =>
            project.AdditionalDocuments.FirstOrDefault(d => ContractFileNames.IsUnshipped(d.FilePath ?? d.Name));

        /// <summary>
        /// The solution with the shipped line <paramref name="line"/> moved to the <c>#removed</c> section of
        /// <c>BananaTasks.Shipped.txt</c>; the same solution when the file or the line is not there.
        /// </summary>
        public static async Task<Solution> MoveToRemovedAsync(Project project, string line, CancellationToken cancellationToken)
        {
            if (Shipped(project) is not { } shipped) return project.Solution;
            var text = await shipped.GetTextAsync(cancellationToken).ConfigureAwait(false);
            var moved = ContractLines.MoveToRemoved(text.ToString(), line);
            return moved is null ? project.Solution : project.Solution.WithAdditionalDocumentText(shipped.Id, SourceText.From(moved, text.Encoding));
        }
    }
}
