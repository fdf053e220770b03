using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>One maintenance round (<see cref="IQueueEngine.MaintainAsync"/>): promote, recover, and when the next round is needed.</summary>
public abstract partial class QueueEngineConformanceTests
{
    [Fact]
    public async Task A_maintenance_round_with_nothing_to_do_says_there_is_no_next_deadline()
    {
        var (engine, _) = await NewEngineAsync();
        await using var _e = engine;

        var round = await engine.MaintainAsync(100);

        Assert.Equal(new MaintenanceRound(0, 0, null, null), round);
    }

    [Fact]
    public async Task A_maintenance_round_promotes_and_recovers_and_names_the_next_due_time_and_lease_deadline()
    {
        var (engine, time) = await NewEngineAsync();
        await using var _e = engine;
        var due = Job(scheduledFor: Start.AddSeconds(5));
        var later = Job(scheduledFor: Start.AddMinutes(10));
        var leased = Job();
        var expiring = Job();
        await engine.EnqueueManyAsync([due, later, leased, expiring]);
        var first = Assert.Single(await engine.FetchAsync(Request("default", maxJobs: 1, lease: TimeSpan.FromSeconds(3))));
        var second = Assert.Single(await engine.FetchAsync(Request("default", maxJobs: 1, lease: TimeSpan.FromSeconds(60))));

        var before = await engine.MaintainAsync(100);
        Assert.Equal(0, before.Promoted);
        Assert.Equal(0, before.Recovered);
        Assert.Equal(Start.AddSeconds(5), before.NextDue);
        Assert.Equal(Start.AddSeconds(3), before.NextLeaseDeadline);

        time.Advance(TimeSpan.FromSeconds(6));
        var round = await engine.MaintainAsync(100);

        Assert.Equal(1, round.Promoted);
        Assert.Equal(1, round.Recovered);
        Assert.Equal(Start.AddMinutes(10), round.NextDue);
        Assert.Equal(Start.AddSeconds(60), round.NextLeaseDeadline);
        Assert.Equal(JobStatus.Pending, (await engine.GetJobAsync(due.Id))!.Status);
        Assert.Equal(JobStatus.Pending, (await engine.GetJobAsync(first.Id))!.Status);
        Assert.Equal(JobStatus.Processing, (await engine.GetJobAsync(second.Id))!.Status);
    }
}
