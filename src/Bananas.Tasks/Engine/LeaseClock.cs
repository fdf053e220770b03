namespace Bananas.Tasks.Engine;

/// <summary>
/// Which clock measures lease deadlines (<see cref="QueueEngineOptions.LeaseClock"/>; docs/wire-format.md "Lease clock").
/// </summary>
public enum LeaseClock
{
    /// <summary>
    /// The Redis server's clock when <see cref="QueueEngineOptions.TimeProvider"/> is <see cref="TimeProvider.System"/>,
    /// the engine's <see cref="QueueEngineOptions.TimeProvider"/> otherwise (a test that moves time by hand). The default.
    /// </summary>
    Auto,

    /// <summary>
    /// The Redis server's clock (<c>TIME</c>, read by the script that writes or compares a deadline): a lease starts when
    /// Redis runs the fetch, so a call held on the wire (a stalled or suspended client, a partition) never writes a lease
    /// born past its deadline, and clock skew between hosts does not shorten or lengthen leases.
    /// </summary>
    Server,

    /// <summary>
    /// The engine's <see cref="QueueEngineOptions.TimeProvider"/>: each call carries its deadline, computed when the
    /// call was made. The in-memory engine always works this way (it is its own server).
    /// </summary>
    Engine,
}
