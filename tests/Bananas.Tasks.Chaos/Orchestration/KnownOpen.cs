namespace Bananas.Tasks.Chaos.Orchestration;

/// <summary>
/// The engine bugs still open (issue 9 and those this suite found); fixed ones are removed. A check that fails only because of one of
/// them is printed as "open" and does not fail the run; a case whose outcome already matches says "remove it".
/// Delete an entry when its fix lands, and the gate is on. <c>run --known-open none</c> gates on everything.
/// </summary>
internal static class KnownOpen
{
    public static readonly IReadOnlyDictionary<string, string> Bugs = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [AclFetchPop] = "found by B10.15 (fetch-n.lua, the lead's rewrite): a worker whose ACL refuses the job keys (e.g. ~bananas:[^j]*) loses jobs. fetch-n RPOPs the ids of a queue and only then reads each popped id's job key, a key it builds itself (not in KEYS, so not checked when EVALSHA starts): the first TYPE on it fails the script with 'ERR The user executing the script can't access at least one of the keys…' after the pop, so the popped jobs stay 'pending' in no queue, for good, on every fetch. Fix: read before the pop (LRANGE the ids the RPOP would take, redis.pcall a TYPE on each job key; on a refusal pop nothing, return a note 'acl_refused' naming the key, report it degraded), or pcall the job-key reads and RPUSH the unleased ids back to the front before returning",
        [AclUndeclaredWrite] = "found by B10.14 (_common.lua's dead_letter / write_result, the lead's rewrite; called by recover-2, fetch-n, promote-3): a worker whose ACL may not write the result keys (%R~bananas:result:*) dead-letters an expired lease half-way. Its ack is refused up front (the result key is in KEYS), but recover-2 builds the result key itself: ZREM of the lease, HSET error_history, HSET status failed and LPUSH dead run, then DEL of the result key fails the script. The job is failed and in the DLQ with no result, no per-route dead entry and no recently-failed entry. Fix: in dead_letter write the result first (DEL/HSET/PEXPIRE, the keys most likely refused) and the job hash and lists after it, or redis.pcall the first write of each undeclared key and skip the job (left leased, reported) when it is refused",
        [PayloadLimit] = "found by B3.85 (fetch-n.lua, the lead's rewrite): a payload past MaxPayloadBytes (1 MiB) written by a foreign producer is fetched, sent to the worker and run; reliability-plan.md B2/S7 wants the fetch script to dead-letter it (HSTRLEN before the bytes cross the network) as PayloadTooLarge, naming the size and the limit (the limit would travel as an ARGV of fetch-n)",
        [LeaseBornExpired] = "found by this suite: a lease born already expired made a job run twice at once. Fixed for slow fetches (the worker renews, fenced, the leases of a fetch that took more than a third of the lease and drops those it lost; InFlightJobs frees only its own attempt). Still open: a fetch held by a silent partition and delivered at the heal writes a lease whose deadline (computed when it was sent) is already past, so the job sits in processing past its deadline until maintenance sees it (I7 in the partition scenario); and under heavy CPU starvation in kill9 an attempt restarted ~360 ms after it started (I4b), not yet explained. A fix needs the lease deadline set by the script from a clock it trusts",
    };

    public const string LeaseBornExpired = "chaos:lease-born-expired";
    public const string AclFetchPop = "chaos:acl-fetch-pop";
    public const string PayloadLimit = "chaos:payload-limit";
    public const string AclUndeclaredWrite = "chaos:acl-undeclared-write";

    /// <summary>The active list: the bugs above unless <c>--known-open</c> names others (comma-separated, or <c>none</c>).</summary>
    public static HashSet<string> Active { get; set; } = new(Bugs.Keys, StringComparer.Ordinal);
}
