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
        [PayloadLimit] = "found by B3.85 (fetch-n.lua, the lead's rewrite): a payload past MaxPayloadBytes (1 MiB) written by a foreign producer is fetched, sent to the worker and run; reliability-plan.md B2/S7 wants the fetch script to dead-letter it (HSTRLEN before the bytes cross the network) as PayloadTooLarge, naming the size and the limit (the limit would travel as an ARGV of fetch-n)",
    };

    public const string PayloadLimit = "chaos:payload-limit";

    /// <summary>The active list: the bugs above unless <c>--known-open</c> names others (comma-separated, or <c>none</c>).</summary>
    public static HashSet<string> Active { get; set; } = new(Bugs.Keys, StringComparer.Ordinal);
}
