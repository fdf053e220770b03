using System.Text;
using Bananas.Tasks.Dashboard.Rendering;
using Microsoft.AspNetCore.Http;

namespace Bananas.Tasks.Dashboard;

internal static class DashboardResults
{
    public static IResult Html(Markup page, int status = StatusCodes.Status200OK) =>
        Results.Content(page.Value, "text/html; charset=utf-8", Encoding.UTF8, status);

    /// <summary>303 See Other: after an action's POST the browser GETs the page (a reload does not post again).</summary>
    public static IResult SeeOther(string location) => new SeeOtherResult(location);

    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}
