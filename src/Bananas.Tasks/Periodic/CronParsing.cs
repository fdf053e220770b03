using Cronos;

namespace Bananas.Tasks.Periodic;

/// <summary>
/// Validation of the parts of a periodic task: schedule name and cron expression (by the shared rules in
/// <c>Shared/ScheduleNames.cs</c>, <c>Shared/CronRules.cs</c> and <c>Shared/TimeZoneRules.cs</c>), time zone (the payload follows <see cref="Json.TaskPayloadRules"/>).
/// </summary>
internal static class CronParsing
{
    /// <summary>Null when the name is valid, else what is wrong with it (the grammar: <see cref="ScheduleNames"/>, shared with the generator).</summary>
    public static string? ValidateScheduleName(string? name) => ScheduleNames.Validate(name);

    /// <summary>
    /// Parses a cron expression by <see cref="CronRules.Parse"/> (the rule BNT100 applies at compile time). Throws
    /// <see cref="ArgumentException"/> naming the expression, the schedule and the fault.
    /// </summary>
    /// <remarks>The exception names <c>cron</c>, the parameter of the public <see cref="PeriodicTaskDefinition"/> constructor.</remarks>
    public static CronExpression ParseCron(string? expression, string scheduleName, out bool includesSeconds) =>
        CronRules.Parse(expression, out includesSeconds, out var fault, out var cronosError)
        ?? throw new ArgumentException($"Invalid cron expression '{expression}' for periodic schedule '{scheduleName}': {fault}.", "cron", cronosError);

    /// <summary>
    /// Resolves an IANA or Windows time-zone id by <see cref="TimeZoneRules.Find"/> (the lookup BNT101 makes at compile
    /// time); null or blank means UTC. Throws <see cref="ArgumentException"/> in one sentence naming the id, the schedule
    /// and the accepted forms, with the lookup's own exception inside.
    /// </summary>
    public static TimeZoneInfo ResolveTimeZone(string? id, string scheduleName)
    {
        if (string.IsNullOrWhiteSpace(id)) return TimeZoneInfo.Utc;
        return TimeZoneRules.Find(id, out var error)
            ?? throw new ArgumentException($"Unknown time zone '{id}' for periodic schedule '{scheduleName}': {TimeZoneRules.AcceptedForms}.", error);
    }
}
