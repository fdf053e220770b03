namespace Bananas.Tasks.Generators.Model;

/// <summary>The enqueue defaults a <c>[BananaTask]</c> sets; null where the attribute leaves the client default.</summary>
/// <param name="Route">Route text as written (the analyzer checks its grammar; the client validates it again).</param>
/// <param name="Priority">Numeric priority (1 high, 2 normal, 3 low).</param>
/// <param name="MaxRetries">Retries after the first failure; null for -1 (worker default).</param>
/// <param name="TimeoutSeconds">Execution timeout; null for 0 (worker default).</param>
/// <param name="Description">Description stored on each job.</param>
internal sealed record TaskDefaultsModel(string? Route, int? Priority, int? MaxRetries, int? TimeoutSeconds, string? Description)
{
    public bool IsEmpty => Route is null && Priority is null && MaxRetries is null && TimeoutSeconds is null && Description is null;
}
