namespace Bananas.Tasks.Tests.Engine;

public abstract partial class QueueEngineConformanceTests
{
    [Fact]
    public async Task Enqueueing_an_id_again_while_it_is_leased_or_after_it_completed_never_runs_it_again()
    {
        var (engine, _) = await NewEngineAsync();
        var a = Job();
        Assert.True(await engine.EnqueueAsync(a));
        var first = Assert.Single(await engine.FetchAsync(Request("default")));

        Assert.False(await engine.EnqueueAsync(a));
        Assert.Empty(await engine.FetchAsync(Request("default")));
        Assert.True(await AckAsync(engine, first));
        Assert.False(await engine.EnqueueAsync(a with { Payload = "{\"again\":true}" }));
        Assert.Empty(await engine.FetchAsync(Request("default")));

        var job = (await engine.GetJobAsync(a.Id))!;
        Assert.Equal(JobStatus.Completed, job.Status);
        Assert.Equal(1, job.Attempts);
        Assert.Equal("{}", job.Payload);
    }
}
