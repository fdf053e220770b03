namespace Bananas.Tasks.Generators.Model;

/// <summary>The enqueue defaults a <c>[BananaTask]</c> sets; null where the attribute leaves the client default.</summary>
/// <param name="Route">Route text as written (the analyzer checks its grammar; the client validates it again).</param>
/// <param name="Priority">Numeric priority (1 high, 2 normal, 3 low).</param>
/// <param name="MaxRetries">Retries after the first failure; null for -1 (worker default).</param>
/// <param name="TimeoutSeconds">Execution timeout; null for 0 (worker default).</param>
/// <param name="Description">Description stored on each job.</param>
/// <param name="Unique">The <c>UniqueScope</c> number (1 WhileQueued, 2 WhileQueuedOrRunning, 3 ForPeriod); null for None, and then the other unique settings are null too (BNT009: they have no effect).</param>
/// <param name="UniqueBy">The payload parameters whose values make the unique key, in order, without repeats; null: all the arguments (the client keys by the payload). Empty: one key for the whole task.</param>
/// <param name="UniqueForSeconds">The unique period or bound; null for 0 (none).</param>
/// <param name="RateLimit">Starts per <paramref name="RatePeriodSeconds"/>; null for 0 (none), and then the other rate settings are null too (BNT024: they have no effect).</param>
/// <param name="RatePeriodSeconds">The rate period in seconds (1 when not written); null without a rate limit.</param>
/// <param name="PartitionBy">The payload parameter whose text partitions the rate and the concurrency limit (<c>RateKey</c>, <c>ConcurrencyKey</c>); null: one limit for the task, and null without either limit (BNT024).</param>
/// <param name="ConcurrencyLimit">The jobs that may run at once; null for 0 (none).</param>
/// <param name="RateScope">The <c>LimitScope</c> number when it is Route (1); null for Task, the default, and without a rate limit (BNT024).</param>
/// <param name="ConcurrencyScope">The <c>LimitScope</c> number when it is Route (1); null for Task, the default, and without a concurrency limit (BNT027).</param>
/// <param name="SequenceBy">The payload parameter whose text keys the sequence (<c>SequenceKey</c>); null: no sequence.</param>
/// <param name="SequenceHold">The <c>SequenceHold</c> number when it is UntilCompleted (1); null for the default, and without a sequence (BNT027).</param>
/// <param name="DebounceSeconds">The debounce window; null for 0 (none).</param>
/// <param name="Replace">True for <c>Replace</c>.</param>
/// <param name="DebounceBy">The payload parameters whose values make the debounce key, in order, without repeats, never empty; null: one key for the task (an empty <c>DebounceBy</c> too), and null without a debounce or replace (BNT027).</param>
internal sealed record TaskDefaultsModel(
    string? Route, int? Priority, int? MaxRetries, int? TimeoutSeconds, string? Description,
    int? Unique = null, EquatableArray<string>? UniqueBy = null, int? UniqueForSeconds = null,
    int? RateLimit = null, int? RatePeriodSeconds = null, string? PartitionBy = null, int? RateScope = null,
    int? ConcurrencyLimit = null, int? ConcurrencyScope = null,
    string? SequenceBy = null, int? SequenceHold = null,
    int? DebounceSeconds = null, bool Replace = false, EquatableArray<string>? DebounceBy = null)
{
    public bool IsEmpty => Route is null && Priority is null && MaxRetries is null && TimeoutSeconds is null && Description is null && Unique is null && RateLimit is null
        && ConcurrencyLimit is null && SequenceBy is null && DebounceSeconds is null && !Replace;

    /// <summary>True when the proxy debounces or replaces (<c>DebounceSeconds</c> or <c>Replace</c>).</summary>
    public bool Debounces => DebounceSeconds is not null || Replace;

    /// <summary>
    /// The defaults a schedule's jobs take: all but the unique, rate, concurrency, sequence and debounce settings
    /// (<c>PeriodicTaskOptions</c> has none; a schedule fires once per occurrence).
    /// </summary>
    public TaskDefaultsModel ForSchedule() => Unique is null && RateLimit is null && ConcurrencyLimit is null && SequenceBy is null && !Debounces
        ? this
        : new TaskDefaultsModel(Route, Priority, MaxRetries, TimeoutSeconds, Description);
}
