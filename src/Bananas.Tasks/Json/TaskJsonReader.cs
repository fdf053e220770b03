using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Bananas.Tasks.Json;

/// <summary>
/// Reads task payloads and results for the generated codecs. Every failure names the task, the parameter (or the
/// result) and the expected type: a <see cref="TaskPayloadException"/> for an argument (permanent: the job goes to
/// the dead letter queue), a <see cref="TaskResultException"/> for a result.
/// </summary>
/// <remarks>
/// Each <c>Read…</c> value method expects the reader to stand on the value's first token and leaves it on the
/// value's last token. A <c>parameterName</c> of null means the task's result.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class TaskJsonReader
{
    /// <summary>A reader over <paramref name="payload"/>, standing on its opening <c>{</c>.</summary>
    public static Utf8JsonReader StartPayload(string payload, string taskName)
    {
        if (payload is null) throw new TaskPayloadException(taskName, null, "the payload is null; expected a JSON object keyed by parameter name");
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(payload));
        Advance(ref reader, taskName, null);
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new TaskPayloadException(taskName, null, $"expected a JSON object keyed by parameter name, got {Describe(ref reader)}");
        return reader;
    }

    /// <summary>Moves to the next property name; false at the payload's closing <c>}</c>.</summary>
    public static bool NextProperty(ref Utf8JsonReader reader, string taskName)
    {
        Advance(ref reader, taskName, null);
        return reader.TokenType == JsonTokenType.PropertyName;
    }

    /// <summary>
    /// Moves from a known property's name to its value, marking it seen; a property that appears twice is an error.
    /// </summary>
    public static void EnterValue(ref Utf8JsonReader reader, string taskName, string parameterName, ref bool seen)
    {
        if (seen) throw new TaskPayloadException(taskName, parameterName, "the property appears twice in the payload");
        seen = true;
        Advance(ref reader, taskName, parameterName);
    }

    /// <summary>The error for a property that is no parameter of the task.</summary>
    public static TaskPayloadException UnknownProperty(ref Utf8JsonReader reader, string taskName, string parameterNames)
    {
        var name = reader.GetString();
        var accepted = parameterNames.Length == 0 ? "the task takes no arguments, so the payload must be {}" : "the task takes " + parameterNames;
        return new TaskPayloadException(taskName, null, $"unexpected property '{name}'; {accepted}");
    }

    /// <summary>The error for a required parameter absent from the payload.</summary>
    public static TaskPayloadException MissingProperty(string taskName, string parameterName, string expectedType) =>
        new(taskName, parameterName, $"the property is missing; expected {expectedType}");

    /// <summary>Checks that nothing but whitespace follows the payload object.</summary>
    public static void EndPayload(ref Utf8JsonReader reader, string taskName) => End(ref reader, taskName, isPayload: true);

    /// <summary>A reader over a stored result, standing on its first token.</summary>
    public static Utf8JsonReader StartResult(string? resultJson, string taskName)
    {
        if (resultJson is null) throw new TaskResultException(taskName, "the job completed without storing a result");
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(resultJson));
        try
        {
            if (!reader.Read()) throw new TaskResultException(taskName, "the stored result is empty");
        }
        catch (JsonException ex)
        {
            throw new TaskResultException(taskName, "the stored result is not valid JSON (" + ex.Message + ")", ex);
        }
        return reader;
    }

    /// <summary>Checks that nothing but whitespace follows the result value.</summary>
    public static void EndResult(ref Utf8JsonReader reader, string taskName) => End(ref reader, taskName, isPayload: false);

    /// <summary>Reads a non-null string.</summary>
    public static string ReadString(ref Utf8JsonReader reader, string taskName, string? parameterName)
    {
        Expect(ref reader, JsonTokenType.String, taskName, parameterName, "string");
        return reader.GetString()!;
    }

    /// <summary>Reads <c>true</c> or <c>false</c>.</summary>
    public static bool ReadBoolean(ref Utf8JsonReader reader, string taskName, string? parameterName) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw Mismatch(ref reader, taskName, parameterName, "bool"),
    };

    /// <summary>Reads a one-character string.</summary>
    public static char ReadChar(ref Utf8JsonReader reader, string taskName, string? parameterName)
    {
        var text = ReadString(ref reader, taskName, parameterName);
        if (text.Length != 1) throw Fail(taskName, parameterName, $"expected char (a one-character string), got a string of {text.Length} characters");
        return text[0];
    }

    /// <summary>Reads a byte.</summary>
    public static byte ReadByte(ref Utf8JsonReader reader, string taskName, string? parameterName)
    {
        Expect(ref reader, JsonTokenType.Number, taskName, parameterName, "byte");
        return reader.TryGetByte(out var value) ? value : throw OutOfRange(ref reader, taskName, parameterName, "byte");
    }

    /// <summary>Reads an sbyte.</summary>
    public static sbyte ReadSByte(ref Utf8JsonReader reader, string taskName, string? parameterName)
    {
        Expect(ref reader, JsonTokenType.Number, taskName, parameterName, "sbyte");
        return reader.TryGetSByte(out var value) ? value : throw OutOfRange(ref reader, taskName, parameterName, "sbyte");
    }

    /// <summary>Reads a short.</summary>
    public static short ReadInt16(ref Utf8JsonReader reader, string taskName, string? parameterName)
    {
        Expect(ref reader, JsonTokenType.Number, taskName, parameterName, "short");
        return reader.TryGetInt16(out var value) ? value : throw OutOfRange(ref reader, taskName, parameterName, "short");
    }

    /// <summary>Reads a ushort.</summary>
    public static ushort ReadUInt16(ref Utf8JsonReader reader, string taskName, string? parameterName)
    {
        Expect(ref reader, JsonTokenType.Number, taskName, parameterName, "ushort");
        return reader.TryGetUInt16(out var value) ? value : throw OutOfRange(ref reader, taskName, parameterName, "ushort");
    }

    /// <summary>Reads an int.</summary>
    public static int ReadInt32(ref Utf8JsonReader reader, string taskName, string? parameterName)
    {
        Expect(ref reader, JsonTokenType.Number, taskName, parameterName, "int");
        return reader.TryGetInt32(out var value) ? value : throw OutOfRange(ref reader, taskName, parameterName, "int");
    }

    /// <summary>Reads a uint.</summary>
    public static uint ReadUInt32(ref Utf8JsonReader reader, string taskName, string? parameterName)
    {
        Expect(ref reader, JsonTokenType.Number, taskName, parameterName, "uint");
        return reader.TryGetUInt32(out var value) ? value : throw OutOfRange(ref reader, taskName, parameterName, "uint");
    }

    /// <summary>Reads a long.</summary>
    public static long ReadInt64(ref Utf8JsonReader reader, string taskName, string? parameterName)
    {
        Expect(ref reader, JsonTokenType.Number, taskName, parameterName, "long");
        return reader.TryGetInt64(out var value) ? value : throw OutOfRange(ref reader, taskName, parameterName, "long");
    }

    /// <summary>Reads a ulong.</summary>
    public static ulong ReadUInt64(ref Utf8JsonReader reader, string taskName, string? parameterName)
    {
        Expect(ref reader, JsonTokenType.Number, taskName, parameterName, "ulong");
        return reader.TryGetUInt64(out var value) ? value : throw OutOfRange(ref reader, taskName, parameterName, "ulong");
    }

    /// <summary>Reads a float.</summary>
    public static float ReadSingle(ref Utf8JsonReader reader, string taskName, string? parameterName)
    {
        Expect(ref reader, JsonTokenType.Number, taskName, parameterName, "float");
        return reader.TryGetSingle(out var value) && float.IsFinite(value) ? value : throw OutOfRange(ref reader, taskName, parameterName, "float");
    }

    /// <summary>Reads a double.</summary>
    public static double ReadDouble(ref Utf8JsonReader reader, string taskName, string? parameterName)
    {
        Expect(ref reader, JsonTokenType.Number, taskName, parameterName, "double");
        return reader.TryGetDouble(out var value) && double.IsFinite(value) ? value : throw OutOfRange(ref reader, taskName, parameterName, "double");
    }

    /// <summary>Reads a decimal.</summary>
    public static decimal ReadDecimal(ref Utf8JsonReader reader, string taskName, string? parameterName)
    {
        Expect(ref reader, JsonTokenType.Number, taskName, parameterName, "decimal");
        return reader.TryGetDecimal(out var value) ? value : throw OutOfRange(ref reader, taskName, parameterName, "decimal");
    }

    /// <summary>Reads a UUID string.</summary>
    public static Guid ReadGuid(ref Utf8JsonReader reader, string taskName, string? parameterName)
    {
        Expect(ref reader, JsonTokenType.String, taskName, parameterName, "Guid (a UUID string)");
        return reader.TryGetGuid(out var value) ? value : throw BadText(ref reader, taskName, parameterName, "Guid (a UUID string)");
    }

    /// <summary>Reads an ISO 8601 date and time.</summary>
    public static DateTime ReadDateTime(ref Utf8JsonReader reader, string taskName, string? parameterName)
    {
        Expect(ref reader, JsonTokenType.String, taskName, parameterName, "DateTime (an ISO 8601 string)");
        return reader.TryGetDateTime(out var value) ? value : throw BadText(ref reader, taskName, parameterName, "DateTime (an ISO 8601 string)");
    }

    /// <summary>Reads an ISO 8601 date and time with offset.</summary>
    public static DateTimeOffset ReadDateTimeOffset(ref Utf8JsonReader reader, string taskName, string? parameterName)
    {
        Expect(ref reader, JsonTokenType.String, taskName, parameterName, "DateTimeOffset (an ISO 8601 string)");
        return reader.TryGetDateTimeOffset(out var value) ? value : throw BadText(ref reader, taskName, parameterName, "DateTimeOffset (an ISO 8601 string)");
    }

    /// <summary>Reads a duration in the invariant constant form <c>[-][d.]hh:mm:ss[.fffffff]</c>, as System.Text.Json writes it.</summary>
    public static TimeSpan ReadTimeSpan(ref Utf8JsonReader reader, string taskName, string? parameterName)
    {
        const string Expected = "TimeSpan (a string such as \"00:05:00\" or \"1.02:03:04.5\")";
        Expect(ref reader, JsonTokenType.String, taskName, parameterName, Expected);
        return TimeSpan.TryParseExact(reader.GetString(), "c", CultureInfo.InvariantCulture, out var value)
            ? value
            : throw BadText(ref reader, taskName, parameterName, Expected);
    }

    /// <summary>Reads an enum from its number or its member name (as written, case-sensitive).</summary>
    public static TEnum ReadEnum<TEnum>(ref Utf8JsonReader reader, string taskName, string? parameterName) where TEnum : struct, Enum
    {
        var expected = typeof(TEnum).Name + " (a number or a member name)";
        if (reader.TokenType is not (JsonTokenType.Number or JsonTokenType.String)) throw Mismatch(ref reader, taskName, parameterName, expected);
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString()! : Encoding.UTF8.GetString(reader.ValueSpan);
        bool numeric = text.Length > 0 && (char.IsAsciiDigit(text[0]) || text[0] == '-');
        if (reader.TokenType == JsonTokenType.Number && !numeric) throw BadText(ref reader, taskName, parameterName, expected);
        if (text.Length > 0 && !char.IsWhiteSpace(text[0]) && !char.IsWhiteSpace(text[^1])
            && Enum.TryParse<TEnum>(text, ignoreCase: false, out var value)
            && (numeric || Enum.IsDefined(value)))
            return value;
        throw Fail(taskName, parameterName, $"expected {expected}, got '{Shorten(text)}', which is not a member of {typeof(TEnum).Name} ({string.Join(", ", Enum.GetNames<TEnum>())})");
    }

    /// <summary>Reads a non-null value through its <see cref="JsonTypeInfo{T}"/>.</summary>
    public static T ReadJson<T>(ref Utf8JsonReader reader, JsonTypeInfo<T> typeInfo, string taskName, string? parameterName)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        var expected = TaskJsonTypeNames.Display(typeof(T));
        if (reader.TokenType == JsonTokenType.Null) throw Fail(taskName, parameterName, $"expected {expected}, got null");
        T? value;
        try
        {
            value = JsonSerializer.Deserialize(ref reader, typeInfo);
        }
        catch (JsonException ex)
        {
            throw Fail(taskName, parameterName, $"expected {expected}: {ex.Message}", ex);
        }
        return value ?? throw Fail(taskName, parameterName, $"expected {expected}, got null");
    }

    private static void End(ref Utf8JsonReader reader, string taskName, bool isPayload)
    {
        var what = isPayload ? "payload" : "result";
        string? error = null;
        Exception? inner = null;
        try
        {
            if (reader.Read()) error = $"the {what} has text after its JSON value";
        }
        catch (JsonException ex)
        {
            error = $"the {what} has text after its JSON value ({ex.Message})";
            inner = ex;
        }
        if (error is null) return;
        throw isPayload ? new TaskPayloadException(taskName, null, error, inner) : new TaskResultException(taskName, error, inner);
    }

    private static void Advance(ref Utf8JsonReader reader, string taskName, string? parameterName)
    {
        try
        {
            if (!reader.Read()) throw new TaskPayloadException(taskName, parameterName, "the payload ends too early");
        }
        catch (JsonException ex)
        {
            throw new TaskPayloadException(taskName, parameterName, "the payload is not valid JSON (" + ex.Message + ")", ex);
        }
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token, string taskName, string? parameterName, string expected)
    {
        if (reader.TokenType != token) throw Mismatch(ref reader, taskName, parameterName, expected);
    }

    private static Exception Mismatch(ref Utf8JsonReader reader, string taskName, string? parameterName, string expected) =>
        Fail(taskName, parameterName, $"expected {expected}, got {Describe(ref reader)}");

    private static Exception OutOfRange(ref Utf8JsonReader reader, string taskName, string? parameterName, string expected) =>
        Fail(taskName, parameterName, $"expected {expected}, got the number {Shorten(Encoding.UTF8.GetString(reader.ValueSpan))}, which is out of range or not a whole number");

    private static Exception BadText(ref Utf8JsonReader reader, string taskName, string? parameterName, string expected) =>
        Fail(taskName, parameterName, $"expected {expected}, got {Describe(ref reader)}");

    private static Exception Fail(string taskName, string? parameterName, string message, Exception? inner = null) =>
        parameterName is null
            ? new TaskResultException(taskName, message, inner)
            : new TaskPayloadException(taskName, parameterName, message, inner);

    /// <summary>Describes the current token for an error message: <c>the string "abc"</c>, <c>the number 3</c>, <c>null</c>, …</summary>
    public static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => "the string \"" + Shorten(reader.GetString() ?? "") + "\"",
        JsonTokenType.Number => "the number " + Shorten(Encoding.UTF8.GetString(reader.ValueSpan)),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "a JSON object",
        JsonTokenType.StartArray => "a JSON array",
        var other => other.ToString(),
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
