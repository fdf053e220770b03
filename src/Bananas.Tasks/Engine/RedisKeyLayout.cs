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
