namespace Bananas.Tasks.Registration;

/// <summary>
/// The parameters of a task marked <see cref="SensitiveAttribute"/>: payload property names whose values views of the
/// payload (the dashboard's job page) replace with <c>[redacted]</c>. The generator registers one per task that has any
/// (<c>AddGeneratedTasks()</c>); read them all with <see cref="TaskSensitiveParametersExtensions.Of"/>.
/// </summary>
/// <param name="TaskName">Task name on the wire.</param>
/// <param name="Parameters">The payload property names, in declaration order.</param>
public sealed record TaskSensitiveParameters(string TaskName, IReadOnlyList<string> Parameters);

/// <summary>Lookup over the registered <see cref="TaskSensitiveParameters"/>.</summary>
public static class TaskSensitiveParametersExtensions
{
    /// <summary>The sensitive parameters of <paramref name="taskName"/>, or none.</summary>
    public static IReadOnlyList<string> Of(this IEnumerable<TaskSensitiveParameters> all, string taskName)
    {
        ArgumentNullException.ThrowIfNull(all);
        return all.Where(s => string.Equals(s.TaskName, taskName, StringComparison.Ordinal)).SelectMany(s => s.Parameters).Distinct(StringComparer.Ordinal).ToList();
    }
}
