namespace Bananas.Tasks.Periodic;

/// <summary>
/// Optional settings of a periodic task, passed to
/// <see cref="BananasBuilderPeriodicExtensions.AddPeriodic(Hosting.IBananasBuilder, string, string, string, string, Action{PeriodicTaskOptions}?)"/>.
/// Everything is validated when the <see cref="PeriodicTaskDefinition"/> is built.
/// </summary>
public sealed class PeriodicTaskOptions
{
    /// <summary>IANA (<c>Europe/Berlin</c>) or Windows (<c>W. Europe Standard Time</c>) id of the time zone the cron expression is read in. Default null: UTC.</summary>
    public string? TimeZone { get; set; }

    /// <summary>Route of the jobs. Default null: <c>default</c>.</summary>
    public string? Route { get; set; }

    /// <summary>Priority of the jobs. Default null: <see cref="Bananas.Tasks.Priority.Normal"/>.</summary>
    public Priority? Priority { get; set; }

    /// <summary>Retries after the first failure. Default null: 3, the client default.</summary>
    public int? MaxRetries { get; set; }

    /// <summary>Execution timeout of each job. Default null: the worker's <c>JOB_TIMEOUT</c>.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Description stored on each job. Default null: <c>periodic {schedule} @ {occurrence}</c>.</summary>
    public string? Description { get; set; }

    /// <summary>What to do with an occurrence reached too late. Default <see cref="MissedOccurrencePolicy.Skip"/>.</summary>
    public MissedOccurrencePolicy MissedOccurrences { get; set; } = MissedOccurrencePolicy.Skip;

    /// <summary>
    /// How late a scheduler may reach an occurrence and still treat it as on time. Default 1 minute. Must be zero or
    /// more. Only the <see cref="MissedOccurrencePolicy.Skip"/> policy uses it.
    /// </summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// True: skip an occurrence while the job of the previous fired occurrence is still pending, scheduled (waiting
    /// for a retry) or processing. Default false.
    /// </summary>
    public bool PreventOverlap { get; set; }
}
