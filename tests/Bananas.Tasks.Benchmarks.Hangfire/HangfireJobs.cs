using Bananas.Tasks.Benchmarks.Tasks;

namespace Bananas.Tasks.Benchmarks.Hangfire;

/// <summary>
/// The Hangfire side's jobs: static methods, enqueued with <c>BackgroundJobClient.Enqueue(() => …)</c> the way a Hangfire
/// user writes them. They report to the same probes as the Bananas tasks.
/// </summary>
public static class HangfireJobs
{
    /// <summary>The no-op job of scenarios 1 and 2.</summary>
    public static void Noop(int i) => DrainProbe.Hit();

    /// <summary>The latency probe of scenario 3: <paramref name="sentAt"/> is the <c>Stopwatch</c> timestamp taken just before the enqueue call.</summary>
    public static void Probe(long sentAt, bool measured) => LatencyProbe.Record(sentAt, measured);
}
