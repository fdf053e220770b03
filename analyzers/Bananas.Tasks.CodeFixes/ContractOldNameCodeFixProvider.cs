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
using Microsoft.CodeAnalysis.Simplification;

namespace Bananas.Tasks.CodeFixes
{
    /// <summary>
    /// BNT141: keeps the queued jobs of a renamed parameter decodable by giving it the shipped name as an old name,
    /// <c>[BananaArgument("url")] string source</c>. One action per payload parameter that reads no shipped name (the
    /// analyzer lists them), the most likely (the closest name) first.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ContractOldNameCodeFixProvider)), Shared]
    public sealed class ContractOldNameCodeFixProvider : CodeFixProvider
    {
        /// <inheritdoc/>
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.ContractParameterRemoved.Id);

        /// <inheritdoc/>
        public override FixAllProvider? GetFixAllProvider() => null;

        /// <inheritdoc/>
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null) return;
            foreach (var diagnostic in context.Diagnostics)
            {
                if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.ContractParameter, out var oldName) || oldName is null) continue;
                if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.ContractCandidates, out var candidates) || string.IsNullOrEmpty(candidates)) continue;
                if (root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } method) continue;
                foreach (var name in candidates!.Split(',').OrderBy(n => EditDistance.Between(n, oldName)).ThenBy(n => n, System.StringComparer.Ordinal))
                {
                    var parameter = method.ParameterList.Parameters.FirstOrDefault(p => p.Identifier.ValueText == name);
                    if (parameter is null) continue;
                    context.RegisterCodeFix(
                        CodeAction.Create("Read queued '" + oldName + "' into '" + name + "' with [BananaArgument(\"" + oldName + "\")]",
                            ct => AddOldNameAsync(context.Document, parameter, oldName, ct),
                            equivalenceKey: diagnostic.Id + ":" + name),
                        diagnostic);
                }
            }
        }

        private static async Task<Document> AddOldNameAsync(Document document, ParameterSyntax parameter, string oldName, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null) return document;
            var attribute = SyntaxFactory.Attribute(
                SyntaxFactory.ParseName("global::Bananas.Tasks.BananaArgument").WithAdditionalAnnotations(Simplifier.Annotation),
                SyntaxFactory.AttributeArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.AttributeArgument(
                    SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(oldName))))));
            var list = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(attribute)).WithTrailingTrivia(SyntaxFactory.Space);
            var lists = parameter.AttributeLists;
            // The new list goes first and takes over the parameter's leading trivia (its indentation, a line break).
            var updated = lists.Count == 0
                ? parameter.WithoutLeadingTrivia().WithAttributeLists(SyntaxFactory.SingletonList(list)).WithLeadingTrivia(parameter.GetLeadingTrivia())
                : parameter.WithAttributeLists(lists.Replace(lists[0], lists[0].WithoutLeadingTrivia()).Insert(0, list.WithLeadingTrivia(lists[0].GetLeadingTrivia())));
            return document.WithSyntaxRoot(root.ReplaceNode(parameter, updated));
        }
    }
}
