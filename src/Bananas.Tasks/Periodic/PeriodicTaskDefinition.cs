using Bananas.Tasks.Client;
using Bananas.Tasks.Json;
using Cronos;

namespace Bananas.Tasks.Periodic;

/// <summary>
/// One validated periodic schedule: which task to enqueue, with which constant arguments, on which cron expression
/// in which time zone, and how to treat missed and overlapping occurrences. Built by <c>AddPeriodic(…)</c>;
/// every argument is checked here, so a bad declaration fails at registration, naming what is wrong.
/// </summary>
public sealed class PeriodicTaskDefinition
{
    private readonly CronExpression _expression;

    /// <summary>Builds and validates a definition.</summary>
    /// <param name="scheduleName">Unique name of the schedule (<c>nightly-cleanup</c>): 1-100 characters of [A-Za-z0-9_.-]. It names the Redis key holding the schedule's state.</param>
    /// <param name="cron">5-field (<c>0 2 * * *</c>) or 6-field, seconds first (<c>*/10 * * * * *</c>) cron expression, read by Cronos.</param>
    /// <param name="taskName">Name of the task each occurrence enqueues.</param>
    /// <param name="payloadJson">The constant arguments: a JSON object keyed by parameter name. Default <c>{}</c>.</param>
    /// <param name="options">Time zone, route, priority, policies; null for the defaults.</param>
    /// <exception cref="ArgumentException">Any part is invalid; the message names it and what is accepted.</exception>
    public PeriodicTaskDefinition(string scheduleName, string cron, string taskName, string payloadJson = "{}", PeriodicTaskOptions? options = null)
    {
        var nameError = CronParsing.ValidateScheduleName(scheduleName);
        if (nameError is not null) throw new ArgumentException("Invalid periodic task: " + nameError + ".", nameof(scheduleName));
        var taskError = BananasRules.ValidateTaskName(taskName);
        if (taskError is not null) throw new ArgumentException($"Invalid periodic schedule '{scheduleName}': {taskError}.", nameof(taskName));
        options ??= new PeriodicTaskOptions();

        _expression = CronParsing.ParseCron(cron, scheduleName, out var includesSeconds);
        ValidatePayload(payloadJson, scheduleName);
        var zone = CronParsing.ResolveTimeZone(options.TimeZone, scheduleName);

        var priority = options.Priority ?? Bananas.Tasks.Priority.Normal;
        if (JobOptionsRules.Check(options.Route, priority, options.MaxRetries, options.Timeout, out var route) is { } optionsError)
            throw new ArgumentException($"Invalid periodic schedule '{scheduleName}': {optionsError}.", nameof(options));
        if (!Enum.IsDefined(options.MissedOccurrences))
            throw new ArgumentException($"Invalid periodic schedule '{scheduleName}': MissedOccurrences is {(int)options.MissedOccurrences}; expected Skip or FireOnce.", nameof(options));
        if (options.MisfireThreshold < TimeSpan.Zero)
            throw new ArgumentException($"Invalid periodic schedule '{scheduleName}': MisfireThreshold is {options.MisfireThreshold}; expected zero or more.", nameof(options));

        ScheduleName = scheduleName;
        TaskName = taskName;
        Cron = cron.Trim();
        IncludesSeconds = includesSeconds;
        PayloadJson = payloadJson;
        TimeZone = zone;
        Route = route;
        Priority = priority;
        MaxRetries = options.MaxRetries;
        Timeout = options.Timeout;
        Description = options.Description;
        MissedOccurrences = options.MissedOccurrences;
        MisfireThreshold = options.MisfireThreshold;
        PreventOverlap = options.PreventOverlap;
    }

    /// <summary>Throws unless the payload is one JSON object (the rule every payload given as text follows).</summary>
    private static void ValidatePayload(string? payloadJson, string scheduleName)
    {
        if (payloadJson is null)
            throw new ArgumentNullException(nameof(payloadJson), $"Invalid periodic schedule '{scheduleName}': the payload is null; pass \"{{}}\" for a task without arguments.");
        if (TaskPayloadRules.Check(payloadJson, System.Text.Encoding.UTF8.GetByteCount(payloadJson), out var cause) is { } error)
            throw new ArgumentException($"Invalid periodic schedule '{scheduleName}': {error}.", nameof(payloadJson), cause);
    }

    /// <summary>Unique schedule name.</summary>
    public string ScheduleName { get; }

    /// <summary>Task each occurrence enqueues.</summary>
    public string TaskName { get; }

    /// <summary>The cron expression as given (trimmed).</summary>
    public string Cron { get; }

    /// <summary>True for a 6-field expression (seconds first).</summary>
    public bool IncludesSeconds { get; }

    /// <summary>Constant arguments of every job (a JSON object).</summary>
    public string PayloadJson { get; }

    /// <summary>Time zone the expression is read in.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>Route of the jobs.</summary>
    public RoutingKey Route { get; }

    /// <summary>Priority of the jobs.</summary>
    public Priority Priority { get; }

    /// <summary>Retries after the first failure; null for the client default (3).</summary>
    public int? MaxRetries { get; }

    /// <summary>Execution timeout; null for the worker default.</summary>
    public TimeSpan? Timeout { get; }

    /// <summary>Description stored on each job; null for the generated one.</summary>
    public string? Description { get; }

    /// <summary>Missed-occurrence policy.</summary>
    public MissedOccurrencePolicy MissedOccurrences { get; }

    /// <summary>How late an occurrence may be reached and still count as on time.</summary>
    public TimeSpan MisfireThreshold { get; }

    /// <summary>Skip an occurrence while the previous occurrence's job is unfinished.</summary>
    public bool PreventOverlap { get; }

    /// <summary>The first occurrence after (or, when <paramref name="inclusive"/>, at) <paramref name="from"/>, in UTC; null when there is none.</summary>
    public DateTimeOffset? GetNextOccurrence(DateTimeOffset from, bool inclusive = false) =>
        _expression.GetNextOccurrence(from.UtcDateTime, TimeZone, inclusive) is { } next ? new DateTimeOffset(next, TimeSpan.Zero) : null;

    /// <summary>The last occurrence before (or, when <paramref name="inclusive"/>, at) <paramref name="from"/>, in UTC; null when there is none.</summary>
    public DateTimeOffset? GetPreviousOccurrence(DateTimeOffset from, bool inclusive = true) =>
        _expression.GetPreviousOccurrence(from.UtcDateTime, TimeZone, inclusive) is { } previous ? new DateTimeOffset(previous, TimeSpan.Zero) : null;

    /// <summary>Occurrences in [<paramref name="from"/>, <paramref name="to"/>) in UTC, in order (for previews and tests).</summary>
    public IEnumerable<DateTimeOffset> GetOccurrences(DateTimeOffset from, DateTimeOffset to) =>
        _expression.GetOccurrences(from.UtcDateTime, to.UtcDateTime, TimeZone, fromInclusive: true, toInclusive: false)
            .Select(o => new DateTimeOffset(o, TimeSpan.Zero));

    /// <inheritdoc/>
    public override string ToString() => $"{ScheduleName}: '{Cron}' ({TimeZone.Id}) -> {TaskName}";
}
