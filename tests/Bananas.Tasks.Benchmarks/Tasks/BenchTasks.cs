namespace Bananas.Tasks.Benchmarks.Tasks;

/// <summary>
/// The benchmark's typed tasks. The Bananas.Tasks generator turns each into a proxy (<c>Noop</c>, <c>Probe</c>,
/// <c>Blob</c>), an argument codec and an invoker, registered by <c>AddGeneratedTasks()</c>, so the harness measures
/// the path a user's code takes: typed enqueue, payload encode and decode, generated invoker, hosted worker.
/// </summary>
public static class BenchTasks
{
    /// <summary>The no-op job of scenarios 1 and 2: counts itself.</summary>
    [BananaTask]
    public static Task Noop(int i)
    {
        DrainProbe.Hit();
        return Task.CompletedTask;
    }

    /// <summary>The latency probe of scenario 3: <paramref name="sentAt"/> is the <c>Stopwatch</c> timestamp taken just before the enqueue call.</summary>
    [BananaTask]
    public static Task Probe(long sentAt, bool measured)
    {
        LatencyProbe.Record(sentAt, measured);
        return Task.CompletedTask;
    }

    /// <summary>The 200-byte-payload job of scenario 6.</summary>
    [BananaTask]
    public static Task Blob(string data)
    {
        DrainProbe.Hit();
        return Task.CompletedTask;
    }
}
