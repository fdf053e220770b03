namespace Bananas.Tasks.Registration;

/// <summary>
/// What the worker applies to every job of one task besides running it, from its <c>[BananaTask]</c> attribute (the
/// generator passes it to <c>AddTask</c>). Null members take the process-wide setting.
/// </summary>
public sealed record TaskSettings
{
    /// <summary>No per-task settings.</summary>
    public static TaskSettings Default { get; } = new();

    /// <summary>
    /// How long a completed job of this task is kept (<c>[BananaTask(KeepCompletedSeconds = …)]</c>): null for
    /// <c>BananasOptions.KeepCompleted</c>; <see cref="TimeSpan.Zero"/> deletes the record at completion. Dead jobs are
    /// never removed by it.
    /// </summary>
    public TimeSpan? KeepCompleted { get; init; }

    /// <summary>Why these settings cannot be used, or null.</summary>
    internal string? Problem() =>
        KeepCompleted is { } keep && keep < TimeSpan.Zero
            ? $"KeepCompleted is {keep}; expected zero (delete at completion) or a positive duration"
            : null;
}
