using Bananas.Tasks.Dashboard;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers what the Bananas dashboard needs.</summary>
public static class BananasDashboardServiceCollectionExtensions
{
    /// <summary>
    /// Adds the services of <c>app.MapBananasDashboard(…)</c>: antiforgery (every action posts a token). The dashboard reads
    /// through <c>IBananasAdmin</c>, so the app also calls <c>AddBananas()</c>; calling <c>AddGeneratedTasks()</c> too lets
    /// the job page redact the tasks' <c>[Sensitive]</c> parameters and the schedules page list the periodic tasks.
    /// Calling it again is harmless.
    /// </summary>
    public static IServiceCollection AddBananasDashboard(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddAntiforgery();
        services.TryAddSingleton<DashboardMarker>();
        return services;
    }
}
