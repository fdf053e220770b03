using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Benchmarks.Infrastructure;

/// <summary>
/// The one seam of the "completed jobs removed" variant of scenario 2 (BullMQ's <c>removeOnComplete: true</c>): the
/// engine's retention option <c>QueueEngineOptions.KeepCompleted = TimeSpan.Zero</c>, which the completion-path change
/// of the performance issue adds. While <see cref="RetentionZero"/> is false the option is not in the engine yet: the
/// variant runs the other side only and the Bananas cells stay empty. Wiring it is two edits in this file:
/// <see cref="RetentionZero"/> = true and, in <see cref="RemoveCompleted"/>, <c>options.KeepCompleted = TimeSpan.Zero;</c>
/// in place of the throw. The scenario then checks that no job record is left after the drain.
/// </summary>
internal static class Retention
{
    /// <summary>True once the engine has <c>QueueEngineOptions.KeepCompleted</c> and <see cref="RemoveCompleted"/> sets it.</summary>
    public static readonly bool RetentionZero = false;

    /// <summary>Makes the engine delete each job's record at completion.</summary>
    public static void RemoveCompleted(QueueEngineOptions options) =>
        throw new InvalidOperationException("The engine's KeepCompleted option is not wired into the harness yet (Infrastructure/Retention.cs); the removed-variant runs only when Retention.RetentionZero is true.");
}
