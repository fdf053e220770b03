using Bananas.Tasks.Engine;
using Bananas.Tasks.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the Bananas health check to <c>services.AddHealthChecks()</c>.</summary>
public static class BananasHealthChecksBuilderExtensions
{
    /// <summary>Adds a check that the queue engine answers (and, optionally, that the dead letter queue stays small).</summary>
    public static IHealthChecksBuilder AddBananas(this IHealthChecksBuilder builder, string name = "bananas",
        Action<BananasHealthCheckOptions>? configure = null, HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new BananasHealthCheckOptions();
        configure?.Invoke(options);
        return builder.Add(new HealthCheckRegistration(name,
            sp => new BananasHealthCheck(sp.GetRequiredService<IQueueEngine>(), options),
            failureStatus, tags));
    }
}
