using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Bananas.Tasks.Client;

/// <summary>
/// The concurrency gate, sequence and debounce key of an enqueue (<see cref="JobOptions.ConcurrencyLimit"/>,
/// <see cref="JobOptions.SequenceKey"/>, <see cref="JobOptions.Debounce"/>, <see cref="JobOptions.Replace"/>), after
/// checking the options: one home for the rules; the analyzer checks the attribute's side at compile time.
/// </summary>
internal static class FlowKeys
{
    /// <summary>Highest concurrency limit.</summary>
    public const int MaxConcurrencyLimit = 10_000;

    /// <summary>Longest debounce window (the longest unique period).</summary>
    public static TimeSpan MaxDebounce => UniqueLocks.MaxPeriod;

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Fail(string taskName, string why) => throw new ArgumentException($"Cannot enqueue task '{taskName}': {why}.", "options");

    private static void CheckKey(string taskName, string option, string? key)
    {
        if (key is not null && (key.Length == 0 || key.Length > UniqueLocks.MaxKeyLength))
            Fail(taskName, $"JobOptions.{option} is {key.Length} characters; expected 1 to {UniqueLocks.MaxKeyLength}");
    }

    /// <summary>The gate key (after the prefix) and limit of a job of <paramref name="taskName"/> on <paramref name="route"/>; (null, null) without a limit.</summary>
    public static (string? Key, int? Limit) Concurrency(string taskName, RoutingKey route, JobOptions? options)
    {
        var limit = options?.ConcurrencyLimit;
        var key = options?.ConcurrencyKey;
        var scope = options?.ConcurrencyScope;
        if (limit is null)
        {
            if (key is not null) Fail(taskName, "JobOptions.ConcurrencyKey is set but JobOptions.ConcurrencyLimit is not; set ConcurrencyLimit, e.g. 3");
            if (scope is not null) Fail(taskName, "JobOptions.ConcurrencyScope is set but JobOptions.ConcurrencyLimit is not; set ConcurrencyLimit, e.g. 3");
            return (null, null);
        }
        if (limit < 1 || limit > MaxConcurrencyLimit)
            Fail(taskName, $"JobOptions.ConcurrencyLimit is {limit}; expected 1 to {MaxConcurrencyLimit}");
        if (scope is not (null or LimitScope.Task or LimitScope.Route))
            Fail(taskName, $"JobOptions.ConcurrencyScope is {(int)scope}; expected Task or Route");
        CheckKey(taskName, "ConcurrencyKey", key);
        var gate = scope == LimitScope.Route ? "route:" + route.Value + ":conc" : "conc:" + taskName;
        return (key is null ? gate : gate + ":" + Hash(key), limit);
    }

    /// <summary>The sequence lock <c>{task}:{SHA-256}</c> and hold of a job; (null, default) without a sequence.</summary>
    public static (string? Lock, SequenceHold Hold) Sequence(string taskName, JobOptions? options)
    {
        var key = options?.SequenceKey;
        var hold = options?.SequenceHold;
        if (key is null)
        {
            if (hold is not null) Fail(taskName, "JobOptions.SequenceHold is set but JobOptions.SequenceKey is not; set SequenceKey, e.g. the account id");
            return (null, default);
        }
        CheckKey(taskName, "SequenceKey", key);
        if (hold is not (null or SequenceHold.UntilCompletedOrDead or SequenceHold.UntilCompleted))
            Fail(taskName, $"JobOptions.SequenceHold is {(int)hold}; expected UntilCompletedOrDead or UntilCompleted");
        return (taskName + ":" + Hash(key), hold ?? SequenceHold.UntilCompletedOrDead);
    }

    /// <summary>The debounce lock <c>{task}</c> or <c>{task}:{SHA-256}</c>, mode and window of a job; (null, None, null) without one.</summary>
    public static (string? Lock, DebounceMode Mode, TimeSpan? Window) Debounce(string taskName, JobOptions? options)
    {
        var window = options?.Debounce;
        var replace = options?.Replace ?? false;
        var key = options?.DebounceKey;
        if (window is null && !replace)
        {
            if (key is not null) Fail(taskName, "JobOptions.DebounceKey is set but neither JobOptions.Debounce nor JobOptions.Replace is; set one of them");
            return (null, DebounceMode.None, null);
        }
        if (window is not null && replace)
            Fail(taskName, "JobOptions.Debounce and JobOptions.Replace are both set; Debounce pushes the due time back, Replace keeps it: choose one");
        if (window is { } w && (w < TimeSpan.FromMilliseconds(1) || w > MaxDebounce))
            Fail(taskName, $"JobOptions.Debounce is {w}; expected from 1 ms to {MaxDebounce.TotalDays.ToString(CultureInfo.InvariantCulture)} days");
        if (options?.Unique is { } unique && unique != UniqueScope.None)
            Fail(taskName, "JobOptions.Unique and JobOptions." + (replace ? "Replace" : "Debounce") + " are both set; both decide what a second enqueue with the same key does: choose one");
        CheckKey(taskName, "DebounceKey", key);
        return (key is null ? taskName : taskName + ":" + Hash(key), replace ? DebounceMode.Replace : DebounceMode.Debounce, window);
    }
}
