using System.Security.Cryptography;
using System.Text;

namespace Bananas.Tasks.Client;

/// <summary>
/// The rate-limit bucket of an enqueue (<see cref="JobOptions.RateLimit"/>): <c>{task}</c>, or
/// <c>{task}:{SHA-256 of the partition text, hex}</c> with <see cref="JobOptions.RateKey"/>; with
/// <see cref="JobOptions.RateScope"/> Route, <c>route:{route}:rate[:{SHA-256}]</c>; after checking the options.
/// </summary>
internal static class RateBuckets
{
    /// <summary>The bucket and limit of a job of <paramref name="taskName"/>; (null, null) without a rate limit.</summary>
    public static (string? Bucket, RateLimit? Limit, LimitScope Scope) For(string taskName, RoutingKey route, JobOptions? options)
    {
        string Fail(string why) => throw new ArgumentException($"Cannot enqueue task '{taskName}': {why}.", nameof(options));
        var limit = options?.RateLimit;
        var key = options?.RateKey;
        var scope = options?.RateScope;
        if (limit is null)
        {
            if (key is not null) Fail("JobOptions.RateKey is set but JobOptions.RateLimit is not; set RateLimit, e.g. new RateLimit(100, TimeSpan.FromSeconds(1))");
            if (scope is not null) Fail("JobOptions.RateScope is set but JobOptions.RateLimit is not; set RateLimit, e.g. new RateLimit(100, TimeSpan.FromSeconds(1))");
            return (null, null, LimitScope.Task);
        }
        if (limit.Problem() is { } problem) Fail("JobOptions." + problem);
        if (scope is not (null or LimitScope.Task or LimitScope.Route))
            Fail($"JobOptions.RateScope is {(int)scope}; expected Task or Route");
        if (key is not null && (key.Length == 0 || key.Length > UniqueLocks.MaxKeyLength))
            Fail($"JobOptions.RateKey is {key.Length} characters; expected 1 to {UniqueLocks.MaxKeyLength}");
        var partition = key is null ? "" : ":" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        return scope == LimitScope.Route
            ? ("route:" + route.Value + ":rate" + partition, limit, LimitScope.Route)
            : (taskName + partition, limit, LimitScope.Task);
    }
}
