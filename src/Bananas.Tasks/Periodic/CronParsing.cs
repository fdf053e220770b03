using Cronos;

namespace Bananas.Tasks.Periodic;

/// <summary>
/// Validation of the parts of a periodic task: schedule name and cron expression (by the shared rules in
/// <c>Shared/ScheduleNames.cs</c> and <c>Shared/CronRules.cs</c>), time zone, payload.
/// </summary>
internal static class CronParsing
{
    /// <summary>Null when the name is valid, else what is wrong with it (the grammar: <see cref="ScheduleNames"/>, shared with the generator).</summary>
    public static string? ValidateScheduleName(string? name) => ScheduleNames.Validate(name);

    /// <summary>
    /// Parses a cron expression by <see cref="CronRules.Parse"/> (the rule BNT100 applies at compile time). Throws
    /// <see cref="ArgumentException"/> naming the expression, the schedule and the fault.
    /// </summary>
    public static CronExpression ParseCron(string? expression, string scheduleName, out bool includesSeconds) =>
        CronRules.Parse(expression, out includesSeconds, out var fault, out var cronosError)
        ?? throw new ArgumentException($"Invalid cron expression '{expression}' for periodic schedule '{scheduleName}': {fault}.", nameof(expression), cronosError);

    /// <summary>Resolves an IANA or Windows time-zone id; null or empty means UTC.</summary>
    public static TimeZoneInfo ResolveTimeZone(string? id, string scheduleName)
    {
        if (string.IsNullOrWhiteSpace(id)) return TimeZoneInfo.Utc;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new ArgumentException(
                $"Unknown time zone '{id}' for periodic schedule '{scheduleName}': {ex.Message} Expected an IANA id such as 'Europe/Berlin' or 'America/New_York', or a Windows id such as 'W. Europe Standard Time' " +
                "(Windows ids on Linux and macOS need ICU, so they fail when InvariantGlobalization is on; IANA ids work everywhere the tz database is installed).",
                nameof(id), ex);
        }
    }

    /// <summary>Throws unless the payload is one JSON object.</summary>
    public static void ValidatePayload(string? payloadJson, string scheduleName)
    {
        if (payloadJson is null) throw new ArgumentNullException(nameof(payloadJson), $"Periodic schedule '{scheduleName}' has a null payload; pass \"{{}}\" for a task without arguments.");
        try
        {
            var reader = new System.Text.Json.Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(payloadJson));
            if (!reader.Read() || reader.TokenType != System.Text.Json.JsonTokenType.StartObject)
                throw new ArgumentException($"Periodic schedule '{scheduleName}': the payload must be a JSON object keyed by parameter name, e.g. {{\"days\":30}}; got '{payloadJson}'.", nameof(payloadJson));
            reader.Skip();
            _ = reader.Read(); // throws JsonException when anything but whitespace follows the object
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new ArgumentException($"Periodic schedule '{scheduleName}': the payload is not valid JSON ({ex.Message}).", nameof(payloadJson), ex);
        }
    }
}
