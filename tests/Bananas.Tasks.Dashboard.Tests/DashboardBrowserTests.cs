using Bananas.Tasks.Admin;
using Bananas.Tasks.Dashboard.Tests.Infrastructure;
using Dashboard;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Bananas.Tasks.Dashboard.Tests;

/// <summary>
/// End to end in headless chromium against samples/Dashboard on real Redis (Kestrel on a loopback port): what a person
/// sees and clicks. Also takes the screenshots of docs/images (with <c>BANANAS_SCREENSHOTS=docs/images</c>).
/// </summary>
[Trait("Category", "Browser")]
public sealed class DashboardBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_overview_shows_jobs_in_several_states_and_a_dead_job_requeued_from_its_page_runs()
    {
        await using var app = await SampleApp.OnRedisAsync();
        app.UseKestrel(0);
        app.StartServer();
        var gateway = app.Services.GetRequiredService<PaymentGateway>();

        // jobs in several states: dead (gateway down), pending (no worker serves reports), scheduled, completed
        gateway.IsDown = true;
        var charge = await ChargeCard.EnqueueAsync(app.Client, "acme", 4200, "4111111111111111");
        await Eventually.HoldsAsync(async () => (await app.Admin.GetOverviewAsync()).Dead == 1, "the charge to be dead-lettered");
        gateway.IsDown = false;
        for (int i = 0; i < 3; i++) await BuildReport.EnqueueAsync(app.Client, $"monthly-{i}");
        await ResizeImage.EnqueueAsync(app.Client, "https://img.example/later.png", 1024, new JobOptions { Delay = TimeSpan.FromMinutes(30) });
        var done = new List<Client.JobHandle<Thumbnail>>();
        for (int i = 0; i < 6; i++) done.Add(await ResizeImage.EnqueueAsync(app.Client, $"https://img.example/cat-{i}.png", 320));
        foreach (var h in done) await h.WaitAsync(TimeSpan.FromSeconds(30));
        await Eventually.HoldsAsync(async () => (await app.Admin.GetThroughputAsync()).Minutes.Sum(m => m.Processed) >= 7, "the worker to write its throughput counters");

        var page = await NewPageAsync(app);
        var cspViolations = new List<string>();
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) cspViolations.Add(m.Text); };
        await page.GotoAsync("/bananas");
        Assert.Equal("3", await Card(page, "pending").InnerTextAsync());
        Assert.Equal("1", await Card(page, "dead").InnerTextAsync());
        Assert.Equal("1", await Card(page, "scheduled").InnerTextAsync());
        var workers = await app.Admin.ListWorkersAsync();
        Assert.True(await Card(page, "live workers").InnerTextAsync() == "1", "live workers: " + string.Join("; ", workers.Select(w => $"{w.Id} started {w.StartedAt:O} beat {w.LastHeartbeat:O}")));
        await Expect(page.Locator("table.routes tr", new() { HasText = "reports" })).ToContainTextAsync("3");
        await Expect(page.Locator(".chart[data-drawn=true]")).ToHaveCountAsync(2); // both uPlot charts drew under the CSP
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("dashboard-overview.png"), FullPage = true });

        // live: a new job shows up without a reload (htmx refreshes the overview)
        await BuildReport.EnqueueAsync(app.Client, "extra");
        await Expect(Card(page, "pending")).ToHaveTextAsync("4", new() { Timeout = 15_000 });

        // open the dead job from the dead letter list
        await page.GetByRole(AriaRole.Link, new() { Name = "Dead", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = charge.Id.Value }).ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync(charge.Id.Value);
        await Expect(page.Locator("pre.json").First).ToContainTextAsync("\"cardNumber\": \"[redacted]\"");
        Assert.DoesNotContain("4111111111111111", await page.ContentAsync());
        await Expect(page.Locator("pre.error-text").First).ToContainTextAsync("payment gateway unavailable");
        await Expect(page.Locator("ol.timeline")).ToContainTextAsync("failed");
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("dashboard-job.png"), FullPage = true });

        // requeue it: it runs again (the gateway is back) and completes
        await page.GetByRole(AriaRole.Button, new() { Name = "Requeue" }).ClickAsync();
        await Expect(page.Locator(".notice")).ToContainTextAsync("Requeued job " + charge.Id.Value);
        await Eventually.HoldsAsync(async () =>
        {
            await page.ReloadAsync();
            return (await page.Locator("h1 .status").InnerTextAsync()) == "completed";
        }, "the requeued job to complete");
        await Expect(page.Locator("pre.json").Nth(1)).ToContainTextAsync("charged acme 4200 cents on card ending 1111");
        Assert.Equal(0, (await app.Admin.GetOverviewAsync()).Dead);
        Assert.Empty(cspViolations);
    }

    [Fact]
    public async Task A_route_paused_from_the_overview_is_skipped_by_workers_until_it_is_resumed()
    {
        await using var app = await SampleApp.OnRedisAsync();
        app.UseKestrel(0);
        app.StartServer();
        var warmup = await ResizeImage.EnqueueAsync(app.Client, "https://img.example/warmup.png", 100);
        await warmup.WaitAsync(TimeSpan.FromSeconds(30));

        var page = await NewPageAsync(app);
        await page.GotoAsync("/bananas");
        var images = page.Locator("table.routes tr", new() { HasText = "images" });
        await images.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        await Expect(page.Locator(".notice")).ToContainTextAsync("Paused route images");
        await Expect(images.Locator(".status")).ToHaveTextAsync("paused");
        Assert.Equal([RoutingKey.Parse("images")], await app.Admin.GetPausedRoutesAsync());

        // a job on the paused route waits: the worker (which serves images) skips it on every fetch
        var waiting = await ResizeImage.EnqueueAsync(app.Client, "https://img.example/while-paused.png", 200);
        var other = await SendEmail.EnqueueAsync(app.Client, "ops@example.com", "still served", "tok_live_other");
        await other.WaitForCompletionAsync(TimeSpan.FromSeconds(30)); // the worker is alive and fetching other routes
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(JobStatus.Pending, await app.Admin.GetStatusAsync(waiting.Id));
        await page.GetByRole(AriaRole.Link, new() { Name = "images", Exact = true }).ClickAsync();
        await Expect(page.Locator(".notice.warn")).ToContainTextAsync("This route is paused");
        await Expect(page.Locator("table.jobs")).ToContainTextAsync(waiting.Id.Value);

        // resume from the route page: the job runs
        await page.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();
        await Expect(page.Locator(".notice")).ToContainTextAsync("Resumed route images");
        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        await page.ReloadAsync();
        await Expect(page.Locator(".empty")).ToContainTextAsync("Nothing pending");
    }

    private async Task<IPage> NewPageAsync(SampleApp app)
    {
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = app.ClientOptions.BaseAddress.ToString().TrimEnd('/'), ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        page.Dialog += (_, d) => d.AcceptAsync();
        return page;
    }

    private static ILocator Card(IPage page, string label) => page.Locator("a.card", new() { HasText = label }).Locator(".value");

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
