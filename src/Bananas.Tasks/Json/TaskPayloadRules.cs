using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Bananas.Tasks.Json;

/// <summary>
/// The one rule for a job payload given as text: exactly one JSON object, keyed by parameter name. The client
/// (<c>EnqueueAsync(name, json)</c>) and periodic schedules (<c>AddPeriodic</c>) both call it and prefix its clause
/// with their own context, so the two never word it differently.
/// </summary>
internal static class TaskPayloadRules
{
    /// <summary>The accepted form, for messages.</summary>
    public const string Form = "a JSON object keyed by parameter name, such as {\"days\":30}";

    /// <summary>What is wrong with <paramref name="utf8"/> as a clause ("the payload is not valid JSON (…)"), or null when it is one JSON object.</summary>
    public static string? Check(ReadOnlySpan<byte> utf8, out JsonException? cause)
    {
        cause = null;
        try
        {
            var reader = new Utf8JsonReader(utf8);
            reader.Read(); // throws on empty input
            if (reader.TokenType != JsonTokenType.StartObject)
                return $"the payload must be {Form}; got {Describe(reader.TokenType)}";
            reader.Skip();
            reader.Read(); // throws when anything but whitespace follows the object
            return null;
        }
        catch (JsonException ex)
        {
            cause = ex;
            return $"the payload is not valid JSON ({ex.Message})";
        }
    }

    /// <summary><see cref="Check(ReadOnlySpan{byte}, out JsonException?)"/> of a string of <paramref name="utf8Length"/> UTF-8 bytes, encoded once into a pooled buffer.</summary>
    public static string? Check(string json, int utf8Length, out JsonException? cause)
    {
        byte[]? rented = null;
        Span<byte> buffer = utf8Length <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(utf8Length));
        try
        {
            int written = Encoding.UTF8.GetBytes(json, buffer);
            return Check(buffer[..written], out cause);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
