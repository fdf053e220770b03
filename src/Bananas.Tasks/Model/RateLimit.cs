namespace Bananas.Tasks;

/// <summary>
/// A rate limit shared by every worker and process (<see cref="JobOptions.RateLimit"/>; docs/flow-control.md "Rate
/// limits"): at most <see cref="Limit"/> jobs of a task (or of one partition of it, <see cref="JobOptions.RateKey"/>)
/// start per <see cref="Period"/>. A token bucket in its GCRA form (one Redis string per key, the theoretical arrival
/// time): a burst of up to Limit may start at once after a quiet spell, and starts are spaced Period / Limit apart
/// after it. A job over the limit is not run and not failed: the fetch moves it to the scheduled set at the time of the
/// slot it reserves, without counting an attempt, so each waiting job costs a bounded number of commands (no busy loop).
/// </summary>
/// <param name="Limit">Jobs per period, 1 or more.</param>
/// <param name="Period">The period, from 1 ms to 1 day; Period / Limit must be at least 1 ms.</param>
public sealed record RateLimit(int Limit, TimeSpan Period)
{
    /// <summary>Why this limit cannot be used, or null.</summary>
    internal string? Problem()
    {
        if (Limit < 1) return $"RateLimit.Limit is {Limit}; expected 1 or more";
        if (Period <= TimeSpan.Zero || Period > TimeSpan.FromDays(1)) return $"RateLimit.Period is {Period}; expected from 1 ms to 1 day";
        if (Period.TotalMilliseconds / Limit < 1) return $"RateLimit of {Limit} per {Period} spaces starts {Period.TotalMilliseconds / Limit:0.###} ms apart; expected at least 1 ms (use a longer period)";
        return null;
    }
}
