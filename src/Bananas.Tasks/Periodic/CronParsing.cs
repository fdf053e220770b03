using Cronos;

namespace Bananas.Tasks.Periodic;

/// <summary>Validation of the parts of a periodic task: schedule name, cron expression, time zone (the payload follows <see cref="Json.TaskPayloadRules"/>).</summary>
internal static class CronParsing
{
    /// <summary>Longest accepted schedule name.</summary>
    public const int MaxScheduleNameLength = 100;

    /// <summary>The accepted schedule-name form, for error messages.</summary>
    public const string ScheduleNameForm = "1-100 characters of [A-Za-z0-9_.-]";

    /// <summary>Null when the name is valid, else what is wrong with it.</summary>
    public static string? ValidateScheduleName(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "schedule name is empty; expected " + ScheduleNameForm;
        if (name.Length > MaxScheduleNameLength)
            return $"schedule name '{name}' is {name.Length} characters long; expected {ScheduleNameForm}";
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            bool ok = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '-' or '.';
            if (!ok)
                return $"schedule name '{name}' has the character '{(c != ' ' && (char.IsControl(c) || char.IsWhiteSpace(c)) ? $"\\u{(int)c:X4}" : c.ToString())}' at position {i}; expected {ScheduleNameForm} (the name is part of the Redis key <prefix>:cron:<name>)";
        }
        return null;
    }

    /// <summary>
    /// Parses a cron expression: 5 fields (minute hour day-of-month month day-of-week), 6 fields (second first), or a
    /// Cronos macro such as <c>@daily</c>. Throws <see cref="ArgumentException"/> naming the expression and the fault.
    /// </summary>
    public static CronExpression ParseCron(string? expression, string scheduleName, out bool includesSeconds)
    {
        const string accepted = "expected 5 fields 'minute hour day-of-month month day-of-week' (e.g. '0 2 * * *'), 6 fields with seconds first (e.g. '*/10 * * * * *'), or a macro such as '@daily'";
        if (string.IsNullOrWhiteSpace(expression))
            throw new ArgumentException($"Periodic schedule '{scheduleName}' has an empty cron expression; {accepted}.", nameof(expression));
        var fields = expression.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        includesSeconds = fields.Length == 6;
        if (!(fields.Length is 5 or 6 || (fields.Length == 1 && fields[0].StartsWith('@'))))
            throw new ArgumentException($"Invalid cron expression '{expression}' for periodic schedule '{scheduleName}': it has {fields.Length} field(s); {accepted}.", nameof(expression));
        CronExpression parsed;
        try
        {
            parsed = CronExpression.Parse(string.Join(' ', fields), includesSeconds ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException ex)
        {
            throw new ArgumentException($"Invalid cron expression '{expression}' for periodic schedule '{scheduleName}': {ex.Message} ({accepted}).", nameof(expression), ex);
        }
        if (parsed.GetNextOccurrence(new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc), inclusive: true) is null)
            throw new ArgumentException($"Cron expression '{expression}' for periodic schedule '{scheduleName}' never occurs (e.g. February 30); fix the day-of-month and month fields.", nameof(expression));
        return parsed;
    }

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
