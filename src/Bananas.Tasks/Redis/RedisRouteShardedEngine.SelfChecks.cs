using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Redis;

/// <summary>
/// Start-up and dataset checks of the per-route layout: those of the global keys' master and of every known route's
/// partition (each may be on another master: its eviction policy, its migration check and its dataset marker
/// <c>{bananas:gpu}:instance</c> are its own).
/// </summary>
public sealed partial class RedisRouteShardedEngine : IEngineSelfChecks
{
    /// <inheritdoc/>
    public async Task CheckAtStartAsync(CancellationToken cancellationToken = default)
    {
        await Global.CheckAtStartAsync(cancellationToken).ConfigureAwait(false);
        var routes = await KnownRoutesAsync(fresh: true).ConfigureAwait(false);
        await Task.WhenAll(routes.Select(r => Partition(r).CheckAtStartAsync(cancellationToken))).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task CheckDatasetAsync(CancellationToken cancellationToken = default)
    {
        await Global.CheckDatasetAsync(cancellationToken).ConfigureAwait(false);
        var routes = await KnownRoutesAsync().ConfigureAwait(false);
        await Task.WhenAll(routes.Select(r => Partition(r).CheckDatasetAsync(cancellationToken))).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <remarks>False: the global keys' marker is not read by any partition's maintenance round, so the worker checks it apart.</remarks>
    public bool MaintainChecksDataset => false;
}
