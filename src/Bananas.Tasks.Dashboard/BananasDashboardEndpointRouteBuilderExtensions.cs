using Bananas.Tasks;
using Bananas.Tasks.Admin;
using Bananas.Tasks.Dashboard;
using Bananas.Tasks.Dashboard.Pages;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Mounts the Bananas dashboard in an ASP.NET Core app.</summary>
public static class BananasDashboardEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves the dashboard under <paramref name="pathPrefix"/>: overview, routes, job lists per state, job details, dead
    /// letters, workers, schedules, and the actions (requeue, delete, cancel, pause/resume) unless read-only. Safe by
    /// default: without <see cref="BananasDashboardOptions.AuthorizationPolicy"/> only local requests are served; every
    /// action is a POST with an antiforgery token; everything shown is HTML-encoded under a strict Content-Security-Policy.
    /// It reads and acts only through <see cref="IBananasAdmin"/> (<c>AddBananas()</c>), and needs
    /// <c>builder.Services.AddBananasDashboard()</c>.
    /// </summary>
    /// <param name="endpoints">The app.</param>
    /// <param name="pathPrefix">Where to mount it: starts with <c>/</c>, e.g. <c>/bananas</c>.</param>
    /// <param name="configure">Policy, read-only mode, title, refresh interval, page size.</param>
    /// <returns>The route group, for more conventions (rate limiting, CORS, …).</returns>
    /// <exception cref="ArgumentException">The prefix or an option is invalid.</exception>
    /// <exception cref="InvalidOperationException">A service it needs is not registered.</exception>
    public static RouteGroupBuilder MapBananasDashboard(this IEndpointRouteBuilder endpoints, string pathPrefix = "/bananas", Action<BananasDashboardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var prefix = CheckPrefix(pathPrefix);
        var options = new BananasDashboardOptions();
        configure?.Invoke(options);
        CheckOptions(options);
        if (endpoints.ServiceProvider.GetService<IAntiforgery>() is null || endpoints.ServiceProvider.GetService<DashboardMarker>() is null)
            throw new InvalidOperationException("MapBananasDashboard needs the dashboard's services: call builder.Services.AddBananasDashboard() before building the app.");
        if (endpoints.ServiceProvider.GetService<IBananasAdmin>() is null)
            throw new InvalidOperationException("MapBananasDashboard reads through IBananasAdmin, and none is registered: call builder.Services.AddBananas() before building the app.");

        var group = endpoints.MapGroup(prefix);
        if (options.AuthorizationPolicy is { } policy) group.RequireAuthorization(policy);
        group.AddEndpointFilter(new DashboardEndpointFilter(options));
        group.ExcludeFromDescription();

        DashboardContext Ctx(HttpContext http) => new(http, options, prefix);
        static Delegate Page(Func<HttpContext, Task<IResult>> handler) => handler;
        static Delegate Page1(Func<HttpContext, string, Task<IResult>> handler) => handler;

        group.MapGet("/", Page(async http => DashboardResults.Html(await OverviewPage.RenderAsync(Ctx(http)))));
        group.MapGet("/fragments/overview", Page(async http => DashboardResults.Html(await OverviewPage.LiveAsync(Ctx(http)))));
        group.MapGet("/fragments/workers", Page(async http => DashboardResults.Html(await WorkersPage.LiveAsync(Ctx(http)))));
        group.MapGet("/api/throughput", Page(http => DashboardApi.ThroughputAsync(Ctx(http))));
        group.MapGet("/assets/{**path}", (string path) => DashboardAssets.Serve(path)).AddEndpointFilter(async (c, next) =>
        {
            var result = await next(c);
            Bananas.Tasks.Dashboard.Access.SecurityHeaders.Apply(c.HttpContext.Response, cacheable: true);
            return result;
        });
        group.MapGet("/routes/{route}", Page1(async (http, route) => DashboardResults.Html(await RoutePage.RenderAsync(Ctx(http), Route(route)))));
        group.MapGet("/jobs/{state}", Page1(async (http, state) =>
        {
            var d = Ctx(http);
            if (!JobListPage.States.TryGetValue(state, out var listState))
                return DashboardResults.Html(ErrorPage.Framed(d, "No such list", $"There is no '{state}' job list: pending, scheduled, processing, dead, completed or failed."), StatusCodes.Status404NotFound);
            var (filters, error) = DashboardFilters.Parse(http.Request.Query);
            if (filters is null) return DashboardResults.Html(ErrorPage.Framed(d, "Bad filter", error!), StatusCodes.Status400BadRequest);
            return DashboardResults.Html(await JobListPage.RenderAsync(d, state, listState, filters));
        }));
        group.MapGet("/job/{id}", Page1(async (http, id) =>
        {
            var (page, found) = await JobDetailsPage.RenderAsync(Ctx(http), Job(id));
            return DashboardResults.Html(page, found ? StatusCodes.Status200OK : StatusCodes.Status404NotFound);
        }));
        group.MapGet("/workflow/{id}", Page1(async (http, id) =>
        {
            var d = Ctx(http);
            if (!JobId.TryParse(id, out _))
                return DashboardResults.Html(ErrorPage.Framed(d, "Bad workflow id", $"'{id}' is not a workflow id: expected 1-128 characters without whitespace."), StatusCodes.Status400BadRequest);
            var (page, found) = await WorkflowPage.RenderAsync(d, id);
            return DashboardResults.Html(page, found ? StatusCodes.Status200OK : StatusCodes.Status404NotFound);
        }));
        group.MapGet("/workers", Page(async http => DashboardResults.Html(await WorkersPage.RenderAsync(Ctx(http)))));
        group.MapGet("/schedules", Page(async http => DashboardResults.Html(await SchedulesPage.RenderAsync(Ctx(http)))));

        // actions: POST + antiforgery, refused in read-only mode (mapped anyway, so the refusal is explicit)
        group.MapPost("/routes/{route}/pause", Page1((http, route) => DashboardActions.RunAsync(Ctx(http), DashboardActions.Pause(Route(route), pause: true), "/")));
        group.MapPost("/routes/{route}/resume", Page1((http, route) => DashboardActions.RunAsync(Ctx(http), DashboardActions.Pause(Route(route), pause: false), "/")));
        group.MapPost("/job/{id}/requeue", Page1((http, id) => DashboardActions.RunAsync(Ctx(http), DashboardActions.Requeue(Job(id)), "/job/" + Uri.EscapeDataString(id))));
        group.MapPost("/job/{id}/delete", Page1((http, id) => DashboardActions.RunAsync(Ctx(http), DashboardActions.Delete(Job(id)), "/jobs/dead")));
        group.MapPost("/job/{id}/cancel", Page1((http, id) => DashboardActions.RunAsync(Ctx(http), DashboardActions.Cancel(Job(id)), "/job/" + Uri.EscapeDataString(id))));
        group.MapPost("/workflow/{id}/cancel", Page1((http, id) => DashboardActions.RunAsync(Ctx(http), DashboardActions.CancelWorkflow(id), "/workflow/" + Uri.EscapeDataString(id))));
        group.MapPost("/dead/selected", Page(http => DashboardActions.RunAsync(Ctx(http), DashboardActions.SelectedAsync, "/jobs/dead")));
        group.MapPost("/dead/requeue-all", Page(http => DashboardActions.RunAsync(Ctx(http), DashboardActions.Bulk(requeue: true), "/jobs/dead")));
        group.MapPost("/dead/delete-all", Page(http => DashboardActions.RunAsync(Ctx(http), DashboardActions.Bulk(requeue: false), "/jobs/dead")));
        return group;
    }

    private static RoutingKey Route(string text) =>
        BananasRules.ValidateRoutingKey(text) is { } error ? throw new ArgumentException("Not a route: " + error + ".") : RoutingKey.Parse(text);

    private static JobId Job(string text) =>
        JobId.TryParse(text, out var id) ? id : throw new ArgumentException($"'{text}' is not a job id.");

    private static string CheckPrefix(string pathPrefix)
    {
        ArgumentNullException.ThrowIfNull(pathPrefix);
        var prefix = pathPrefix.TrimEnd('/');
        if (prefix.Length == 0 || prefix[0] != '/' || prefix.Contains('?') || prefix.Contains('#') || prefix.Contains('{'))
            throw new ArgumentException($"The dashboard's path prefix is '{pathPrefix}'; expected a path such as /bananas (starting with /, not the root, without query or route parameters).", nameof(pathPrefix));
        return prefix;
    }

    private static void CheckOptions(BananasDashboardOptions o)
    {
        if (o.RefreshInterval < TimeSpan.FromSeconds(1) || o.RefreshInterval > TimeSpan.FromMinutes(1))
            throw new ArgumentException($"BananasDashboardOptions.RefreshInterval is {o.RefreshInterval}; expected 1 second to 1 minute.", nameof(o));
        if (o.PageSize is < 1 or > JobListQuery.MaxLimit)
            throw new ArgumentException($"BananasDashboardOptions.PageSize is {o.PageSize}; expected 1 to {JobListQuery.MaxLimit}.", nameof(o));
        if (o.AuthorizationPolicy is { } p && string.IsNullOrWhiteSpace(p))
            throw new ArgumentException("BananasDashboardOptions.AuthorizationPolicy is blank; pass a policy name, or null for local requests only.", nameof(o));
        if (string.IsNullOrWhiteSpace(o.Title))
            throw new ArgumentException("BananasDashboardOptions.Title is blank.", nameof(o));
    }
}
