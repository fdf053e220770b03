namespace Bananas.Tasks.Engine;

/// <summary>
/// Checks an engine runs on its store, reported as <see cref="EngineIncident"/>s (the worker logs them, the health
/// check degrades on those that degrade). The worker's maintenance loop calls them; they never throw for what they
/// find, only when the store is unreachable.
/// </summary>
public interface IEngineSelfChecks
{
    /// <summary>
    /// Once at start: settings that put jobs at risk (Redis: <c>maxmemory-policy</c> other than <c>noeviction</c>) and
    /// the marker that <see cref="CheckDatasetAsync"/> watches.
    /// </summary>
    Task CheckAtStartAsync(CancellationToken cancellationToken = default);

    /// <summary>Periodically: whether the dataset was emptied under the running worker (the marker written at start is gone).</summary>
    Task CheckDatasetAsync(CancellationToken cancellationToken = default);

    /// <summary>True when every <see cref="IQueueEngine.MaintainAsync"/> round runs the dataset check too (in the same call), so the worker does not call <see cref="CheckDatasetAsync"/> apart.</summary>
    bool MaintainChecksDataset => false;
}
