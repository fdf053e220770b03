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
