using Bananas.Tasks.Dashboard.Access;
using Bananas.Tasks.Dashboard.Pages;
using Microsoft.AspNetCore.Http;
using StackExchange.Redis;

namespace Bananas.Tasks.Dashboard;

/// <summary>
/// Runs around every dashboard endpoint: security headers on every response, the local-request rule when no
/// authorization policy is set (before anything is read), and the designed error states (400 for a bad parameter, 503
/// when the engine does not answer, without any credential in the text).
/// </summary>
internal sealed class DashboardEndpointFilter(BananasDashboardOptions options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        SecurityHeaders.Apply(http.Response);
        if (options.AuthorizationPolicy is null && LocalRequestRule.Refusal(http) is { } why)
            return DashboardResults.Html(ErrorPage.Bare("Forbidden", why), StatusCodes.Status403Forbidden);
        try
        {
            return await next(context);
        }
        catch (ArgumentException e)
        {
            return DashboardResults.Html(ErrorPage.Bare("Bad request", e.Message), StatusCodes.Status400BadRequest);
        }
        catch (Exception e) when (e is RedisException or TimeoutException && !http.RequestAborted.IsCancellationRequested)
        {
            return DashboardResults.Html(ErrorPage.EngineFailed(e), StatusCodes.Status503ServiceUnavailable);
        }
    }
}
