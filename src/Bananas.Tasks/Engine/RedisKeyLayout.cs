namespace Bananas.Tasks.Engine;

/// <summary>
/// How the Redis engine names its keys (<see cref="QueueEngineOptions.RedisLayout"/>, <c>REDIS_LAYOUT</c>;
/// docs/wire-format.md "Cluster layout", docs/scaling.md). Every process of one deployment must use the same layout:
/// the two name different keys, so a process on the other layout sees none of the jobs.
/// </summary>
public enum RedisKeyLayout
{
    /// <summary>
    /// The reference documents' names (<c>bananas:route:{route}:queue:high</c>, <c>bananas:job:{id}</c>): one Redis, or
    /// one master with Sentinel. The default. A Redis Cluster refuses it at start, saying to set <see cref="Cluster"/>.
    /// </summary>
    Classic,

    /// <summary>
    /// The same names with the prefix as a hash tag (<c>{bananas}:route:{route}:queue:high</c>, <c>{bananas}:job:{id}</c>):
    /// every key of the prefix hashes to one slot, so every script touches one slot and no <c>CROSSSLOT</c> can happen on
    /// a Redis Cluster. One prefix lives on one master (and its replicas); spreading load over masters means several
    /// prefixes. Works on a single Redis too.
    /// </summary>
    Cluster,

    /// <summary>
    /// One hash tag per route (<c>{bananas:gpu}:route:gpu:queue:high</c>, <c>{bananas:gpu}:job:{id}</c>): each route is
    /// a partition of its own, so routes spread over a Redis Cluster's masters; the global keys (routes, workers, cron
    /// schedules, throughput) stay under <c>{bananas}</c>. Job ids the client makes carry their route (<c>gpu:…</c>,
    /// <see cref="Redis.RouteJobIds"/>), so a lookup by id goes to one slot. What spans routes is no longer atomic: a
    /// workflow's steps must share one route, and unique, rate and concurrency keys hold per route
    /// (docs/scaling.md "One hash tag per route").
    /// </summary>
    ClusterPerRoute,
}

/// <summary>The text form of <see cref="RedisKeyLayout"/> (<c>REDIS_LAYOUT</c>, the CLI's <c>--layout</c>).</summary>
public static class RedisKeyLayouts
{
    /// <summary>A layout's name (<c>classic</c>, <c>cluster</c>, <c>cluster-per-route</c>) in any case; null for anything else, numbers included.</summary>
    public static RedisKeyLayout? Parse(string? text)
    {
        text = text?.Trim().Replace("-", "", StringComparison.Ordinal);
        if (string.IsNullOrEmpty(text) || !char.IsLetter(text[0])) return null;
        return Enum.TryParse<RedisKeyLayout>(text, ignoreCase: true, out var layout) && Enum.IsDefined(layout) ? layout : null;
    }

    /// <summary>What a bad layout value is told is expected (REDIS_LAYOUT, the CLI's --layout): the one wording.</summary>
    public const string Expected = "classic (one Redis, or Sentinel), cluster (Redis Cluster, one hash tag per prefix) or cluster-per-route (Redis Cluster, one hash tag per route)";

    /// <summary>A layout's text form, as <see cref="Parse"/> reads it: <c>classic</c>, <c>cluster</c>, <c>cluster-per-route</c>.</summary>
    public static string Name(RedisKeyLayout layout) => layout switch
    {
        RedisKeyLayout.Classic => "classic",
        RedisKeyLayout.Cluster => "cluster",
        RedisKeyLayout.ClusterPerRoute => "cluster-per-route",
        _ => layout.ToString(),
    };
}
