namespace Bananas.Tasks.Chaos.Orchestration;

/// <summary>
/// The engine bugs of issue 9 still open while this suite was written. A check that fails only because of one of
/// them is printed as "open" and does not fail the run; a case whose outcome already matches says "remove it".
/// Delete an entry when its fix lands, and the gate is on. <c>run --known-open none</c> gates on everything.
/// </summary>
internal static class KnownOpen
{
    public static readonly IReadOnlyDictionary<string, string> Bugs = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["issue9:field-range"] = "a field at or past its type's range (timeout_ms 99999999999999999, or past Task.Delay's limit) throws while decoding the fetch reply and strands the whole batch",
        ["issue9:wrongtype-job"] = "a job key holding a string aborts the fetch script with WRONGTYPE after it popped and marked other jobs",
        ["issue9:wrongtype-queue"] = "a route queue key holding a string makes every fetch of the worker fail",
        ["issue9:foreign-id"] = "an id our client would never write (spaces, > 128 chars, not UTF-8) throws while decoding the fetch reply and strands the batch",
        ["issue9:duplicate-entry"] = "a queue entry for a job already leased or completed is run again instead of being dropped",
        [LeaseBornExpired] = "found by this suite, not in issue 9's list: the fetch computes the lease deadline (now + lease) on the client before the script is sent; a fetch that waits in StackExchange.Redis's backlog while Redis restarts arrives with a deadline already past, so maintenance recovers the job within milliseconds and it runs twice at once (worker InFlightJobs also keys by id and overwrites the entry of an attempt still awaiting its ack, so that attempt's Free drops the new attempt from the lease renewals)",
    };

    public const string LeaseBornExpired = "chaos:lease-born-expired";

    /// <summary>The active list: the bugs above unless <c>--known-open</c> names others (comma-separated, or <c>none</c>).</summary>
    public static HashSet<string> Active { get; set; } = new(Bugs.Keys, StringComparer.Ordinal);
}
