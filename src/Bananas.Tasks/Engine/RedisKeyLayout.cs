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
}

/// <summary>The text form of <see cref="RedisKeyLayout"/> (<c>REDIS_LAYOUT</c>, the CLI's <c>--layout</c>).</summary>
public static class RedisKeyLayouts
{
    /// <summary>A layout's name (<c>classic</c>, <c>cluster</c>) in any case; null for anything else, numbers included.</summary>
    public static RedisKeyLayout? Parse(string? text)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text) || !char.IsLetter(text[0])) return null;
        return Enum.TryParse<RedisKeyLayout>(text, ignoreCase: true, out var layout) && Enum.IsDefined(layout) ? layout : null;
    }
}
