using Bananas.Tasks.Dashboard.Tests.Infrastructure;
using Bananas.Tasks.Tests.Infrastructure;
using Dashboard;
using Microsoft.Extensions.DependencyInjection;

namespace Bananas.Tasks.Dashboard.Tests;

/// <summary>samples/Dashboard on real Redis over HTTP: [Sensitive] redaction from the generated registration, no secret in any page.</summary>
public sealed class SampleAppTests
{
    [Fact]
    public async Task A_sensitive_parameter_is_redacted_on_the_job_page_from_the_generated_registration()
    {
        await using var app = await SampleApp.OnRedisAsync();
        var handle = await ChargeCard.EnqueueAsync(app.Client, "acme", 4200, "4111111111111111");
        var result = await handle.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("charged acme 4200 cents on card ending 1111", result);

        var page = await TestHttp.GetAsync(app.Server, "/bananas/job/" + handle.Id.Value);
        Assert.Equal(200, page.Status);
        Assert.Contains("&quot;cardNumber&quot;: &quot;[redacted]&quot;", page.Body);
        Assert.Contains("&quot;customer&quot;: &quot;acme&quot;", page.Body);
        Assert.Contains("Redacted [Sensitive] parameters: cardNumber.", page.Body);
        Assert.DoesNotContain("4111111111111111", page.Body);
        Assert.Contains("status-completed", page.Body);

        // the stored payload still holds it (redaction is for people, not encryption)
        var stored = await app.Admin.GetJobAsync(handle.Id);
        Assert.Contains("4111111111111111", stored!.Job.Payload);
    }

    [Fact]
    public async Task No_page_shows_the_redis_password()
    {
        const string password = "s3cret-Pa55-for-the-dashboard";
        await using var redis = new RedisProcess(persistent: false, "--requirepass", password);
        await redis.StartAsync();
        await using var app = await SampleApp.OnRedisAsync(demoJobs: true, redisUrl: $"redis://default:{password}@127.0.0.1:{redis.Port}");
        await Eventually.HoldsAsync(async () => (await app.Admin.GetOverviewAsync()).Dead >= 2, "the demo's dead jobs");
        var dead = await app.Admin.ListJobsAsync(new Admin.JobListQuery { State = Admin.JobListState.Dead });
        var pages = new List<string> { "/bananas", "/bananas/workers", "/bananas/schedules", "/bananas/api/throughput", "/bananas/routes/email" };
        pages.AddRange(new[] { "pending", "scheduled", "processing", "dead", "completed", "failed" }.Select(s => "/bananas/jobs/" + s));
        pages.AddRange(dead.Jobs.Select(j => "/bananas/job/" + j.Job.Id.Value));
        foreach (var path in pages)
        {
            var page = await TestHttp.GetAsync(app.Server, path);
            Assert.Equal(200, page.Status);
            Assert.DoesNotContain(password, page.Body);
            Assert.DoesNotContain("tok_live", page.Body); // the demo's [Sensitive] API tokens
        }
        Assert.Contains(">redis<", (await TestHttp.GetAsync(app.Server, "/bananas")).Body);
    }
}
