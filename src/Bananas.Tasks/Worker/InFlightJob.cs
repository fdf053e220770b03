using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Worker;

/// <summary>A job this worker holds a lease on, from fetch until its outcome is recorded.</summary>
internal sealed class InFlightJob(FetchedJob fetched, int routeIndex) : IDisposable
{
    public FetchedJob Fetched { get; } = fetched;
    public int RouteIndex { get; } = routeIndex;
    public LeaseRef Lease => Fetched.Lease;

    /// <summary>Fires when someone asked to cancel this job (client CancelAsync).</summary>
    public CancellationTokenSource CancelRequested { get; } = new();

    /// <summary>Fires when the heartbeat found the lease lost.</summary>
    public CancellationTokenSource LeaseLost { get; } = new();

    /// <summary>Set once the outcome was recorded or the job was handed back, so shutdown does not release it twice.</summary>
    public int Settled;

    public void Dispose()
    {
        CancelRequested.Dispose();
        LeaseLost.Dispose();
    }
}
