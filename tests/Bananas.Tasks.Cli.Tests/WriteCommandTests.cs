using System.Text.Json;

namespace Bananas.Tasks.Cli.Tests;

/// <summary>enqueue, pause and resume.</summary>
public sealed class WriteCommandTests
{
    [Fact]
    public async Task Enqueue_StoresTheJob_ARealWorkerRunsIt()
    {
        await using var d = await Deployment.CreateAsync();
        var json = (await d.RunAsync("enqueue", "ok", "--payload", "{\"to\":\"a@b.c\"}", "--route", "mail", "--priority", "high", "--max-retries", "1", "--json")).Json();
        var id = JobId.Parse(json.GetProperty("id").GetString()!);
        Assert.Equal("ok", json.GetProperty("task").GetString());
        Assert.Equal("mail", json.GetProperty("route").GetString());
        Assert.Equal("high", json.GetProperty("priority").GetString());
        Assert.Equal("pending", json.GetProperty("status").GetString());
        Assert.Equal(1, json.GetProperty("max_retries").GetInt32());
        Assert.Equal("a@b.c", json.GetProperty("payload").GetProperty("to").GetString());

        await d.StartWorkerAsync("mail");
        await d.WaitForAsync(id, JobStatus.Completed);
        var result = await d.Client.GetResultAsync(id);
        Assert.Equal("{\"echo\":{\"to\":\"a@b.c\"}}", result!.ResultJson);
    }

    [Fact]
    public async Task Enqueue_WithDelay_IsScheduled_TextSaysWhen()
    {
        await using var d = await Deployment.CreateAsync();
        var text = await d.RunAsync("enqueue", "ok", "--delay", "90m");
        Assert.Equal(0, text.ExitCode);
        Assert.Matches(@"^Enqueued job [0-9a-f-]{36}: task ok, route default, priority normal, status scheduled, due \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\.", text.Out);
        var page = await d.Admin.ListJobsAsync(new Admin.JobListQuery { State = Admin.JobListState.Scheduled });
        var due = Assert.Single(page.Jobs).DueAt!.Value;
        Assert.InRange(due, DateTimeOffset.UtcNow.AddMinutes(89), DateTimeOffset.UtcNow.AddMinutes(91));
    }

    [Theory]
    [InlineData("--payload=[1,2]", "JSON object")]
    [InlineData("--payload={nope", "JSON")]
    [InlineData("--delay=soon", "Invalid --delay 'soon'")]
    [InlineData("--priority=urgent", "urgent")]
    [InlineData("--route=a b", "Invalid --route 'a b'")]
    [InlineData("--max-retries=-1", "Invalid --max-retries -1")]
    public async Task Enqueue_BadInput_IsAUsageError_NothingEnqueued(string option, string expected)
    {
        await using var d = await Deployment.CreateAsync();
        var r = await d.RunAsync("enqueue", "ok", option);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(expected, r.Error);
        Assert.Single(r.Error.TrimEnd().Split('\n'));
        Assert.Empty((await d.Admin.GetOverviewAsync()).Routes);
    }

    [Fact]
    public async Task Enqueue_BadTaskName_IsAUsageError()
    {
        await using var d = await Deployment.CreateAsync();
        var r = await d.RunAsync("enqueue", "", "--payload", "{}");
        Assert.Equal(2, r.ExitCode);
        Assert.NotEmpty(r.Error);
    }

    [Fact]
    public async Task PauseAndResume_ShowInQueues_AndStopAWorker()
    {
        await using var d = await Deployment.CreateAsync();
        var paused = await d.RunAsync("pause", "mail");
        Assert.Equal(0, paused.ExitCode);
        Assert.Equal("Paused route 'mail': workers stop fetching its jobs; jobs still enqueue. Resume with 'bananas resume mail'.", paused.Out.TrimEnd());
        Assert.Equal("Route 'mail' was already paused.", (await d.RunAsync("pause", "mail")).Out.TrimEnd());

        await d.StartWorkerAsync("mail");
        var id = await d.EnqueueAsync("ok", "{}", "mail");
        var queues = (await d.RunAsync("queues", "--json")).Json();
        Assert.Equal(["mail"], queues.GetProperty("paused").EnumerateArray().Select(r => r.GetString()));
        Assert.Contains("Paused routes: mail", (await d.RunAsync("queues")).Out);
        await Task.Delay(600);
        Assert.Equal(JobStatus.Pending, (await d.Client.GetJobAsync(id))!.Status);

        var resumed = (await d.RunAsync("resume", "mail", "--json")).Json();
        Assert.Equal(["route", "paused", "changed"], resumed.EnumerateObject().Select(p => p.Name));
        Assert.False(resumed.GetProperty("paused").GetBoolean());
        Assert.True(resumed.GetProperty("changed").GetBoolean());
        await d.WaitForAsync(id, JobStatus.Completed);
        Assert.Equal("Route 'mail' was not paused.", (await d.RunAsync("resume", "mail")).Out.TrimEnd());

        var bad = await d.RunAsync("pause", "not a route");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("Invalid route 'not a route'", bad.Error);
        Assert.Equal(2, (await d.RunAsync("pause")).ExitCode);
    }

    [Fact]
    public async Task EmptyDeployment_ReadCommands_SayThereIsNothing()
    {
        await using var d = await Deployment.CreateAsync();
        Assert.Contains("No routes yet", (await d.RunAsync("queues")).Out);
        Assert.Equal("No live workers.", (await d.RunAsync("workers")).Out.TrimEnd());
        Assert.Equal("No periodic schedules: no scheduler has run under this prefix.", (await d.RunAsync("schedules")).Out.TrimEnd());
        Assert.Equal(0, (await d.RunAsync("schedules", "--json")).Json().GetProperty("schedules").GetArrayLength());
        Assert.Equal(JsonValueKind.Array, (await d.RunAsync("workers", "--json")).Json().GetProperty("workers").ValueKind);
    }
}
