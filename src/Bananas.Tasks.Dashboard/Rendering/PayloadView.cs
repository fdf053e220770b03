using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Bananas.Tasks.Dashboard.Rendering;

/// <summary>
/// A job's payload (a JSON object keyed by parameter name) as indented JSON, with the values of the task's
/// <c>[Sensitive]</c> parameters replaced by <see cref="Redacted"/>. The text is then HTML-encoded like everything else.
/// </summary>
internal static class PayloadView
{
    public const string Redacted = "[redacted]";

    /// <summary>The text to show and whether it parsed as JSON (a payload that does not is shown as stored).</summary>
    public static (string Text, bool IsJson) Format(string payload, IReadOnlyCollection<string> sensitive) => Format(payload, sensitive, sensitive.Count > 0);

    private static (string Text, bool IsJson) Format(string payload, IReadOnlyCollection<string> sensitive, bool redact)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(payload); }
        catch (JsonException) { return (redact ? Redacted + " (the payload is not JSON, and this task has [Sensitive] parameters)" : payload, false); }
        using (doc)
        {
            var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                if (doc.RootElement.ValueKind == JsonValueKind.Object)
                {
                    w.WriteStartObject();
                    foreach (var property in doc.RootElement.EnumerateObject())
                    {
                        if (sensitive.Contains(property.Name)) w.WriteString(property.Name, Redacted);
                        else property.WriteTo(w);
                    }
                    w.WriteEndObject();
                }
                else doc.RootElement.WriteTo(w);
            }
            return (Encoding.UTF8.GetString(buffer.ToArray()), true);
        }
    }

    /// <summary>A result's JSON indented (no redaction: results are not parameters), or the text as stored.</summary>
    public static string Indent(string json) => Format(json, [], redact: false).Text;
}
