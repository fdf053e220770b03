namespace Bananas.Tasks.Workflows;

/// <summary>
/// How a step's input reaches its payload (the in-memory engine's copy; wf_input_payload in _common.lua is Redis's, and
/// the workflow conformance tests run both): the parents' results, in parent order, as one value (a chain) or a JSON
/// array (a group's join), spliced into the payload object as the first property, named by the step's input parameter.
/// A parent that returned nothing gives <c>null</c>.
/// </summary>
internal static class WorkflowInputs
{
    /// <summary>The input value: the single result, or a JSON array of all of them when the step joins a group.</summary>
    public static string Value(IReadOnlyList<string?> results, bool joins) =>
        joins ? "[" + string.Join(",", results.Select(r => string.IsNullOrEmpty(r) ? "null" : r)) + "]"
              : results.Count > 0 && !string.IsNullOrEmpty(results[0]) ? results[0]! : "null";

    /// <summary>
    /// <paramref name="payload"/> (a JSON object without <paramref name="parameter"/>) with <c>"parameter":value</c> added
    /// as its first property; null when the payload is not a JSON object.
    /// </summary>
    public static string? Splice(string payload, string parameter, string value)
    {
        var start = 0;
        while (start < payload.Length && char.IsWhiteSpace(payload[start])) start++;
        if (start >= payload.Length || payload[start] != '{') return null;
        var rest = start + 1;
        while (rest < payload.Length && char.IsWhiteSpace(payload[rest])) rest++;
        var entry = "\"" + System.Text.Json.JsonEncodedText.Encode(parameter).Value + "\":" + value;
        return rest < payload.Length && payload[rest] == '}'
            ? "{" + entry + payload[rest..]
            : "{" + entry + "," + payload[(start + 1)..];
    }
}
