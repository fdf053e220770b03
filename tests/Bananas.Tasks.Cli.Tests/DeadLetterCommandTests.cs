namespace Bananas.Tasks.Cli.Tests;

/// <summary>dead requeue / delete / purge, each on its own deployment with dead jobs a real worker made.</summary>
public sealed class DeadLetterCommandTests
{
    [Fact]
    public async Task Requeue_One_MovesItBackToPending_UnknownIsNotFound()
    {
        await using var d = await Deployment.CreateAsync();
        var ids = await d.MakeDeadAsync(2);
        var r = await d.RunAsync("dead", "requeue", ids[0].Value);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal($"Requeued dead job {ids[0]}.", r.Out.TrimEnd());
        var job = await d.Client.GetJobAsync(ids[0]);
        Assert.Equal(JobStatus.Pending, job!.Status);
        Assert.Equal(0, job.Attempts);

        var again = await d.RunAsync("dead", "requeue", ids[0].Value);
        Assert.Equal(1, again.ExitCode);
        Assert.Equal($"Job '{ids[0]}' is not in the dead letter queue under prefix '{d.Prefix}'.", again.Error.TrimEnd());

        var json = (await d.RunAsync("dead", "requeue", ids[1].Value, "--json")).Json();
        Assert.Equal(ids[1].Value, json.GetProperty("id").GetString());
        Assert.True(json.GetProperty("requeued").GetBoolean());
    }

    [Fact]
    public async Task Requeue_Bulk_NeedsConfirmation_ThenTakesTheSelection()
    {
        await using var d = await Deployment.CreateAsync();
        var work = await d.MakeDeadAsync(3, "work");
        var other = await d.MakeDeadAsync(2, "other");

        var refused = await d.RunAsync("dead", "requeue", "--route", "work");
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal("Refusing to requeue the 3 dead jobs of route 'work' without confirmation: standard input is not a terminal, so pass --yes to confirm.", refused.Error.TrimEnd());
        Assert.Equal(5, (await d.Admin.GetOverviewAsync()).Dead);

        var byRoute = (await d.RunAsync("dead", "requeue", "--route", "work", "--yes", "--json")).Json();
        Assert.Equal(["action", "route", "task", "requeued", "skipped", "scanned", "batches"], byRoute.EnumerateObject().Select(p => p.Name));
        Assert.Equal(3, byRoute.GetProperty("requeued").GetInt32());
        foreach (var id in work) Assert.Equal(JobStatus.Pending, (await d.Client.GetJobAsync(id))!.Status);
        foreach (var id in other) Assert.Equal(JobStatus.Failed, (await d.Client.GetJobAsync(id))!.Status);

        var all = await d.RunAsync("dead", "requeue", "--all", "-y");
        Assert.Equal(0, all.ExitCode);
        Assert.StartsWith("Requeued 2 dead jobs", all.Out);
        Assert.Equal(0, (await d.Admin.GetOverviewAsync()).Dead);
    }

    [Fact]
    public async Task Requeue_ByTask_AndItsUsageErrors()
    {
        await using var d = await Deployment.CreateAsync();
        var dead = await d.MakeDeadAsync(2);
        var none = await d.RunAsync("dead", "requeue", "--task", "nothing_like_it", "--yes");
        Assert.Equal(0, none.ExitCode);
        Assert.StartsWith("Requeued 0 dead jobs", none.Out);
        var byTask = await d.RunAsync("dead", "requeue", "--task", "boom", "--yes");
        Assert.StartsWith("Requeued 2 dead jobs", byTask.Out);

        Assert.Equal(2, (await d.RunAsync("dead", "requeue")).ExitCode);
        Assert.Equal(2, (await d.RunAsync("dead", "requeue", dead[0].Value, "--all")).ExitCode);
        Assert.Equal(2, (await d.RunAsync("dead", "requeue", "--all", "--route", "work", "--yes")).ExitCode);
        var badRoute = await d.RunAsync("dead", "requeue", "--route", "no:colons", "--yes");
        Assert.Equal(2, badRoute.ExitCode);
        Assert.Contains("Invalid --route 'no:colons'", badRoute.Error);
    }

    [Fact]
    public async Task Delete_One_NeedsConfirmation_ThePromptAnswers_UnknownIsNotFound()
    {
        await using var d = await Deployment.CreateAsync();
        var ids = await d.MakeDeadAsync(3);

        var refused = await d.RunAsync("dead", "delete", ids[0].Value);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("pass --yes to confirm", refused.Error);
        Assert.NotNull(await d.Client.GetJobAsync(ids[0]));

        var declined = await d.RunWithAnswerAsync("n\n", "dead", "delete", ids[0].Value);
        Assert.Equal(0, declined.ExitCode);
        Assert.Contains($"Delete dead job {ids[0]} for good? [y/N]", declined.Error);
        Assert.Contains("Cancelled: nothing was changed.", declined.Error);
        Assert.NotNull(await d.Client.GetJobAsync(ids[0]));

        var accepted = await d.RunWithAnswerAsync("y\n", "dead", "delete", ids[0].Value);
        Assert.Equal(0, accepted.ExitCode);
        Assert.Equal($"Deleted dead job {ids[0]}.", accepted.Out.TrimEnd());
        Assert.Null(await d.Client.GetJobAsync(ids[0]));

        var json = (await d.RunAsync("dead", "delete", ids[1].Value, "--yes", "--json")).Json();
        Assert.True(json.GetProperty("deleted").GetBoolean());

        var missing = await d.RunAsync("dead", "delete", ids[0].Value, "--yes");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal($"Job '{ids[0]}' is not in the dead letter queue under prefix '{d.Prefix}'.", missing.Error.TrimEnd());
    }

    [Fact]
    public async Task Purge_NeedsConfirmation_ThenDeletesTheSelection()
    {
        await using var d = await Deployment.CreateAsync();
        await d.MakeDeadAsync(2, "work");
        var other = await d.MakeDeadAsync(1, "other");

        var refused = await d.RunAsync("dead", "purge");
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal("Refusing to delete all 3 dead jobs without confirmation: standard input is not a terminal, so pass --yes to confirm.", refused.Error.TrimEnd());

        var byRoute = (await d.RunAsync("dead", "purge", "--route", "work", "--yes", "--json")).Json();
        Assert.Equal("delete", byRoute.GetProperty("action").GetString());
        Assert.Equal(2, byRoute.GetProperty("deleted").GetInt32());
        Assert.NotNull(await d.Client.GetJobAsync(other[0]));

        var all = await d.RunWithAnswerAsync("yes\n", "dead", "purge");
        Assert.Equal(0, all.ExitCode);
        Assert.Contains("Delete all 1 dead jobs for good? [y/N]", all.Error);
        Assert.StartsWith("Deleted 1 dead job ", all.Out);
        Assert.Equal(0, (await d.Admin.GetOverviewAsync()).Dead);
        Assert.Null(await d.Client.GetJobAsync(other[0]));
    }
}
