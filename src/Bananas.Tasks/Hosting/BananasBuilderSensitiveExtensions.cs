using Bananas.Tasks.Registration;
using Microsoft.Extensions.DependencyInjection;

namespace Bananas.Tasks.Hosting;

/// <summary>Registers which task parameters are <see cref="SensitiveAttribute"/> (the generator calls it for each task that has one).</summary>
public static class BananasBuilderSensitiveExtensions
{
    /// <summary>
    /// Records that <paramref name="parameters"/> of <paramref name="taskName"/> are sensitive, so payload views redact
    /// them. Recording the same task again with the same names is ignored.
    /// </summary>
    /// <exception cref="ArgumentException">The task name is invalid, or a parameter name is empty.</exception>
    public static IBananasBuilder AddSensitiveParameters(this IBananasBuilder builder, string taskName, params string[] parameters)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(parameters);
        if (BananasRules.ValidateTaskName(taskName) is { } error) throw new ArgumentException("Cannot record sensitive parameters: " + error + ".", nameof(taskName));
        if (parameters.Any(string.IsNullOrWhiteSpace)) throw new ArgumentException($"A sensitive parameter name of task '{taskName}' is empty.", nameof(parameters));
        var exists = builder.Services.Any(d => d.ServiceType == typeof(TaskSensitiveParameters) && d.ImplementationInstance is TaskSensitiveParameters s
            && s.TaskName == taskName && s.Parameters.SequenceEqual(parameters));
        if (!exists) builder.Services.AddSingleton(new TaskSensitiveParameters(taskName, parameters.ToArray()));
        return builder;
    }
}
