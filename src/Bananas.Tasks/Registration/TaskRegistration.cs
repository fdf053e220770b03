namespace Bananas.Tasks.Registration;

/// <summary>A task name bound to its invoker, registered in DI and collected into the <see cref="TaskRegistry"/>.</summary>
/// <param name="Name">Task name on the wire.</param>
/// <param name="Invoker">Runs the task.</param>
public sealed record TaskRegistration(string Name, TaskInvoker Invoker)
{
    /// <summary>Per-task settings (retention of completed jobs); <see cref="TaskSettings.Default"/> when none.</summary>
    public TaskSettings Settings { get; init; } = TaskSettings.Default;
}
