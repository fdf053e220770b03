using System.Collections.Generic;
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

namespace Bananas.Tasks.CodeFixes
{
    /// <summary>
    /// BNT143: gives the required parameter a default value, so the decoder fills it for queued jobs that lack it:
    /// <c>= default</c> for a value type, <c>= null</c> for a nullable type, <c>= ""</c> for <c>string</c>; another reference
    /// type becomes nullable with <c>= null</c>. C# wants optional parameters last, so a later <c>CancellationToken</c>
    /// without a default gets <c>= default</c> too; with any other later required parameter the fix is not offered.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ContractDefaultValueCodeFixProvider)), Shared]
    public sealed class ContractDefaultValueCodeFixProvider : CodeFixProvider
    {
        /// <inheritdoc/>
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.ContractParameterRequired.Id);

        /// <inheritdoc/>
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc/>
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null) return;
            foreach (var diagnostic in context.Diagnostics)
            {
                if (root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<ParameterSyntax>() is not { Parent: ParameterListSyntax list } parameter) continue;
                if (model.GetDeclaredSymbol(parameter, context.CancellationToken) is not { } symbol) continue;
                var later = list.Parameters.Skip(list.Parameters.IndexOf(parameter) + 1).ToList();
                var laterRequired = later.Where(p => p.Default is null && !p.Modifiers.Any(SyntaxKind.ParamsKeyword)).ToList();
                if (laterRequired.Any(p => !IsCancellationToken(model.GetDeclaredSymbol(p, context.CancellationToken)?.Type))) continue;
                var (type, value) = DefaultFor(parameter, symbol.Type);
                context.RegisterCodeFix(
                    CodeAction.Create("Give '" + symbol.Name + "' the default value " + value,
                        ct => ApplyAsync(context.Document, list, parameter, type, value, laterRequired, ct),
                        equivalenceKey: diagnostic.Id + ":default"),
                    diagnostic);
            }
        }

        /// <summary>The parameter's type (made nullable for a non-nullable class) and its default value.</summary>
        private static (TypeSyntax? Type, string Value) DefaultFor(ParameterSyntax parameter, ITypeSymbol type)
        {
            if (type.SpecialType == SpecialType.System_String && type.NullableAnnotation != NullableAnnotation.Annotated) return (null, "\"\"");
            if (type.IsValueType)
                return (null, type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T ? "null" : "default");
            if (type.NullableAnnotation == NullableAnnotation.Annotated || parameter.Type is null) return (null, "null");
            return (SyntaxFactory.NullableType(parameter.Type.WithoutTrivia()).WithTriviaFrom(parameter.Type), "null");
        }

        private static bool IsCancellationToken(ITypeSymbol? type) =>
            type?.ToDisplayString() == "System.Threading.CancellationToken";

        private static async Task<Document> ApplyAsync(Document document, ParameterListSyntax list, ParameterSyntax parameter, TypeSyntax? type, string value,
            List<ParameterSyntax> laterTokens, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null) return document;
            var updated = list.ReplaceNodes(new[] { parameter }.Concat(laterTokens), (original, _) =>
            {
                var withType = original == parameter && type is not null ? original.WithType(type) : original;
                var text = original == parameter ? value : "default";
                return withType.WithIdentifier(withType.Identifier.WithoutTrivia())
                    .WithDefault(SyntaxFactory.EqualsValueClause(SyntaxFactory.ParseExpression(text))
                        .WithEqualsToken(SyntaxFactory.Token(SyntaxKind.EqualsToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space)))
                    .WithTrailingTrivia(original.GetTrailingTrivia());
            });
            return document.WithSyntaxRoot(root.ReplaceNode(list, updated));
        }
    }
}
