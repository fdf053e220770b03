using Bananas.Tasks.Admin;
using Bananas.Tasks.Dashboard.Rendering;
using Bananas.Tasks.Registration;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Bananas.Tasks.Dashboard;

/// <summary>What a page handler needs: the admin API, the task registry, the options and this request's base path and form token.</summary>
internal sealed class DashboardContext
{
    private readonly IEnumerable<TaskSensitiveParameters> _sensitive;
    private AntiforgeryTokenSet? _tokens;

    public DashboardContext(HttpContext http, BananasDashboardOptions options, string prefix)
    {
        Http = http;
        Options = options;
        Base = http.Request.PathBase.Value + prefix;
        Admin = http.RequestServices.GetRequiredService<IBananasAdmin>();
        Registry = http.RequestServices.GetService<TaskRegistry>() ?? new TaskRegistry();
        _sensitive = http.RequestServices.GetServices<TaskSensitiveParameters>();
        Now = (http.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();
    }

    public HttpContext Http { get; }
    public BananasDashboardOptions Options { get; }
    public IBananasAdmin Admin { get; }
    public TaskRegistry Registry { get; }
    public DateTimeOffset Now { get; }
    public CancellationToken Aborted => Http.RequestAborted;

    /// <summary>The task's [Sensitive] parameters, as the generated registration recorded them.</summary>
    public IReadOnlyList<string> SensitiveParameters(string taskName) => _sensitive.Of(taskName);

    /// <summary>The dashboard's root path, with the app's path base (<c>/bananas</c>).</summary>
    public string Base { get; }

    /// <summary>A path under the dashboard, <paramref name="path"/> starting with a slash.</summary>
    public string Url(string path) => Base + path;

    /// <summary>A path under the dashboard with query parameters (null values left out), each URL-escaped.</summary>
    public string Url(string path, params (string Name, string? Value)[] query)
    {
        var parts = query.Where(q => !string.IsNullOrEmpty(q.Value)).Select(q => q.Name + "=" + Uri.EscapeDataString(q.Value!)).ToList();
        return Base + path + (parts.Count == 0 ? "" : "?" + string.Join("&", parts));
    }

    /// <summary>The hidden antiforgery field of a form (stores the cookie token on first use).</summary>
    public Markup AntiforgeryField()
    {
        _tokens ??= Http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(Http);
        return Markup.H($"""<input type="hidden" name="{_tokens.FormFieldName}" value="{_tokens.RequestToken}">""");
    }

    /// <summary>A form posting to an action, with its token; nothing in read-only mode.</summary>
    public Markup ActionForm(string path, string label, Markup fields = default, string css = "button", string? confirm = null)
    {
        if (Options.ReadOnly) return Markup.Empty;
        var confirmAttr = confirm is null ? Markup.Empty : Markup.H($""" data-confirm="{confirm}" """);
        return Markup.H($"""<form method="post" action="{Url(path)}" class="inline"{confirmAttr}>{AntiforgeryField()}<input type="hidden" name="return" value="{ReturnPath()}">{fields}<button type="submit" class="{css}">{label}</button></form>""");
    }

    /// <summary>Where an action started, relative to the dashboard (a live fragment stands for its page), without the last notice.</summary>
    public string ReturnPath()
    {
        var path = Http.Request.Path.Value ?? "/";
        var prefix = Base[Http.Request.PathBase.Value!.Length..];
        var relative = path.StartsWith(prefix, StringComparison.Ordinal) ? path[prefix.Length..] : "/";
        relative = relative switch
        {
            "" or "/fragments/overview" => "/",
            "/fragments/workers" => "/workers",
            _ => relative,
        };
        var query = Http.Request.Query.Where(q => q.Key is not ("done" or "ok")).Select(q => q.Key + "=" + Uri.EscapeDataString(q.Value.ToString())).ToList();
        return relative + (query.Count == 0 ? "" : "?" + string.Join("&", query));
    }
}
