using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Bananas.Tasks.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Bananas.Tasks.CodeFixes
{
    /// <summary>
    /// BNT017: replaces a <c>UniqueBy</c> entry that names no parameter with the closest parameter name the analyzer
    /// suggests (<c>"orderID"</c> → <c>"orderId"</c>), keeping the entry's form: a string literal stays a literal,
    /// anything else (<c>nameof(…)</c>, a constant) becomes <c>nameof(orderId)</c>.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UniqueByCodeFixProvider)), Shared]
    public sealed class UniqueByCodeFixProvider : CodeFixProvider
    {
        /// <inheritdoc/>
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.UniqueByNotParameter.Id);

        /// <inheritdoc/>
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc/>
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null) return;
            foreach (var diagnostic in context.Diagnostics)
            {
                if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.Suggestion, out var suggestion) || suggestion is null) continue;
                if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax entry) continue;
                context.RegisterCodeFix(
                    CodeAction.Create("Use parameter '" + suggestion + "'", ct => ReplaceAsync(context.Document, entry, suggestion, ct), equivalenceKey: diagnostic.Id),
                    diagnostic);
            }
        }

        private static async Task<Document> ReplaceAsync(Document document, ExpressionSyntax entry, string name, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null) return document;
            ExpressionSyntax replacement = entry.IsKind(SyntaxKind.StringLiteralExpression)
                ? SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(name))
                : SyntaxFactory.ParseExpression("nameof(" + name + ")");
            return document.WithSyntaxRoot(root.ReplaceNode(entry, replacement.WithTriviaFrom(entry)));
        }
    }
}
