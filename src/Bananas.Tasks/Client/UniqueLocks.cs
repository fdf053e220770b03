using System.Security.Cryptography;
using System.Text;

namespace Bananas.Tasks.Client;

/// <summary>
/// The unique lock of an enqueue (<see cref="JobOptions.Unique"/>): its name <c>{task}:{SHA-256 of the key text, hex}</c>
/// (the engine's key is <c>{prefix}:unique:{name}</c>), after checking the unique options. One home for the rules;
/// the analyzer checks the attribute's side at compile time.
/// </summary>
internal static class UniqueLocks
{
    /// <summary>Longest unique key text, in characters.</summary>
    public const int MaxKeyLength = 1024;

    /// <summary>Longest period or bound of a lock.</summary>
    public static readonly TimeSpan MaxPeriod = TimeSpan.FromDays(366);

    /// <summary>The lock, scope and period for a job of <paramref name="taskName"/>; (null, None, null) when it is not unique.</summary>
    public static (string? Lock, UniqueScope Scope, TimeSpan? For) For(string taskName, string payloadJson, JobOptions? options)
    {
        var scope = options?.Unique ?? UniqueScope.None;
        var key = options?.UniqueKey;
        var period = options?.UniqueFor;
        string Fail(string why) => throw new ArgumentException($"Cannot enqueue task '{taskName}': {why}.", nameof(options));
        if (scope is not (UniqueScope.None or UniqueScope.WhileQueued or UniqueScope.WhileQueuedOrRunning or UniqueScope.ForPeriod))
            Fail($"JobOptions.Unique is {(int)scope}; expected None, WhileQueued, WhileQueuedOrRunning or ForPeriod");
        if (scope == UniqueScope.None)
        {
            if (key is not null) Fail("JobOptions.UniqueKey is set but JobOptions.Unique is not; set Unique to a scope, e.g. UniqueScope.WhileQueued");
            if (period is not null) Fail("JobOptions.UniqueFor is set but JobOptions.Unique is not; set Unique to a scope, e.g. UniqueScope.ForPeriod");
            return (null, UniqueScope.None, null);
        }
        if (key is not null && (key.Length == 0 || key.Length > MaxKeyLength))
            Fail($"JobOptions.UniqueKey is {key.Length} characters; expected 1 to {MaxKeyLength}");
        if (period is { } p && (p <= TimeSpan.Zero || p > MaxPeriod))
            Fail($"JobOptions.UniqueFor is {p}; expected a positive duration of at most {MaxPeriod.TotalDays:0} days");
        if (scope == UniqueScope.ForPeriod && period is null)
            Fail("JobOptions.Unique is ForPeriod but JobOptions.UniqueFor is not set; give the period, e.g. TimeSpan.FromMinutes(10)");
        var text = key ?? payloadJson;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        return (taskName + ":" + hash, scope, period);
    }
}
