using System.Text.Encodings.Web;
using Bananas.Tasks.Dashboard.Tests.Infrastructure;
using Bananas.Tasks.Workflows;

namespace Bananas.Tasks.Dashboard.Tests;

/// <summary>The workflow page (docs/workflows.md, docs/dashboard.md) over HTTP: the status view, its links, Cancel.</summary>
public sealed class DashboardWorkflowTests
{
    private static Step<string> Root(string task) => Workflow.Step<string>(task, "{}", new JobOptions { Route = "idle" }, r => r, j => j ?? "");
    private static Step<string> After(IStepInput<string> from, string task) => Workflow.Step<string, string>(from, "input", task, "{}", new JobOptions { Route = "idle" }, r => r, j => j ?? "");

    [Fact]
    public async Task The_workflow_page_shows_every_step_links_each_to_its_job_and_cancels_the_workflow()
    {
        await using var app = await TestApp.StartAsync();
        const string name = "<script>alert(7)</script>";
        var handle = await app.Client.StartWorkflowAsync(After(Root("fetch_feed"), "render_feed"), new WorkflowOptions { Name = name });
        var steps = (await handle.GetAsync())!.StepIds;

        var page = await app.GetAsync("/bananas/workflow/" + handle.Id);
        Assert.Equal(200, page.Status);
        Assert.Contains("running", page.Body);
        Assert.Contains("0 of 2 done, 0 failed", page.Body);
        Assert.Contains("waiting for 1 of 1 parent(s)", page.Body);
        Assert.Contains("fetch_feed", page.Body);
        foreach (var step in steps) Assert.Contains($"href=\"/bananas/job/{step.Value}\"", page.Body);
        Assert.Contains(HtmlEncoder.Default.Encode(name), page.Body);
        Assert.DoesNotContain("<script>alert(7)", page.Body);
        var job = await app.GetAsync("/bananas/job/" + steps[1].Value);
        Assert.Contains($"href=\"/bananas/workflow/{handle.Id}\"", job.Body);

        var posted = await app.SubmitAsync(page, "/bananas/workflow/" + handle.Id + "/cancel");
        Assert.Equal(303, posted.Status);
        Assert.StartsWith($"/bananas/workflow/{handle.Id}?done=Cancelled%20workflow", posted.Location);
        var done = await app.GetAsync(posted.Location!);
        Assert.Contains("Cancelled workflow " + handle.Id, done.Body);
        var record = (await handle.GetAsync())!;
        Assert.Equal(WorkflowStatus.Cancelled, record.Status);
        Assert.All(record.Steps, s => Assert.Equal((JobStatus.Failed, "JobCancelled"), (s.Status, s.ErrorType)));
        Assert.DoesNotContain("Cancel workflow", done.Body); // not running any more: no action
    }

    [Fact]
    public async Task An_unknown_workflow_gets_404_and_a_malformed_id_400_each_with_a_page_that_says_why()
    {
        await using var app = await TestApp.StartAsync();
        var missing = await app.GetAsync("/bananas/workflow/no-such-workflow");
        Assert.Equal(404, missing.Status);
        Assert.Contains("No such workflow", missing.Body);
        var malformed = await app.GetAsync("/bananas/workflow/has%20space");
        Assert.Equal(400, malformed.Status);
        Assert.Contains("is not a workflow id", malformed.Body);
    }
}
