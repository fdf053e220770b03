using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Bananas.Tasks.Analyzers
{
    /// <summary>Reads named arguments of an attribute together with the location of the written value.</summary>
    internal static class TaskAttributeArguments
    {
        /// <summary>The value of the named argument <paramref name="name"/>, if it was written.</summary>
        public static bool TryGet(AttributeData attribute, string name, out TypedConstant value)
        {
            foreach (var pair in attribute.NamedArguments)
            {
                if (pair.Key == name)
                {
                    value = pair.Value;
                    return true;
                }
            }
            value = default;
            return false;
        }

        /// <summary>The named string argument <paramref name="name"/>, or null when absent or null.</summary>
        public static string? GetString(AttributeData attribute, string name) =>
            TryGet(attribute, name, out var value) && !value.IsNull ? value.Value as string : null;

        /// <summary>
        /// The location of the value written for <paramref name="name"/> (<c>Route = "x"</c> → <c>"x"</c>),
        /// else of the attribute, else none.
        /// </summary>
        public static Location GetValueLocation(AttributeData attribute, string name, CancellationToken cancellationToken)
        {
            var syntax = GetValueSyntax(attribute, name, cancellationToken);
            if (syntax is not null) return syntax.GetLocation();
            return attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? Location.None;
        }

        /// <summary>
        /// The location of entry <paramref name="index"/> of the array written for <paramref name="name"/>
        /// (<c>UniqueBy = new[] { "a", nameof(b) }</c>, <c>["a", "b"]</c>), else of the whole value.
        /// </summary>
        public static Location GetElementLocation(AttributeData attribute, string name, int index, CancellationToken cancellationToken)
        {
            var syntax = GetValueSyntax(attribute, name, cancellationToken);
            if (syntax is not null && index >= 0 && GetElementSyntax(syntax, index) is { } element) return element.GetLocation();
            return GetValueLocation(attribute, name, cancellationToken);
        }

        /// <summary>Entry <paramref name="index"/> of an array creation or collection expression, or null.</summary>
        public static ExpressionSyntax? GetElementSyntax(ExpressionSyntax array, int index)
        {
            switch (array)
            {
                case ArrayCreationExpressionSyntax { Initializer: { } initializer }:
                    return index < initializer.Expressions.Count ? initializer.Expressions[index] : null;
                case ImplicitArrayCreationExpressionSyntax implicitArray:
                    return index < implicitArray.Initializer.Expressions.Count ? implicitArray.Initializer.Expressions[index] : null;
                case CollectionExpressionSyntax collection:
                    return index < collection.Elements.Count && collection.Elements[index] is ExpressionElementSyntax element ? element.Expression : null;
                default:
                    return null;
            }
        }

        /// <summary>The expression written for the named argument <paramref name="name"/>, or null.</summary>
        public static ExpressionSyntax? GetValueSyntax(AttributeData attribute, string name, CancellationToken cancellationToken)
        {
            if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is not AttributeSyntax syntax || syntax.ArgumentList is null)
                return null;
            foreach (var argument in syntax.ArgumentList.Arguments)
            {
                if (argument.NameEquals?.Name.Identifier.ValueText == name) return argument.Expression;
            }
            return null;
        }
    }
}
