namespace Bananas.Tasks.Worker;

/// <summary>Exponential retry backoff: base × 2^attempts, capped, plus random jitter.</summary>
public static class RetryBackoff
{
    /// <summary>
    /// Delay before the retry that follows execution number <paramref name="attempts"/> (1 for the first run):
    /// <c>min(max, base × 2^attempts) × (1 + jitter × r)</c> with r uniform in [0, 1). With base 1 s and no jitter
    /// this is Bananas' 2^attempts seconds: 2 s, 4 s, 8 s, …
    /// </summary>
    public static TimeSpan Compute(int attempts, TimeSpan baseDelay, TimeSpan maxDelay, double jitter, double random)
    {
        if (attempts < 0) attempts = 0;
        var exponent = Math.Min(attempts, 40);
        var raw = baseDelay.TotalMilliseconds * Math.Pow(2, exponent);
        var capped = Math.Min(raw, maxDelay.TotalMilliseconds);
        var withJitter = capped * (1 + Math.Clamp(jitter, 0, 1) * Math.Clamp(random, 0, 1));
        return TimeSpan.FromMilliseconds(withJitter);
    }
}
