using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Bananas.Tasks.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace Bananas.Tasks.CodeFixes
{
    /// <summary>
    /// BNT013 and BNT014 on a <c>void</c> task method: returns <c>Task</c> instead. An <c>async void</c> method only
    /// changes its return type; a synchronous one also returns <c>Task.CompletedTask</c> wherever it returned.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(VoidToTaskCodeFixProvider)), Shared]
    public sealed class VoidToTaskCodeFixProvider : CodeFixProvider
    {
        private const string Title = "Return Task";

        /// <inheritdoc/>
        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(DiagnosticDescriptors.TaskMethodAsyncVoid.Id, DiagnosticDescriptors.TaskReturnTypeUnsupported.Id);

        /// <inheritdoc/>
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc/>
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null) return;
            foreach (var diagnostic in context.Diagnostics)
            {
                var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                if (node.FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } method) continue;
                if (method.ReturnType is not PredefinedTypeSyntax predefined || !predefined.Keyword.IsKind(SyntaxKind.VoidKeyword)) continue;
                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => FixAsync(context.Document, method, ct), equivalenceKey: Title),
                    diagnostic);
            }
        }

        private static async Task<Document> FixAsync(Document document, MethodDeclarationSyntax method, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null) return document;

            var taskType = SyntaxFactory.ParseTypeName("global::System.Threading.Tasks.Task")
                .WithTriviaFrom(method.ReturnType)
                .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
            var isAsync = method.Modifiers.Any(SyntaxKind.AsyncKeyword);
            var updated = isAsync ? method : ReturnCompletedTask(method);
            updated = updated.WithReturnType(taskType);
            return document.WithSyntaxRoot(root.ReplaceNode(method, updated));
        }

        /// <summary>A synchronous body made to return <c>Task.CompletedTask</c> on every path.</summary>
        private static MethodDeclarationSyntax ReturnCompletedTask(MethodDeclarationSyntax method)
        {
            if (method.ExpressionBody is { } arrow)
            {
                var body = SyntaxFactory.Block(SyntaxFactory.ExpressionStatement(arrow.Expression), CompletedTaskReturn())
                    .WithAdditionalAnnotations(Formatter.Annotation);
                return method.WithExpressionBody(null).WithSemicolonToken(default).WithBody(body);
            }
            if (method.Body is not { } block) return method;

            // Bare `return;` statements of this method (not of lambdas or local functions inside it).
            var returns = block.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
                .OfType<ReturnStatementSyntax>()
                .Where(r => r.Expression is null)
                .ToList();
            var rewritten = block.ReplaceNodes(returns, (original, _) => CompletedTaskReturn().WithTriviaFrom(original));
            var last = rewritten.Statements.LastOrDefault();
            if (last is not (ReturnStatementSyntax or ThrowStatementSyntax))
                rewritten = rewritten.AddStatements(CompletedTaskReturn());
            return method.WithBody(rewritten.WithAdditionalAnnotations(Formatter.Annotation));
        }

        private static ReturnStatementSyntax CompletedTaskReturn() =>
            SyntaxFactory.ReturnStatement(
                SyntaxFactory.ParseExpression("global::System.Threading.Tasks.Task.CompletedTask")
                    .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation))
                .WithAdditionalAnnotations(Formatter.Annotation);
    }
}
