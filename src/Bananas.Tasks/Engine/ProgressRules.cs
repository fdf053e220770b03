using System.Text;
using System.Text.Json;

namespace Bananas.Tasks.Engine;

/// <summary>What a progress report (<see cref="IQueueEngine.ReportProgressAsync"/>) must be: JSON text of a bounded size.</summary>
public static class ProgressRules
{
    /// <summary>Largest progress report, in UTF-8 bytes (4 KiB): progress is a status line, not a result.</summary>
    public const int MaxBytes = 4096;

    /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="paramName"/> when the text is not one JSON value of at most <see cref="MaxBytes"/> bytes.</summary>
    public static void Validate(string progressJson, string paramName)
    {
        ArgumentNullException.ThrowIfNull(progressJson, paramName);
        var bytes = Encoding.UTF8.GetByteCount(progressJson);
        if (bytes > MaxBytes)
            throw new ArgumentException($"Progress report is {bytes} bytes, over the {MaxBytes}-byte limit: report a short status (a percentage, a step, a count) and return large data as the result.", paramName);
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(progressJson));
            if (!reader.Read()) throw new JsonException("no value");
            reader.Skip();
            if (reader.Read()) throw new JsonException("more than one value");
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"Progress report is not JSON text ({ex.Message}): '{(progressJson.Length > 80 ? progressJson[..80] + "…" : progressJson)}'.", paramName, ex);
        }
    }
}
