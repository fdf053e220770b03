using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Bananas.Tasks.Admin;
using Bananas.Tasks.Dashboard.Access;
using Bananas.Tasks.Dashboard.Tests.Infrastructure;
using Bananas.Tasks.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bananas.Tasks.Dashboard.Tests;

/// <summary>The safe-by-default rules over HTTP (TestServer, so each test picks the connection's remote address).</summary>
public sealed class DashboardHttpTests
{
    private static readonly string[] Pages = ["/bananas", "/bananas/jobs/pending", "/bananas/jobs/dead", "/bananas/workers", "/bananas/schedules", "/bananas/routes/default"];

    [Fact]
    public async Task A_remote_request_is_refused_on_every_page_and_action()
    {
        await using var app = await TestApp.StartAsync();
        await app.Client.EnqueueAsync("work", "{}");
        foreach (var page in Pages.Append("/bananas/api/throughput").Append("/bananas/assets/dashboard.js"))
        {
            var reply = await app.GetAsync(page, TestApp.Remote);
            Assert.Equal(403, reply.Status);
            Assert.Contains("only local requests", reply.Body);
            Assert.DoesNotContain("work", reply.Body);
        }
        var post = await app.PostAsync("/bananas/routes/default/pause", [], TestApp.Remote);
        Assert.Equal(403, post.Status);
        Assert.Empty(await app.Admin.GetPausedRoutesAsync());

        // a private-range address is not local either; IPv6 loopback is
        Assert.Equal(403, (await app.GetAsync("/bananas", IPAddress.Parse("10.1.2.3"))).Status);
        Assert.Equal(200, (await app.GetAsync("/bananas", IPAddress.IPv6Loopback)).Status);
    }

    [Fact]
    public async Task A_local_request_is_served_under_a_strict_content_security_policy_without_inline_code()
    {
        await using var app = await TestApp.StartAsync();
        await app.Client.EnqueueAsync("work", "{}");
        foreach (var page in Pages)
        {
            var reply = await app.GetAsync(page);
            Assert.Equal(200, reply.Status);
            var csp = reply.Headers.ContentSecurityPolicy.ToString();
            Assert.Equal(SecurityHeaders.ContentSecurityPolicy, csp);
            Assert.Contains("script-src 'self'", csp);
            Assert.Contains("style-src 'self'", csp);
            Assert.DoesNotContain("unsafe", csp);
            Assert.Equal("nosniff", reply.Headers.XContentTypeOptions.ToString());
            Assert.Equal("DENY", reply.Headers.XFrameOptions.ToString());
            // nothing the CSP would block: no inline script, style element or attribute, or event handler attribute
            Assert.DoesNotMatch(new Regex("<script(?![^>]*\\ssrc=)", RegexOptions.IgnoreCase), reply.Body);
            Assert.DoesNotMatch(new Regex("<style|\\sstyle=|\\son[a-z]+=", RegexOptions.IgnoreCase), reply.Body);
            // and no asset from another origin (it works offline)
            Assert.DoesNotMatch(new Regex("(src|href)=\"(https?:)?//", RegexOptions.IgnoreCase), reply.Body);
        }
        var js = await app.GetAsync("/bananas/assets/vendor/htmx/htmx.min.js");
        Assert.Equal(200, js.Status);
        Assert.StartsWith("text/javascript", js.Headers.ContentType.ToString());
        Assert.Contains("Copyright", (await app.GetAsync("/bananas/assets/vendor/uplot/LICENSE")).Body);
    }

    [Fact]
    public async Task A_forwarding_header_never_opens_it_whatever_address_it_names()
    {
        await using var app = await TestApp.StartAsync();
        // a remote client claiming to be local
        foreach (var header in LocalRequestRule.ForwardingHeaders)
            Assert.Equal(403, (await app.GetAsync("/bananas", TestApp.Remote, (header, "127.0.0.1"))).Status);
        // a proxy on this machine forwarding someone else's request
        var proxied = await app.GetAsync("/bananas", TestApp.Loopback, ("X-Forwarded-For", "198.51.100.4"));
        Assert.Equal(403, proxied.Status);
        Assert.Contains("X-Forwarded-For", proxied.Body);

        // with the forwarded-headers middleware trusting the local proxy, a spoofed loopback address is still refused
        await using var forwarded = await TestApp.StartAsync(pipeline: a => a.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor }));
        Assert.Equal(403, (await forwarded.GetAsync("/bananas", TestApp.Loopback, ("X-Forwarded-For", "127.0.0.1"))).Status);
        Assert.Equal(403, (await forwarded.GetAsync("/bananas", TestApp.Remote, ("X-Forwarded-For", "127.0.0.1"))).Status);
        Assert.Equal(200, (await forwarded.GetAsync("/bananas", TestApp.Loopback)).Status);
    }

    [Fact]
    public async Task An_authorization_policy_decides_in_place_of_the_address()
    {
        await using var app = await TestApp.StartAsync(
            dashboard: o => o.AuthorizationPolicy = "operators",
            services: (b, _) =>
            {
                b.Services.AddAuthentication(HeaderAuthentication.SchemeName).AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.SchemeName, null);
                b.Services.AddAuthorization(o => o.AddPolicy("operators", p => p.RequireRole("ops")));
            });
        Assert.Equal(401, (await app.GetAsync("/bananas", TestApp.Remote)).Status);
        Assert.Equal(401, (await app.GetAsync("/bananas", TestApp.Loopback)).Status); // the policy, not the address
        Assert.Equal(403, (await app.GetAsync("/bananas", TestApp.Remote, (HeaderAuthentication.Header, "guest"))).Status);
        var ok = await app.GetAsync("/bananas", TestApp.Remote, (HeaderAuthentication.Header, "ops"));
        Assert.Equal(200, ok.Status);
        Assert.Contains("Overview", ok.Body);
        // even through a proxy: the policy is the rule now
        Assert.Equal(200, (await app.GetAsync("/bananas/workers", TestApp.Remote, (HeaderAuthentication.Header, "ops"), ("X-Forwarded-For", "198.51.100.4"))).Status);
        Assert.Equal(401, (await app.PostAsync("/bananas/routes/default/pause", [], TestApp.Remote)).Status);
        Assert.Empty(await app.Admin.GetPausedRoutesAsync());
    }

    [Fact]
    public async Task An_action_without_a_valid_antiforgery_token_is_refused_and_changes_nothing()
    {
        await using var app = await TestApp.StartAsync();
        await app.Client.EnqueueAsync("work", "{}");
        var page = await app.GetAsync("/bananas");
        Assert.NotNull(page.FormToken);

        var none = await app.PostAsync("/bananas/routes/default/pause", [("return", "/")]);
        Assert.Equal(400, none.Status);
        Assert.Contains("antiforgery token is missing or invalid", none.Body);
        var tokenWithoutCookie = await app.PostAsync("/bananas/routes/default/pause", [("__RequestVerificationToken", page.FormToken!)]);
        Assert.Equal(400, tokenWithoutCookie.Status);
        var forged = await app.PostAsync("/bananas/routes/default/pause", [("__RequestVerificationToken", "forged")], TestApp.Loopback, ("Cookie", page.Cookies));
        Assert.Equal(400, forged.Status);
        Assert.Empty(await app.Admin.GetPausedRoutesAsync());
        // an action is never a GET
        Assert.Equal(405, (await app.GetAsync("/bananas/routes/default/pause")).Status);
        Assert.Empty(await app.Admin.GetPausedRoutesAsync());

        // the page's own form works, and redirects back with the outcome
        var done = await app.SubmitAsync(page, "/bananas/routes/default/pause", ("return", "/"));
        Assert.Equal(303, done.Status);
        Assert.StartsWith("/bananas/?done=Paused%20route%20default", done.Location);
        Assert.Equal([RoutingKey.Default], await app.Admin.GetPausedRoutesAsync());
        var after = await app.GetAsync(done.Location!);
        Assert.Contains("Paused route default: workers skip it on their next fetch.", after.Body);
        Assert.Contains("status-paused", after.Body);

        // a return path that leaves the dashboard is ignored (no open redirect)
        var away = await app.SubmitAsync(page, "/bananas/routes/default/resume", ("return", "//evil.example/x"));
        Assert.StartsWith("/bananas/?done=Resumed", away.Location);
    }

    [Fact]
    public async Task Read_only_mode_shows_no_action_and_refuses_every_one_even_with_a_valid_token()
    {
        await using var app = await TestApp.StartAsync(dashboard: o => o.ReadOnly = true, services: (_, b) => b.AddTask("explode", Throws("boom")).AddWorker(o => o.RegistrationInterval = TimeSpan.FromMilliseconds(200)));
        var dead = await DeadJobAsync(app, "explode");
        var pending = await app.Client.EnqueueAsync("work", "{}", new JobOptions { Route = "idle" });
        foreach (var page in Pages.Append("/bananas/job/" + dead.Value).Append("/bananas/job/" + pending.Value).Append("/bananas/jobs/dead?route=default"))
        {
            var reply = await app.GetAsync(page);
            Assert.Equal(200, reply.Status);
            Assert.DoesNotContain("method=\"post\"", reply.Body);
            Assert.DoesNotContain("__RequestVerificationToken", reply.Body);
            Assert.Contains("read-only", reply.Body);
        }

        var (cookie, token) = app.IssueAntiforgery();
        (string Path, (string, string)[] Form)[] actions =
        [
            ("/bananas/routes/default/pause", []),
            ("/bananas/job/" + dead.Value + "/requeue", []),
            ("/bananas/job/" + dead.Value + "/delete", []),
            ("/bananas/job/" + pending.Value + "/cancel", []),
            ("/bananas/dead/selected", [("action", "requeue"), ("id", dead.Value)]),
            ("/bananas/dead/requeue-all", []),
            ("/bananas/dead/delete-all", []),
        ];
        foreach (var (path, form) in actions)
        {
            var reply = await app.PostAsync(path, [("__RequestVerificationToken", token), .. form], TestApp.Loopback, ("Cookie", cookie));
            Assert.Equal(403, reply.Status);
            Assert.Contains("read-only", reply.Body);
        }
        Assert.Empty(await app.Admin.GetPausedRoutesAsync());
        Assert.Equal(1, (await app.Admin.GetOverviewAsync()).Dead);
        Assert.Equal(JobStatus.Pending, await app.Admin.GetStatusAsync(pending));

        // the same token is accepted by a dashboard that is not read-only: the refusal above was the mode
        await using var writable = await TestApp.StartAsync();
        var (c2, t2) = writable.IssueAntiforgery();
        Assert.Equal(303, (await writable.PostAsync("/bananas/routes/default/pause", [("__RequestVerificationToken", t2)], TestApp.Loopback, ("Cookie", c2))).Status);
    }

    [Fact]
    public async Task Attacker_controlled_names_payloads_and_errors_render_as_text()
    {
        const string name = "<script>alert(1)</script>";
        const string error = "<img src=x onerror=alert(2)>";
        await using var app = await TestApp.StartAsync(services: (_, b) => b.AddTask(name, Throws(error)).AddWorker(o => o.RegistrationInterval = TimeSpan.FromMilliseconds(200)));
        var id = await DeadJobAsync(app, name, """{"to":"</pre><script>alert(3)</script>","note":"\" onmouseover=\"alert(4)"}""");
        var search = Uri.EscapeDataString("<script>");
        foreach (var page in new[] { "/bananas", "/bananas/job/" + id.Value, "/bananas/jobs/dead", "/bananas/jobs/failed", "/bananas/jobs/dead?q=" + search, "/bananas/jobs/dead?task=" + Uri.EscapeDataString(name) })
        {
            var reply = await app.GetAsync(page);
            Assert.Equal(200, reply.Status);
            Assert.DoesNotContain("<script>alert", reply.Body);
            Assert.DoesNotContain("<img", reply.Body);
            Assert.DoesNotContain("\" onmouseover", reply.Body);
            Assert.DoesNotContain("</pre><script", reply.Body);
        }
        var job = await app.GetAsync("/bananas/job/" + id.Value);
        Assert.Contains(HtmlEncoder.Default.Encode(name), job.Body);
        Assert.Contains(HtmlEncoder.Default.Encode(error), job.Body);
        Assert.Contains(HtmlEncoder.Default.Encode("</pre><script>alert(3)</script>"), job.Body);
        Assert.Contains(HtmlEncoder.Default.Encode(name), (await app.GetAsync("/bananas/jobs/dead?q=" + search)).Body);
    }

    [Fact]
    public async Task The_job_page_shows_the_last_progress_report_as_text()
    {
        const string step = "<script>alert(5)</script>";
        await using var app = await TestApp.StartAsync(services: (_, b) => b.AddTask("reporting", ctx =>
        {
            ctx.CreateProgress<string>(s => "\"" + s + "\"").Report(step); // JSON text that keeps the markup as it is
            throw new InvalidOperationException("after the report");
        }).AddWorker(o => o.RegistrationInterval = TimeSpan.FromMilliseconds(200)));
        var id = await DeadJobAsync(app, "reporting");

        var job = await app.GetAsync("/bananas/job/" + id.Value);

        Assert.Equal(200, job.Status);
        Assert.Contains("<dt>progress</dt>", job.Body);
        Assert.Contains(HtmlEncoder.Default.Encode("\"" + step + "\""), job.Body);
        Assert.DoesNotContain("<script>alert", job.Body);
        var pending = await app.Client.EnqueueAsync("work", "{}", new JobOptions { Route = "idle" });
        var body = (await app.GetAsync("/bananas/job/" + pending.Value)).Body;
        string Field(string name) => System.Text.RegularExpressions.Regex.Match(body, $"<dt>{name}</dt><dd class=\"mono\">([^<]*)</dd>").Groups[1].Value;
        Assert.NotEmpty(Field("progress"));
        Assert.Equal(Field("waiting on"), Field("progress")); // the same "none" dash: never reported
    }

    [Fact]
    public async Task The_job_list_shows_the_last_progress_report_as_text()
    {
        const string step = "<img src=x onerror=alert(6)>";
        await using var app = await TestApp.StartAsync(services: (_, b) => b.AddTask("reporting", ctx =>
        {
            ctx.CreateProgress<string>(s => "\"" + s + "\"").Report(step);
            throw new InvalidOperationException("after the report");
        }).AddWorker(o => o.RegistrationInterval = TimeSpan.FromMilliseconds(200)));
        var id = await DeadJobAsync(app, "reporting");

        var dead = await app.GetAsync("/bananas/jobs/dead");

        Assert.Equal(200, dead.Status);
        Assert.Contains(id.Value, dead.Body);
        Assert.Contains("<th>progress</th>", dead.Body);
        Assert.Contains(HtmlEncoder.Default.Encode("\"" + step + "\""), dead.Body);
        Assert.DoesNotContain("<img src=x", dead.Body);
        // A listing where no job has reported has no progress column.
        await app.Client.EnqueueAsync("work", "{}", new JobOptions { Route = "idle" });
        var pending = await app.GetAsync("/bananas/jobs/pending");
        Assert.Equal(200, pending.Status);
        Assert.Contains("<th>attempts</th>".Replace("<th>", "<th class=\"num\">"), pending.Body);
        Assert.DoesNotContain("<th>progress</th>", pending.Body);
    }

    [Fact]
    public async Task Bad_parameters_get_a_designed_page_that_names_the_problem()
    {
        await using var app = await TestApp.StartAsync();
        var badTask = await app.GetAsync("/bananas/jobs/pending?task=" + Uri.EscapeDataString("two words"));
        Assert.Equal(400, badTask.Status);
        Assert.Contains("The task filter is not a task name", badTask.Body);
        Assert.Equal(400, (await app.GetAsync("/bananas/jobs/pending?route=" + Uri.EscapeDataString("no/slash"))).Status);
        Assert.Equal(400, (await app.GetAsync("/bananas/jobs/pending?priority=urgent")).Status);
        var cursor = await app.GetAsync("/bananas/jobs/dead?cursor=not-a-cursor");
        Assert.Equal(400, cursor.Status);
        Assert.Contains("is not a cursor of this API", cursor.Body);
        var state = await app.GetAsync("/bananas/jobs/sleeping");
        Assert.Equal(404, state.Status);
        Assert.Contains("pending, scheduled, processing, dead, completed or failed", state.Body);
        var missing = await app.GetAsync("/bananas/job/" + JobId.New().Value);
        Assert.Equal(404, missing.Status);
        Assert.Contains("No such job", missing.Body);
        // empty states are designed, not blank
        Assert.Contains("The dead letter queue is empty", (await app.GetAsync("/bananas/jobs/dead")).Body);
        Assert.Contains("No live worker", (await app.GetAsync("/bananas/workers")).Body);
        Assert.Contains("No routes yet", (await app.GetAsync("/bananas")).Body);
        Assert.Contains("Loading chart", (await app.GetAsync("/bananas")).Body);
    }

    [Fact]
    public void Credentials_are_removed_from_texts_the_dashboard_did_not_write()
    {
        Assert.Equal("It was not possible to connect: host:6379,password=***,ssl=False", Rendering.Secrets.Redact("It was not possible to connect: host:6379,password=hunter2,ssl=False"));
        Assert.Equal("redis://***@cache:6379/0 refused", Rendering.Secrets.Redact("redis://admin:hunter2@cache:6379/0 refused"));
        Assert.DoesNotContain("hunter2", Rendering.Secrets.Redact("user=admin;pwd=hunter2"));
    }

    [Fact]
    public async Task Mapping_without_its_services_or_with_bad_options_fails_with_what_to_do()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddBananas().UseInMemory();
        await using var app = builder.Build();
        var missing = Assert.Throws<InvalidOperationException>(() => app.MapBananasDashboard());
        Assert.Contains("AddBananasDashboard()", missing.Message);


        var withServices = WebApplication.CreateBuilder();
        withServices.Logging.ClearProviders();
        withServices.Services.AddBananas().UseInMemory();
        withServices.Services.AddBananasDashboard();
        await using var app2 = withServices.Build();
        Assert.Contains("expected a path such as /bananas", Assert.Throws<ArgumentException>(() => app2.MapBananasDashboard("bananas")).Message);
        Assert.Throws<ArgumentException>(() => app2.MapBananasDashboard("/"));
        Assert.Contains("PageSize", Assert.Throws<ArgumentException>(() => app2.MapBananasDashboard("/b", o => o.PageSize = 0)).Message);
        Assert.Contains("RefreshInterval", Assert.Throws<ArgumentException>(() => app2.MapBananasDashboard("/b", o => o.RefreshInterval = TimeSpan.Zero)).Message);
    }

    // ----- helpers -----

    private static Registration.TaskInvoker Throws(string message) => _ => throw new InvalidOperationException(message);

    /// <summary>Enqueues a job of <paramref name="task"/> (which throws) without retries and waits until the worker dead-letters it.</summary>
    private static async Task<JobId> DeadJobAsync(TestApp app, string task, string payload = "{}")
    {
        var id = await app.Client.EnqueueAsync(task, payload, new JobOptions { MaxRetries = 0 });
        await Eventually.HoldsAsync(async () => (await app.Admin.GetOverviewAsync()).Dead >= 1, "the job to be dead-lettered");
        return id;
    }
}

/// <summary>A test authentication scheme: the <c>X-Test-Role</c> header names the caller's role (no header: anonymous).</summary>
internal sealed class HeaderAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "TestHeader";
    public const string Header = "X-Test-Role";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var role)) return Task.FromResult(AuthenticateResult.NoResult());
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "tester"), new Claim(ClaimTypes.Role, role.ToString())], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
