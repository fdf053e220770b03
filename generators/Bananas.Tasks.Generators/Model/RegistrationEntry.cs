using System.Linq;

namespace Bananas.Tasks.Generators.Model;

/// <summary>What the registration file needs of one task.</summary>
/// <param name="TaskName">Task name on the wire.</param>
/// <param name="ProxyTypeName">The proxy type, <c>global::</c>-qualified (holds <c>TaskName</c> and <c>InvokeAsync</c>).</param>
/// <param name="HandlerTypeName">The handler type to add to DI; null for a static handler method.</param>
/// <param name="HandlerDisplay">Handler type and method for the doc comment (<c>Media.ImageTasks.ProcessImage</c>).</param>
/// <param name="Periodic">The task's schedule; null for none.</param>
/// <param name="KeepCompletedSeconds">The task's retention of completed jobs in seconds; null for the process-wide one.</param>
/// <param name="PeriodicDefaults">The attribute's enqueue defaults, which the schedule's jobs take; null without a schedule (so a route edit on a plain task leaves this entry equal).</param>
/// <param name="SensitiveParameters">The payload parameters marked <c>[Sensitive]</c>, in declaration order (recorded with <c>AddSensitiveParameters</c>).</param>
internal sealed record RegistrationEntry(string TaskName, string ProxyTypeName, string? HandlerTypeName, string HandlerDisplay, PeriodicModel? Periodic, TaskDefaultsModel? PeriodicDefaults, int? KeepCompletedSeconds, EquatableArray<string> SensitiveParameters = default)
{
    public static RegistrationEntry From(TaskModel task) => new(
        task.TaskName,
        task.ProxyTypeName,
        task.IsStatic ? null : task.HandlerTypeName,
        task.HandlerTypeName.Substring("global::".Length) + "." + task.MethodName,
        task.Periodic,
        task.Periodic is null ? null : task.Defaults.ForSchedule(),
        task.KeepCompletedSeconds,
        new EquatableArray<string>(task.Parameters.Where(p => p.IsSensitive).Select(p => p.Name)));
}
