using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Benchmarks.Infrastructure;

/// <summary>
/// The one seam of the "completed jobs removed" variant of scenario 2 (BullMQ's <c>removeOnComplete: true</c>): the
/// engine's retention option <c>QueueEngineOptions.KeepCompleted = TimeSpan.Zero</c> (docs/wire-format.md D10), which
/// deletes each job's record at completion. The scenario checks that no job record is left after the drain.
/// </summary>
internal static class Retention
{
    /// <summary>True: the engine has <c>QueueEngineOptions.KeepCompleted</c>, so the Bananas side of the variant runs.</summary>
    public static readonly bool RetentionZero = true;

    /// <summary>Makes the engine delete each job's record at completion.</summary>
    public static void RemoveCompleted(QueueEngineOptions options) => options.KeepCompleted = TimeSpan.Zero;
}
