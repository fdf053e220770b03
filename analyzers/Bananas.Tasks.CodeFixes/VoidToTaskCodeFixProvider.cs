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
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null) return document;

            var taskType = SyntaxFactory.IdentifierName("Task").WithTriviaFrom(method.ReturnType);
            var isAsync = method.Modifiers.Any(SyntaxKind.AsyncKeyword);
            var updated = (isAsync ? method : ReturnCompletedTask(method)).WithReturnType(taskType);
            var newRoot = root.ReplaceNode(method, updated);

            // `Task` must mean System.Threading.Tasks.Task where the method is: add the using when it does not.
            var bound = model.GetSpeculativeTypeInfo(method.ReturnType.SpanStart, SyntaxFactory.IdentifierName("Task"), SpeculativeBindingOption.BindAsTypeOrNamespace).Type;
            if (bound?.ToDisplayString() != "System.Threading.Tasks.Task" && newRoot is CompilationUnitSyntax unit)
            {
                var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName("System.Threading.Tasks"))
                    .WithTrailingTrivia(unit.Usings.Count > 0 ? unit.Usings[0].GetTrailingTrivia() : SyntaxFactory.TriviaList(SyntaxFactory.ElasticLineFeed))
                    .WithAdditionalAnnotations(Formatter.Annotation);
                // System namespaces first, then alphabetical: the placement IDEs use.
                var index = unit.Usings.TakeWhile(u => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && SortsBefore(u.Name?.ToString() ?? "")).Count();
                newRoot = unit.WithUsings(unit.Usings.Insert(index, directive));
            }
            return document.WithSyntaxRoot(newRoot);
        }

        private static bool SortsBefore(string name)
        {
            bool system = name == "System" || name.StartsWith("System.", System.StringComparison.Ordinal);
            return system && string.CompareOrdinal(name, "System.Threading.Tasks") < 0;
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
            SyntaxFactory.ReturnStatement(SyntaxFactory.ParseExpression("Task.CompletedTask")).WithAdditionalAnnotations(Formatter.Annotation);
    }
}
