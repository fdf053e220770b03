using System.Text;
using Bananas.Tasks.Dashboard.Rendering;
using Microsoft.AspNetCore.Http;

namespace Bananas.Tasks.Dashboard;

internal static class DashboardResults
{
    public static IResult Html(Markup page, int status = StatusCodes.Status200OK) =>
        Results.Content(page.Value, "text/html; charset=utf-8", Encoding.UTF8, status);
}
