using System.Diagnostics;

namespace Bananas.Tasks.Benchmarks.Tasks;

/// <summary>Collects enqueue-to-handler-start latencies of the measured probes of scenario 3.</summary>
internal static class LatencyProbe
{
    private static double[] s_latencies = [];
    private static int s_measured;
    private static int s_seen;
    private static int s_target = int.MaxValue;
    private static TaskCompletionSource s_done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Expects <paramref name="total"/> probes, <paramref name="measured"/> of them measured.</summary>
    public static void Reset(int total, int measured)
    {
        s_latencies = new double[measured];
        s_done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref s_measured, 0);
        Volatile.Write(ref s_target, total);
        Volatile.Write(ref s_seen, 0);
    }

    public static Task Done => s_done.Task;

    /// <summary>The measured latencies in milliseconds, sorted.</summary>
    public static double[] Sorted()
    {
        var copy = s_latencies.AsSpan(0, Math.Min(Volatile.Read(ref s_measured), s_latencies.Length)).ToArray();
        Array.Sort(copy);
        return copy;
    }

    public static void Record(long sentAt, bool measured)
    {
        var ms = Stopwatch.GetElapsedTime(sentAt).TotalMilliseconds;
        if (measured)
        {
            var slot = Interlocked.Increment(ref s_measured) - 1;
            if (slot < s_latencies.Length) s_latencies[slot] = ms;
        }
        if (Interlocked.Increment(ref s_seen) == Volatile.Read(ref s_target)) s_done.TrySetResult();
    }
}
