using Bananas.Tasks.Admin;
using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Worker;

/// <summary>
/// Outcomes counted in memory per route and UTC minute, written with the next worker heartbeat (one script call per
/// <see cref="BananasWorkerOptions.HeartbeatInterval"/>, not one write per job). Counts a write could not store are put
/// back and go with the next one.
/// </summary>
internal sealed class ThroughputCounter(TimeProvider time)
{
    private readonly object _gate = new();
    private Dictionary<(RoutingKey Route, DateTimeOffset Minute), (long Processed, long Failed)> _counts = new();

    /// <summary>An execution of <paramref name="route"/> whose outcome was recorded; <paramref name="failed"/> when it failed (retry or dead).</summary>
    public void Record(RoutingKey route, bool failed)
    {
        var key = (route, ThroughputWindow.MinuteOf(time.GetUtcNow()));
        lock (_gate)
        {
            var c = _counts.GetValueOrDefault(key);
            _counts[key] = (c.Processed + 1, c.Failed + (failed ? 1 : 0));
        }
    }

    /// <summary>Takes every count not written yet.</summary>
    public List<ThroughputIncrement> Drain()
    {
        Dictionary<(RoutingKey Route, DateTimeOffset Minute), (long Processed, long Failed)> taken;
        lock (_gate)
        {
            if (_counts.Count == 0) return [];
            taken = _counts;
            _counts = new();
        }
        return taken.Select(e => new ThroughputIncrement(e.Key.Route, e.Key.Minute, e.Value.Processed, e.Value.Failed)).ToList();
    }

    /// <summary>Puts back counts whose write failed.</summary>
    public void Restore(IEnumerable<ThroughputIncrement> counts)
    {
        lock (_gate)
        {
            foreach (var c in counts)
            {
                var key = (c.Route, c.Minute);
                var old = _counts.GetValueOrDefault(key);
                _counts[key] = (old.Processed + c.Processed, old.Failed + c.Failed);
            }
        }
    }
}
