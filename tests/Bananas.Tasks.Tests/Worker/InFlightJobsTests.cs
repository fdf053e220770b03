using Bananas.Tasks.Engine;
using Bananas.Tasks.Worker;

namespace Bananas.Tasks.Tests.Worker;

public sealed class InFlightJobsTests
{
    [Fact]
    public void Freeing_an_attempt_that_lost_its_lease_keeps_the_later_attempt_of_the_same_job_tracked()
    {
        var route = RoutingKey.Parse("default");
        var jobs = new InFlightJobs([route], new BananasWorkerOptions { Concurrency = 4 }, new AsyncSignal());
        var id = JobId.New();
        var first = jobs.Add(new FetchedJob(id, "w:token-1", route, null, "not decoded"));
        var second = jobs.Add(new FetchedJob(id, "w:token-2", route, null, "not decoded"));

        jobs.Free(first);

        Assert.True(jobs.TryGet(id, out var tracked));
        Assert.Same(second, tracked);
        Assert.Equal(1, jobs.Running);
        jobs.Free(second);
        Assert.True(jobs.IsEmpty);
        Assert.Equal(0, jobs.Running);
    }
}
