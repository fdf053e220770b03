namespace Bananas.Tasks.Periodic;

/// <summary>
/// What a scheduler does with an occurrence it reaches later than <see cref="PeriodicTaskOptions.MisfireThreshold"/>
/// after its time (after downtime, a long pause, or a store outage).
/// </summary>
/// <remarks>
/// Whatever the policy, every occurrence reached within the misfire threshold fires, each once, in order (a late tick
/// is not a miss). Of the occurrences reached later than the threshold only the most recent is considered and the
/// earlier ones are never fired (and logged). The policies differ only in what happens to that most recent one.
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
