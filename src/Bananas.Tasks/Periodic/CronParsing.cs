using Cronos;

namespace Bananas.Tasks.Periodic;

/// <summary>
/// Validation of the parts of a periodic task: schedule name and cron expression (by the shared rules in
/// <c>Shared/ScheduleNames.cs</c> and <c>Shared/CronRules.cs</c>), time zone (the payload follows <see cref="Json.TaskPayloadRules"/>).
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
}
