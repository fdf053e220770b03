using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Bananas.Tasks.Admin;
using Bananas.Tasks.Client;
using Bananas.Tasks.Dashboard;
using Bananas.Tasks.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bananas.Tasks.Dashboard.Tests.Infrastructure;

/// <summary>A response of the dashboard: status, headers, body and the cookies it set.</summary>
public sealed record Reply(int Status, string Body, IHeaderDictionary Headers)
{
    public string? Location => Headers.Location.ToString() is { Length: > 0 } l ? l : null;

    /// <summary>The first antiforgery form token of the page.</summary>
    public string? FormToken => Regex.Match(Body, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"") is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>The cookies set, as one <c>Cookie</c> header value.</summary>
    public string Cookies => string.Join("; ", Headers.SetCookie.Select(c => c!.Split(';')[0]));
}

/// <summary>Requests through a TestServer with a chosen remote address (HttpClient cannot set one).</summary>
public static class TestHttp
{
    public static async Task<Reply> SendAsync(TestServer server, string method, string path, IPAddress remote, (string Name, string Value)[] headers, IEnumerable<(string Name, string Value)>? form)
    {
        var context = await server.SendAsync(c =>
        {
            c.Request.Method = method;
            var q = path.IndexOf('?');
            c.Request.Path = q < 0 ? path : path[..q];
            if (q >= 0) c.Request.QueryString = new QueryString(path[q..]);
            c.Connection.RemoteIpAddress = remote;
            foreach (var (name, value) in headers) c.Request.Headers.Append(name, value);
            if (form is not null)
            {
                var body = string.Join("&", form.Select(f => Uri.EscapeDataString(f.Name) + "=" + Uri.EscapeDataString(f.Value)));
                c.Request.ContentType = "application/x-www-form-urlencoded";
                c.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
            }
        });
        using var reader = new StreamReader(context.Response.Body);
        return new Reply(context.Response.StatusCode, await reader.ReadToEndAsync(), context.Response.Headers);
    }

    public static Task<Reply> GetAsync(TestServer server, string path) => SendAsync(server, "GET", path, IPAddress.Loopback, [], null);
}

/// <summary>
/// An ASP.NET Core app with the dashboard on the in-memory engine (or Redis), served by TestServer, so a test chooses the
/// connection's remote address. <see cref="Loopback"/> is a local request; any other address is a remote one.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    public static readonly IPAddress Loopback = IPAddress.Loopback;
    public static readonly IPAddress Remote = IPAddress.Parse("203.0.113.7");

    private readonly WebApplication _app;

    private TestApp(WebApplication app) => _app = app;

    /// <param name="dashboard">Dashboard options.</param>
    /// <param name="services">More services (tasks, a worker, authentication).</param>
    /// <param name="pipeline">Middleware before the dashboard.</param>
    /// <param name="redis">Redis URL and key prefix; null: the in-memory engine.</param>
    public static async Task<TestApp> StartAsync(Action<BananasDashboardOptions>? dashboard = null, Action<WebApplicationBuilder, IBananasBuilder>? services = null, Action<WebApplication>? pipeline = null, (string Url, string Prefix)? redis = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        var bananas = redis is { } r
            ? builder.Services.AddBananas(o => { o.RedisUrl = r.Url; o.Prefix = r.Prefix; })
            : builder.Services.AddBananas().UseInMemory();
        builder.Services.AddBananasDashboard();
        services?.Invoke(builder, bananas);
        var app = builder.Build();
        pipeline?.Invoke(app);
        app.MapBananasDashboard("/bananas", dashboard);
        await app.StartAsync();
        return new TestApp(app);
    }

    public IServiceProvider Services => _app.Services;
    public IBananasAdmin Admin => Services.GetRequiredService<IBananasAdmin>();
    public IBananasClient Client => Services.GetRequiredService<IBananasClient>();

    public Task<Reply> GetAsync(string path, IPAddress? remote = null, params (string Name, string Value)[] headers) =>
        SendAsync("GET", path, remote ?? Loopback, headers, form: null);

    public Task<Reply> PostAsync(string path, IEnumerable<(string Name, string Value)>? form, IPAddress? remote = null, params (string Name, string Value)[] headers) =>
        SendAsync("POST", path, remote ?? Loopback, headers, form ?? []);

    /// <summary>A POST as the page's form would send it: the token field and the antiforgery cookie of <paramref name="page"/>.</summary>
    public Task<Reply> SubmitAsync(Reply page, string action, params (string Name, string Value)[] fields) =>
        PostAsync(action, [("__RequestVerificationToken", page.FormToken ?? throw new InvalidOperationException("the page has no form")), .. fields], Loopback, ("Cookie", page.Cookies));

    /// <summary>A valid token pair made by the app's antiforgery service (for pages that show no form: read-only mode).</summary>
    public (string Cookie, string Token) IssueAntiforgery()
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        var tokens = Services.GetRequiredService<IAntiforgery>().GetTokens(context);
        var cookieName = Services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.Name!;
        return (cookieName + "=" + tokens.CookieToken, tokens.RequestToken!);
    }

    private Task<Reply> SendAsync(string method, string path, IPAddress remote, (string Name, string Value)[] headers, IEnumerable<(string Name, string Value)>? form) =>
        TestHttp.SendAsync(_app.GetTestServer(), method, path, remote, headers, form);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
