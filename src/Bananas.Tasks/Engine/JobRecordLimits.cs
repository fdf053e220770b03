namespace Bananas.Tasks.Engine;

/// <summary>
/// The ranges a job record's fields must be in for a worker to run it; both engines check them per job at fetch, so a
/// record out of range costs only itself (it is dead-lettered as <c>MalformedJobRecord</c>), never its batch.
/// </summary>
internal static class JobRecordLimits
{
    /// <summary>Longest timeout, in ms: what <see cref="CancellationTokenSource"/> and <see cref="Task.Delay(TimeSpan, TimeProvider)"/> accept (uint.MaxValue − 1 ms, about 49.7 days).</summary>
    public const long MaxTimeoutMs = uint.MaxValue - 1L;

    /// <summary>The accepted timeout form, for error messages.</summary>
    public const string TimeoutForm = "an integer number of milliseconds from 1 to 4294967294";

    /// <summary>
    /// The error of a job dead-lettered at fetch because its payload is over <see cref="QueueEngineOptions.MaxPayloadBytes"/>
    /// (error type <c>PayloadTooLarge</c>). fetch-n.lua writes the same text; the conformance suite checks both engines.
    /// </summary>
    public static string PayloadTooLarge(long bytes, int limit) =>
        $"payload is {bytes} bytes, over the {limit}-byte limit (MaxPayloadBytes): it was not sent to a worker; store large data elsewhere and pass a reference, or raise the limit and requeue the job";

    /// <summary>Why a record (as an in-memory engine holds it, before a fetch counts the attempt) cannot be run, or null.</summary>
    public static string? Problem(JobRecord job)
    {
        if (job.Attempts < 0 || job.Attempts == int.MaxValue)
            return $"field 'attempts' has value '{job.Attempts}'; expected an integer from 0 to {int.MaxValue - 1} before the fetch that counts this attempt";
        if (job.MaxRetries < 0)
            return $"field 'max_retries' has value '{job.MaxRetries}'; expected an integer from 0 to {int.MaxValue}";
        if (job.Snoozes < 0)
            return $"field 'snoozes' has value '{job.Snoozes}'; expected an integer from 0 to {int.MaxValue}";
        if (job.Timeout is { } timeout && (timeout.Ticks < TimeSpan.TicksPerMillisecond || timeout.TotalMilliseconds > MaxTimeoutMs))
            return $"field 'timeout_ms' has value '{(long)timeout.TotalMilliseconds}'; expected {TimeoutForm}";
        if (JobId.TryParse(job.Id.Value, out _) is false)
            return $"field 'id' has value '{job.Id.Value}'; expected 1-128 characters without whitespace or control characters";
        return null;
    }
}
