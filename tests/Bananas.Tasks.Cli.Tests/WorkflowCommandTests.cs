using System.Text.Json;
using Bananas.Tasks.Workflows;

namespace Bananas.Tasks.Cli.Tests;

/// <summary><c>bananas workflow &lt;id&gt;</c> over workflows a real hosted worker ran: the status view, text and JSON.</summary>
public sealed class WorkflowCommandTests
{
    private static Step<string> Ok(string payload) => Workflow.Step<string>("ok", payload, new JobOptions { Route = "wf" }, r => r, j => j ?? "");
    private static Step<string> OkAfter<T>(IStepInput<T> from) => Workflow.Step<T, string>(from, "input", "ok", "{}", new JobOptions { Route = "wf" }, r => r, j => j ?? "");
    private static Step<string> Boom(IStepInput<string> from) => Workflow.Step<string, string>(from, "input", "boom", "{}", new JobOptions { Route = "wf", MaxRetries = 0 }, r => r, j => j ?? "");

    [Fact]
    public async Task A_completed_join_shows_every_step_with_its_input_and_the_counts()
    {
        await using var d = await Deployment.CreateAsync();
        await d.StartWorkerAsync("wf");
        var handle = await d.Client.StartWorkflowAsync(OkAfter(Workflow.All(Ok("{\"n\":1}"), Ok("{\"n\":2}"))), new WorkflowOptions { Name = "pair" });
        Assert.Equal("{\"echo\":{\"input\":[{\"echo\":{\"n\":1}},{\"echo\":{\"n\":2}}]}}", await handle.WaitAsync(TimeSpan.FromSeconds(20)));

        var text = await d.RunAsync("workflow", handle.Id);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("pair", text.Out);
        Assert.Contains("completed", text.Out);
        Assert.Contains("3 of 3 done, 0 failed", text.Out);
        Assert.Contains("join of 2", text.Out);

        var json = (await d.RunAsync("workflow", handle.Id, "--json")).Json();
        Assert.Equal(("completed", 3, 3), (json.GetProperty("status").GetString(), json.GetProperty("total").GetInt32(), json.GetProperty("done").GetInt32()));
        var steps = json.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(3, steps.Count);
        Assert.All(steps, s => Assert.Equal("completed", s.GetProperty("status").GetString()));
        Assert.Equal(2, steps[2].GetProperty("parents").GetInt32());
    }

    [Fact]
    public async Task A_failed_workflow_shows_the_failed_step_and_the_cancelled_ones_and_an_unknown_id_exits_not_found()
    {
        await using var d = await Deployment.CreateAsync();
        await d.StartWorkerAsync("wf");
        var handle = await d.Client.StartWorkflowAsync(OkAfter(Boom(Ok("{}"))));
        var failed = await Assert.ThrowsAsync<JobFailedException>(() => handle.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("JobCancelled", failed.Message);

        var json = (await d.RunAsync("workflow", handle.Id, "--json")).Json();
        Assert.Equal(("failed", 1), (json.GetProperty("status").GetString(), json.GetProperty("failed").GetInt32()));
        var boom = json.GetProperty("step_ids")[1].GetString();
        Assert.Equal(boom, json.GetProperty("failed_step").GetString());
        var text = await d.RunAsync("workflow", handle.Id);
        Assert.Contains("InvalidOperationException: boom", text.Out);
        Assert.Contains("JobCancelled: cancelled: workflow", text.Out);

        var missing = await d.RunAsync("workflow", "no-such-workflow");
        Assert.Equal(ExitCodes.NotFound, missing.ExitCode);
        Assert.Contains("No workflow 'no-such-workflow'", missing.Error);
    }
}
