using System.Linq;
using Bananas.Tasks.Generators.Model;

namespace Bananas.Tasks.Generators.Emitting;

/// <summary>The C# that writes one value with a <c>Utf8JsonWriter</c> and reads it with a <c>Utf8JsonReader</c>.</summary>
internal static class ValueCodeEmitter
{
    /// <summary>One statement writing <paramref name="expression"/> (of type <paramref name="value"/>) as a JSON value.</summary>
    /// <param name="parameterLiteral">The parameter name as a C# literal, or <c>"result"</c> for a result (used in error messages).</param>
    public static string Write(ValueModel value, string expression, string writer, string taskNameRef, string parameterLiteral, JsonContextModel json)
    {
        if (value.IsNullableValueType)
            return $"if ({expression}.HasValue) {WriteCore(value, expression + ".GetValueOrDefault()", writer, taskNameRef, parameterLiteral, json)}; else {writer}.WriteNullValue();";
        if (value.AllowsNull && value.Kind != ValueKind.String)
            return $"if ({expression} is null) {writer}.WriteNullValue(); else {WriteCore(value, expression, writer, taskNameRef, parameterLiteral, json)};";
        return WriteCore(value, expression, writer, taskNameRef, parameterLiteral, json) + ";";
    }

    private static string WriteCore(ValueModel value, string e, string w, string taskNameRef, string parameterLiteral, JsonContextModel json) => value.Kind switch
    {
        ValueKind.String or ValueKind.Guid or ValueKind.DateTime or ValueKind.DateTimeOffset => $"{w}.WriteStringValue({e})",
        ValueKind.Boolean => $"{w}.WriteBooleanValue({e})",
        ValueKind.Char => $"{w}.WriteStringValue({e}.ToString())",
        ValueKind.TimeSpan => $"{w}.WriteStringValue({e}.ToString(\"c\", {KnownTypes.CultureInfo}.InvariantCulture))",
        ValueKind.Single or ValueKind.Double => $"{KnownTypes.TaskProxySupport}.WriteFiniteNumber({w}, {e}, {taskNameRef}, {parameterLiteral})",
        ValueKind.Enum => $"{w}.WriteNumberValue(({(value.IsUnsignedEnum ? "ulong" : "long")}){e})",
        ValueKind.Json => $"{KnownTypes.JsonSerializer}.Serialize({w}, {e}, {TypeInfo(value, json)})",
        _ => $"{w}.WriteNumberValue({e})",
    };

    /// <summary>An expression reading the value the reader stands on (null allowed only when the type allows it).</summary>
    /// <param name="parameterLiteral">The parameter name as a C# literal, or <c>null</c> for the result.</param>
    public static string Read(ValueModel value, string reader, string taskNameRef, string parameterLiteral, JsonContextModel json)
    {
        var core = ReadCore(value, reader, taskNameRef, parameterLiteral, json);
        return value.AllowsNull ? $"{reader}.TokenType == {KnownTypes.JsonTokenType}.Null ? null : {core}" : core;
    }

    private static string ReadCore(ValueModel value, string r, string taskNameRef, string parameterLiteral, JsonContextModel json)
    {
        var args = $"ref {r}, {taskNameRef}, {parameterLiteral}";
        return value.Kind switch
        {
            ValueKind.Enum => $"{KnownTypes.TaskJsonReader}.ReadEnum<{value.CoreTypeName}>({args})",
            ValueKind.Json => $"{KnownTypes.TaskJsonReader}.ReadJson(ref {r}, {TypeInfo(value, json)}, {taskNameRef}, {parameterLiteral})",
            var kind => $"{KnownTypes.TaskJsonReader}.Read{kind}({args})",
        };
    }

    /// <summary>
    /// The <c>JsonTypeInfo&lt;T&gt;</c> of a user type: the context's generated property when the type is listed on it
    /// (checked at compile time), else a run-time lookup in the context, reflection when allowed, or a clear error.
    /// </summary>
    public static string TypeInfo(ValueModel value, JsonContextModel json)
    {
        var t = value.CoreTypeName;
        if (json.ContextTypeName is { } context)
        {
            var listed = json.ListedTypes.FirstOrDefault(l => l.TypeName == t);
            if (listed is not null) return $"{context}.Default.{listed.PropertyName}";
            return json.AllowReflection
                ? $"{KnownTypes.TaskJsonTypeInfo}.FromContextOrReflection<{t}>({context}.Default)"
                : $"{KnownTypes.TaskJsonTypeInfo}.FromContext<{t}>({context}.Default)";
        }
        return json.AllowReflection
            ? $"{KnownTypes.TaskJsonTypeInfo}.FromContextOrReflection<{t}>(null)"
            : $"{KnownTypes.TaskJsonTypeInfo}.Unregistered<{t}>()";
    }
}
