using System.Diagnostics;

namespace Bananas.Tasks.Benchmarks.Tasks;

/// <summary>Counts handler runs of a drain: when the first started and when the target count was reached.</summary>
internal static class DrainProbe
{
    private static int s_count;
    private static int s_target = int.MaxValue;
    private static long s_first;
    private static TaskCompletionSource s_done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Starts counting towards <paramref name="target"/> handler runs.</summary>
    public static void Reset(int target)
    {
        s_done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref s_first, 0);
        Volatile.Write(ref s_target, target);
        Volatile.Write(ref s_count, 0);
    }

    /// <summary>Completes when the target count of handlers has run.</summary>
    public static Task Done => s_done.Task;

    /// <summary>Stopwatch timestamp of the first handler start since <see cref="Reset"/>.</summary>
    public static long FirstStart => Volatile.Read(ref s_first);

    public static int Count => Volatile.Read(ref s_count);

    public static void Hit()
    {
        var n = Interlocked.Increment(ref s_count);
        if (n == 1) Volatile.Write(ref s_first, Stopwatch.GetTimestamp());
        if (n == Volatile.Read(ref s_target)) s_done.TrySetResult();
    }
}
