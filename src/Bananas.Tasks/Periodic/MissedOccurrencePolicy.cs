namespace Bananas.Tasks.Periodic;

/// <summary>
/// What a scheduler does with an occurrence it reaches later than <see cref="PeriodicTaskOptions.MisfireThreshold"/>
/// after its time (after downtime, a long pause, or a store outage).
/// </summary>
/// <remarks>
/// Whatever the policy, a scheduler fires at most ONE job per schedule per tick: when several occurrences are
/// overdue, only the most recent one is considered and the earlier ones are skipped (and logged). The policies
/// differ only in what happens to that most recent occurrence when it is older than the misfire threshold.
/// </remarks>
public enum MissedOccurrencePolicy
{
    /// <summary>
    /// The default: an occurrence reached more than the misfire threshold late is skipped; the schedule resumes at
    /// its next occurrence. An occurrence reached within the threshold still fires (a late tick is not a miss).
    /// </summary>
    Skip = 0,

    /// <summary>
    /// Fire exactly one catch-up job, for the most recent missed occurrence, however late; the earlier missed
    /// occurrences are skipped. The schedule then resumes at its next occurrence.
    /// </summary>
    FireOnce = 1,
}
