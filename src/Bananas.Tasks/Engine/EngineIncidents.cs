using System.Collections.Concurrent;

namespace Bananas.Tasks.Engine;

/// <summary>
/// Something an engine found in its store and worked around instead of failing: a key of the wrong type that was
/// skipped, a queue entry that was dropped, a configuration that puts jobs at risk. <see cref="Key"/> names what is
/// wrong, <see cref="Detail"/> says what was done.
/// </summary>
/// <param name="Kind">e.g. <c>wrong_type_queue</c>, <c>wrong_type_job</c>, <c>duplicate_entry</c>, <c>eviction_policy</c>, <c>dataset_emptied</c>.</param>
/// <param name="Key">The key (or setting) concerned.</param>
/// <param name="Detail">What is wrong and what the engine did about it.</param>
/// <param name="Degrades">True when the health check reports Degraded while the incident is active.</param>
/// <param name="At">When it was last seen.</param>
public sealed record EngineIncident(string Kind, string Key, string Detail, bool Degrades, DateTimeOffset At);

/// <summary>
/// The incidents an engine reports. <see cref="Reported"/> fires when a (kind, key) is first seen, or again once it
/// had not been seen for <see cref="QuietPeriod"/>: a wrong-type queue met on every fetch is logged once, not per
/// fetch. <see cref="Active"/> lists those seen within the quiet period (the health check reads it).
/// </summary>
public sealed class EngineIncidents(TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<(string Kind, string Key), EngineIncident> _seen = new();

    /// <summary>How long an incident stays active after it was last seen. Default 2 minutes.</summary>
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Raised on the reporting thread when an incident is new (or seen again after the quiet period).</summary>
    public event Action<EngineIncident>? Reported;

    /// <summary>Incidents seen within the last <see cref="QuietPeriod"/>, newest first.</summary>
    public IReadOnlyList<EngineIncident> Active()
    {
        var now = _time.GetUtcNow();
        return _seen.Values.Where(i => now - i.At <= QuietPeriod).OrderByDescending(i => i.At).ToList();
    }

    /// <summary>Records an incident; raises <see cref="Reported"/> when it is new.</summary>
    public void Report(string kind, string key, string detail, bool degrades)
    {
        var now = _time.GetUtcNow();
        if (_seen.Count > 1000)
            foreach (var old in _seen.Where(e => now - e.Value.At > QuietPeriod).Select(e => e.Key).ToList()) _seen.TryRemove(old, out _);
        var incident = new EngineIncident(kind, key, detail, degrades, now);
        bool isNew = true;
        _seen.AddOrUpdate((kind, key), incident, (_, old) =>
        {
            isNew = now - old.At > QuietPeriod;
            return incident;
        });
        Telemetry.BananasTelemetry.EngineIncidents.Add(1, new KeyValuePair<string, object?>("kind", kind));
        if (isNew) Reported?.Invoke(incident);
    }

    /// <summary>Forgets an incident (the condition was seen to be over).</summary>
    public void Clear(string kind, string key) => _seen.TryRemove((kind, key), out _);
}

/// <summary>An engine that reports the incidents it works around (the Redis engine).</summary>
public interface IReportsEngineIncidents
{
    /// <summary>The engine's incidents.</summary>
    EngineIncidents Incidents { get; }
}
