using System.Collections.Concurrent;
using System.Diagnostics;
using Bananas.Tasks;

namespace MultiQueue;

/// <summary>
/// What the handlers share in this one-process demo: the console, a meter of jobs running at once per route (to show
/// the per-route limits hold), the times of each job's attempts (to show the retry backoff), and the shipping carrier
/// whose outage sends order_shipped jobs to the dead letter queue.
/// </summary>
public sealed class Demo
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentDictionary<string, RouteMeter> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, double> _lastAttemptAt = new(StringComparer.Ordinal);
    private readonly object _console = new();

    /// <summary>False while the carrier's API is down: order_shipped fails (and, out of retries, is dead-lettered).</summary>
    public volatile bool CarrierOnline;

    public void Print(string line)
    {
        lock (_console) Console.WriteLine(line);
    }

    /// <summary>Marks a job of <paramref name="route"/> as running until the returned scope is disposed.</summary>
    public IDisposable Running(RoutingKey route)
    {
        var meter = _routes.GetOrAdd(route.Value, _ => new RouteMeter());
        meter.Enter();
        return meter;
    }

    /// <summary>Jobs started and the most running at once, per route.</summary>
    public IReadOnlyDictionary<string, (int Started, int MostAtOnce)> Meters =>
        _routes.ToDictionary(r => r.Key, r => (r.Value.Started, r.Value.MostAtOnce), StringComparer.Ordinal);

    /// <summary>"attempt 2 of 4, 0.21 s after the last": how long the worker's backoff waited before this attempt.</summary>
    public string Attempt(TaskContext context)
    {
        var now = _clock.Elapsed.TotalSeconds;
        var text = $"attempt {context.Attempt} of {context.MaxRetries + 1}";
        if (_lastAttemptAt.TryGetValue(context.JobId, out var last)) text += $", {now - last:0.00} s after the last";
        _lastAttemptAt[context.JobId] = now;
        return text;
    }

    private sealed class RouteMeter : IDisposable
    {
        private int _running;
        private int _started;
        private int _most;

        public int Started => Volatile.Read(ref _started);

        public int MostAtOnce => Volatile.Read(ref _most);

        public void Enter()
        {
            Interlocked.Increment(ref _started);
            var now = Interlocked.Increment(ref _running);
            int most;
            while (now > (most = Volatile.Read(ref _most)) && Interlocked.CompareExchange(ref _most, now, most) != most) { }
        }

        public void Dispose() => Interlocked.Decrement(ref _running);
    }
}
