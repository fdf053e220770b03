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

    [Fact]
    public void A_lost_lease_reported_for_an_earlier_attempt_does_not_cancel_the_later_attempt_of_the_same_job()
    {
        // chaos redis-kill-always, CI 2026-12-03: a renewal sent with attempt 1's lease blocked through a Redis restart;
        // meanwhile attempt 1 expired, was recovered and fetched again by this worker; the renewal then came back "lost"
        // and, looked up by id, cancelled attempt 2, which ran a third time
        var route = RoutingKey.Parse("default");
        var jobs = new InFlightJobs([route], new BananasWorkerOptions { Concurrency = 4 }, new AsyncSignal());
        var id = JobId.New();
        var first = jobs.Add(new FetchedJob(id, "w:token-1", route, null, "not decoded"));
        var sent = new[] { first.Lease };
        jobs.Free(first);
        var second = jobs.Add(new FetchedJob(id, "w:token-2", route, null, "not decoded"));

        Assert.Empty(LeaseHeartbeat.LostJobs(jobs, sent, [id]));
        Assert.False(second.LeaseLost.IsCancellationRequested);

        // the attempt whose lease was sent is the one told
        var renewedSecond = new[] { second.Lease };
        Assert.Same(second, Assert.Single(LeaseHeartbeat.LostJobs(jobs, renewedSecond, [id])));
    }
}
