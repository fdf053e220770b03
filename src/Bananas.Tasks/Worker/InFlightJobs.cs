using System.Collections.Concurrent;
using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Worker;

/// <summary>
/// The jobs this worker holds a lease on (fetched, not yet settled), and its free slots: overall
/// (<see cref="BananasWorkerOptions.Concurrency"/>) and per route (<see cref="BananasWorkerOptions.RouteConcurrency"/>).
/// The fetch loop takes slots, consumers free them; the heartbeat and the cancel subscription look jobs up.
/// </summary>
internal sealed class InFlightJobs
{
    private readonly ConcurrentDictionary<JobId, InFlightJob> _jobs = new();
    private readonly RoutingKey[] _routes;
    private readonly int[] _routeLimits;
    private readonly int[] _routeRunning;
    private readonly int _concurrency;
    private readonly AsyncSignal _slotFreed;
    private readonly object _gate = new();
    private int _running;

    /// <param name="routes">The worker's routes, in serving order.</param>
    /// <param name="options">Concurrency limits.</param>
    /// <param name="slotFreed">Set whenever a slot frees up (it wakes the fetch loop).</param>
    public InFlightJobs(RoutingKey[] routes, BananasWorkerOptions options, AsyncSignal slotFreed)
    {
        _routes = routes;
        _routeLimits = routes.Select(r => options.RouteConcurrency.TryGetValue(r.Value, out var limit) ? limit : int.MaxValue).ToArray();
        _routeRunning = new int[routes.Length];
        _concurrency = options.Concurrency;
        _slotFreed = slotFreed;
    }

    /// <summary>Jobs holding a slot right now.</summary>
    public int Running => Volatile.Read(ref _running);

    public bool IsEmpty => _jobs.IsEmpty;

    public ICollection<InFlightJob> Jobs => _jobs.Values;

    public bool TryGet(JobId id, out InFlightJob job) => _jobs.TryGetValue(id, out job!);

    /// <summary>How many jobs each route may take now, in serving order (routes without room left out), and the free slots overall.</summary>
    public List<RouteDemand> Demands(out int free)
    {
        lock (_gate)
        {
            free = _concurrency - _running;
            var demands = new List<RouteDemand>(_routes.Length);
            for (int i = 0; i < _routes.Length; i++)
            {
                var room = Math.Min(free, _routeLimits[i] - _routeRunning[i]);
                if (room > 0) demands.Add(new RouteDemand(_routes[i], room));
            }
            return demands;
        }
    }

    /// <summary>Takes a slot for a fetched job and tracks it until <see cref="Free"/>.</summary>
    public InFlightJob Add(FetchedJob job)
    {
        var routeIndex = Array.IndexOf(_routes, job.Route);
        var entry = new InFlightJob(job, routeIndex);
        lock (_gate)
        {
            _running++;
            if (routeIndex >= 0) _routeRunning[routeIndex]++;
        }
        _jobs[job.Id] = entry;
        return entry;
    }

    /// <summary>Forgets a settled job, frees its slot and wakes the fetch loop.</summary>
    public void Free(InFlightJob job)
    {
        // Only this attempt's entry: a later attempt of the same job (re-fetched after this one lost its lease) may
        // hold the id now, and must stay tracked (renewed, cancellable).
        _jobs.TryRemove(new KeyValuePair<JobId, InFlightJob>(job.Fetched.Id, job));
        lock (_gate)
        {
            _running--;
            if (job.RouteIndex >= 0) _routeRunning[job.RouteIndex]--;
        }
        job.Dispose();
        _slotFreed.Set();
    }
}
