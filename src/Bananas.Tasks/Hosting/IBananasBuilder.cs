using Bananas.Tasks.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace Bananas.Tasks.Hosting;

/// <summary>Returned by <c>AddBananas()</c>: chains task registration, engine choice and workers.</summary>
public interface IBananasBuilder
{
    /// <summary>The service collection being configured.</summary>
    IServiceCollection Services { get; }
}

internal sealed class BananasBuilder(IServiceCollection services) : IBananasBuilder
{
    public IServiceCollection Services { get; } = services;
}

/// <summary>Task registration on the Bananas builder.</summary>
public static class BananasBuilderTaskExtensions
{
    /// <summary>Registers a task by name with its invoker (the generator calls this for each <c>[BananaTask]</c>).</summary>
    public static IBananasBuilder AddTask(this IBananasBuilder builder, string name, TaskInvoker invoker)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(invoker);
        var error = BananasRules.ValidateTaskName(name);
        if (error is not null) throw new ArgumentException("Cannot register task: " + error + ".", nameof(name));
        builder.Services.AddSingleton(new TaskRegistration(name, invoker));
        return builder;
    }
}
