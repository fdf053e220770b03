using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Bananas.Tasks.Telemetry;

/// <summary>
/// Metrics (Meter <c>Bananas.Tasks</c>) and traces (ActivitySource <c>Bananas.Tasks</c>). Listen with
/// OpenTelemetry (<c>AddMeter("Bananas.Tasks")</c>, <c>AddSource("Bananas.Tasks")</c>) or dotnet-counters.
/// </summary>
public static class BananasTelemetry
{
    /// <summary>Name of the Meter and the ActivitySource.</summary>
    public const string Name = "Bananas.Tasks";

    private static readonly Meter s_meter = new(Name);

    /// <summary>Trace source: one <c>bananas.job</c> span per execution, parented on the enqueuer's trace.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name);

    internal static readonly Counter<long> JobsEnqueued = s_meter.CreateCounter<long>("bananas.jobs.enqueued", "{job}", "Jobs enqueued by this process.");
    internal static readonly Counter<long> JobsCompleted = s_meter.CreateCounter<long>("bananas.jobs.completed", "{job}", "Executions that completed.");
    internal static readonly Counter<long> JobsFailed = s_meter.CreateCounter<long>("bananas.jobs.failed", "{job}", "Executions that ended without a completion recorded; tag outcome = retry | dead | lease_lost | unrecorded (the engine stayed unreachable, so neither the completion nor the failure was written: the lease expires and the job runs again).");
    internal static readonly Counter<long> JobsSnoozed = s_meter.CreateCounter<long>("bananas.jobs.snoozed", "{job}", "Executions whose handler threw Snooze (rescheduled, the attempt not counted); tag outcome = snoozed | lease_lost | unrecorded.");
    internal static readonly Counter<long> JobsReleased = s_meter.CreateCounter<long>("bananas.jobs.released", "{job}", "Jobs handed back to their queue at shutdown.");
    internal static readonly Histogram<double> JobDuration = s_meter.CreateHistogram<double>("bananas.job.duration", "ms", "Execution time of a job, from handler start to outcome.");
    internal static readonly Counter<long> EngineIncidents = s_meter.CreateCounter<long>("bananas.engine.incidents", "{incident}", "Things the engine found in its store and worked around (tag kind = wrong_type_queue | wrong_type_job | duplicate_entry | eviction_policy | dataset_emptied | …): each occurrence, not only the first, which is logged.");
    internal static readonly Counter<long> QueueEntriesDropped = s_meter.CreateCounter<long>("bananas.queue.entries_dropped", "{entry}", "Queue entries a fetch popped and dropped without running them; tag reason = wrong_type_job | leased | completed | failed.");
    internal static readonly UpDownCounter<long> JobsRunning = s_meter.CreateUpDownCounter<long>("bananas.jobs.running", "{job}", "Jobs running in this process.");

    /// <summary>
    /// Last known paused routes per engine in this process, refreshed by every worker heartbeat (each
    /// <c>BananasWorkerOptions.RegistrationInterval</c>) and by admin calls that read or change them; the
    /// <c>bananas.route.paused</c> gauge reports it.
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, System.Collections.Concurrent.ConcurrentDictionary<string, bool>> s_paused = new();

    internal static readonly ObservableGauge<int> RoutesPaused = s_meter.CreateObservableGauge("bananas.route.paused", ObservePausedGauge, "{route}",
        "1 while a route is paused (its workers do not fetch), 0 after it was resumed; tags bananas.route and bananas.engine. As of this process's last worker heartbeat or admin call.");

    private static IEnumerable<Measurement<int>> ObservePausedGauge()
    {
        foreach (var (engine, routes) in s_paused)
            foreach (var (route, paused) in routes)
                yield return new Measurement<int>(paused ? 1 : 0, new KeyValuePair<string, object?>("bananas.route", route), new KeyValuePair<string, object?>("bananas.engine", engine));
    }

    /// <summary>Records the full paused set just read from <paramref name="engine"/>: listed routes are 1, routes seen paused before are 0.</summary>
    internal static void ObservePaused(Engine.IQueueEngine engine, IEnumerable<RoutingKey> paused)
    {
        var routes = s_paused.GetOrAdd(engine.Name, static _ => new());
        var now = paused.Select(r => r.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var key in routes.Keys) if (!now.Contains(key)) routes[key] = false;
        foreach (var route in now) routes[route] = true;
    }

    /// <summary>Records one route being paused or resumed.</summary>
    internal static void ObservePausedChange(Engine.IQueueEngine engine, RoutingKey route, bool paused) =>
        s_paused.GetOrAdd(engine.Name, static _ => new())[route.Value] = paused;

    /// <summary>The <c>outcome</c> of an execution whose completion or failure the worker could not record.</summary>
    internal const string OutcomeUnrecorded = "unrecorded";

    internal static TagList Tags(string task, RoutingKey route)
    {
        var tags = new TagList { { "bananas.task", task }, { "bananas.route", route.Value } };
        return tags;
    }

    internal static TagList Tags(string task, RoutingKey route, string outcome)
    {
        var tags = Tags(task, route);
        tags.Add("outcome", outcome);
        return tags;
    }
}
