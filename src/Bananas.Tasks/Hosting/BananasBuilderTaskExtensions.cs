using Bananas.Tasks.Registration;
using Microsoft.Extensions.DependencyInjection;

namespace Bananas.Tasks.Hosting;

/// <summary>Task registration on the Bananas builder.</summary>
public static class BananasBuilderTaskExtensions
{
    /// <summary>
    /// Registers a task by name with its invoker (the generator calls this for each <c>[BananaTask]</c>). Registering the
    /// same name with the same invoker again is ignored; the same name with another invoker throws <see cref="ArgumentException"/>.
    /// </summary>
    public static IBananasBuilder AddTask(this IBananasBuilder builder, string name, TaskInvoker invoker) =>
        AddTask(builder, name, invoker, TaskSettings.Default);

    /// <summary>Registers a task with per-task settings (the generator passes those of <c>[BananaTask]</c>, e.g. <c>KeepCompletedSeconds</c>).</summary>
    public static IBananasBuilder AddTask(this IBananasBuilder builder, string name, TaskInvoker invoker, TaskSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(invoker);
        ArgumentNullException.ThrowIfNull(settings);
        var error = BananasRules.ValidateTaskName(name);
        if (error is not null) throw new ArgumentException("Cannot register task: " + error + ".", nameof(name));
        if (settings.Problem() is { } problem) throw new ArgumentException($"Cannot register task '{name}': {problem}.", nameof(settings));
        var existing = builder.Services
            .Select(d => d.ServiceType == typeof(TaskRegistration) && !d.IsKeyedService ? d.ImplementationInstance as TaskRegistration : null)
            .FirstOrDefault(r => r is not null && string.Equals(r.Name, name, StringComparison.Ordinal));
        if (existing is not null)
        {
            // The same handler again (e.g. AddGeneratedTasks() called twice): nothing to do.
            if (existing.Invoker.Equals(invoker) && existing.Settings == settings) return builder;
            throw new ArgumentException(
                $"Task '{name}' is already registered with another handler. Each task name maps to one handler: give one of them a distinct name ([BananaTask(Name = ...)] or the name passed to AddTask).",
                nameof(name));
        }
        builder.Services.AddSingleton(new TaskRegistration(name, invoker) { Settings = settings });
        return builder;
    }
}
