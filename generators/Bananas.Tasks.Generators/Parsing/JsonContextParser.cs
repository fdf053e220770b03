using System.Collections.Generic;
using System.Threading;
using Bananas.Tasks.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Bananas.Tasks.Generators.Parsing;

/// <summary>Reads <c>[assembly: BananasJsonContext(typeof(AppJsonContext), AllowReflection = …)]</c> into a <see cref="JsonContextModel"/>.</summary>
internal static class JsonContextParser
{
    public static JsonContextModel Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.Attributes.Length == 0) return JsonContextModel.None;
        var attribute = context.Attributes[0];
        bool allowReflection = false;
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.Key == "AllowReflection" && argument.Value.Value is bool b) allowReflection = b;
        }
        if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not INamedTypeSymbol contextType || contextType.TypeKind == TypeKind.Error)
            return new JsonContextModel(null, EquatableArray<ListedJsonType>.Empty, allowReflection);

        var listed = new List<ListedJsonType>();
        foreach (var serializable in contextType.GetAttributes())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (serializable.AttributeClass is null || SymbolNames.FullName(serializable.AttributeClass) != SymbolNames.JsonSerializableAttribute) continue;
            if (serializable.ConstructorArguments.Length != 1 || serializable.ConstructorArguments[0].Value is not ITypeSymbol type) continue;
            string? propertyName = null;
            foreach (var argument in serializable.NamedArguments)
            {
                if (argument.Key == "TypeInfoPropertyName") propertyName = argument.Value.Value as string;
            }
            propertyName ??= ValueParser.SimplePropertyName(type);
            if (propertyName is null) continue;
            listed.Add(new ListedJsonType(type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolNames.Qualified), propertyName));
        }
        return new JsonContextModel(contextType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), new EquatableArray<ListedJsonType>(listed), allowReflection);
    }
}
