namespace Bananas.Tasks.Json;

/// <summary>C#-style type names for error messages (<c>List&lt;Thumbnail&gt;</c>, <c>int?</c>), without reflection over members.</summary>
internal static class TaskJsonTypeNames
{
    public static string Display(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying) return Display(underlying) + "?";
        if (type.IsArray) return Display(type.GetElementType()!) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        if (!type.IsGenericType) return Keyword(type) ?? type.Name;
        var name = type.Name;
        var tick = name.IndexOf('`');
        if (tick >= 0) name = name[..tick];
        return name + "<" + string.Join(", ", type.GetGenericArguments().Select(Display)) + ">";
    }

    private static string? Keyword(Type type) =>
        type == typeof(string) ? "string"
        : type == typeof(int) ? "int"
        : type == typeof(long) ? "long"
        : type == typeof(bool) ? "bool"
        : type == typeof(double) ? "double"
        : type == typeof(object) ? "object"
        : null;
}
