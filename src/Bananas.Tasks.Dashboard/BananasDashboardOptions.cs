namespace Bananas.Tasks.Dashboard;

/// <summary>How <c>MapBananasDashboard</c> serves the dashboard.</summary>
public sealed class BananasDashboardOptions
{
    /// <summary>
    /// The authorization policy a request must satisfy. Null (the default): only local requests are served — the
    /// connection's remote address is loopback and the request carries no forwarding header (<c>X-Forwarded-For</c>,
    /// <c>Forwarded</c>, <c>X-Real-IP</c>, <c>X-Original-For</c>), because a request a local reverse proxy forwarded
    /// comes from someone else. When set, the policy alone decides (the app must add authentication and authorization).
    /// </summary>
    public string? AuthorizationPolicy { get; set; }

    /// <summary>When true, no action is shown and every action request is refused (403). Default false.</summary>
    public bool ReadOnly { get; set; }

    /// <summary>The name in the page title and header. Default <c>Bananas</c>.</summary>
    public string Title { get; set; } = "Bananas";

    /// <summary>How often the overview, route and worker pages refresh their live parts (1 s to 1 min). Default 5 s.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Jobs per page of a listing (1 to 1000). Default 50.</summary>
    public int PageSize { get; set; } = 50;
}
