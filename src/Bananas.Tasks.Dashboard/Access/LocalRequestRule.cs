using System.Net;
using Microsoft.AspNetCore.Http;

namespace Bananas.Tasks.Dashboard.Access;

/// <summary>
/// The default access rule (no authorization policy): the connection comes from a loopback address and carries no
/// forwarding header. Headers never open the dashboard: a request forwarded by a proxy on this machine is someone else's
/// request, so a forwarding header closes it, whatever address it names.
/// </summary>
internal static class LocalRequestRule
{
    /// <summary>Headers that say a proxy forwarded the request (the last one is what the forwarded-headers middleware leaves after rewriting the address).</summary>
    public static readonly string[] ForwardingHeaders = ["X-Forwarded-For", "Forwarded", "X-Real-IP", "X-Original-For"];

    /// <summary>Null when the request may see the dashboard, else why not (shown on the 403 page).</summary>
    public static string? Refusal(HttpContext context)
    {
        var remote = context.Connection.RemoteIpAddress;
        if (remote is null || !IPAddress.IsLoopback(remote))
            return "The Bananas dashboard answers only local requests (from a loopback address) unless the app passes an authorization policy: app.MapBananasDashboard(\"/bananas\", o => o.AuthorizationPolicy = \"…\").";
        foreach (var header in ForwardingHeaders)
            if (context.Request.Headers.ContainsKey(header))
                return $"The request carries a {header} header: it was forwarded by a proxy, so it is not a local request. Pass an authorization policy to serve the dashboard through a proxy.";
        return null;
    }
}
