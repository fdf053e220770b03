namespace Bananas.Tasks.Engine;

/// <summary>
/// An engine that can renew leases without needing a thread-pool thread to finish the call. The worker's heartbeat
/// runs on its own thread and uses this when the engine offers it, so handlers that block thread-pool threads
/// cannot starve the heartbeat into losing their leases.
/// </summary>
public interface ISynchronousLeaseRenewal
{
    /// <summary>Same contract as <see cref="IQueueEngine.RenewLeasesAsync"/>, completing on the calling thread.</summary>
    IReadOnlyList<JobId> RenewLeases(IReadOnlyList<LeaseRef> leases, TimeSpan leaseDuration);
}
