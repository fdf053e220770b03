using Bananas.Tasks.Engine;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>
/// A queue entry whose job is already leased, completed or dead is dropped by fetch (and counted), never run
/// (issue 9: the same id queued twice ran twice at once; a completed job's id pushed again ran again).
/// </summary>
public sealed class RedisDuplicateEntryTests
{
    private static async Task<(RedisQueueEngine Engine, IDatabase Db, string Queue, FakeTimeProvider Time)> NewAsync()
    {
        var server = await RedisServer.GetAsync();
        var prefix = RedisServer.NewPrefix();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        return (new RedisQueueEngine(server.Connection, new QueueEngineOptions { Prefix = prefix, TimeProvider = time }), server.Connection.GetDatabase(), $"{prefix}:route:default:queue:normal", time);
    }

    private static JobRecord Job(int maxRetries = 2) => new() { Id = JobId.New(), Name = "noop", Payload = "{}", MaxRetries = maxRetries };

    private static FetchRequest Request() => new([new RouteDemand(RoutingKey.Default, 10)], 10, TimeSpan.FromSeconds(30), "worker-1");

    [Fact]
    public async Task The_same_id_queued_twice_is_leased_once_in_one_fetch()
    {
        var (engine, db, queue, _) = await NewAsync();
        var a = Job();
        await engine.EnqueueAsync(a);
        await db.ListLeftPushAsync(queue, a.Id.Value);

        var fetched = await engine.FetchAsync(Request());

        Assert.Equal(new[] { a.Id }, fetched.Select(f => f.Id).ToArray());
        Assert.Equal(1, fetched[0].Job!.Attempts);
        Assert.Equal(0, await db.ListLengthAsync(queue));
    }

    [Fact]
    public async Task An_entry_for_a_leased_job_is_dropped_and_the_lease_stays_with_its_holder()
    {
        var (engine, db, queue, _) = await NewAsync();
        var a = Job();
        await engine.EnqueueAsync(a);
        var first = Assert.Single(await engine.FetchAsync(Request()));
        await db.ListLeftPushAsync(queue, a.Id.Value);

        Assert.Empty(await engine.FetchAsync(Request()));

        Assert.Equal(0, await db.ListLengthAsync(queue));
        Assert.Equal(new[] { true }, (await engine.AckAsync([new JobCompletion(a.Id, first.LeaseToken, null, TimeSpan.Zero)])).ToArray());
        Assert.Equal(1, (await engine.GetJobAsync(a.Id))!.Attempts);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_entry_for_a_completed_or_dead_job_is_dropped_and_the_job_keeps_its_outcome(bool completed)
    {
        var (engine, db, queue, time) = await NewAsync();
        var a = Job(maxRetries: 0);
        await engine.EnqueueAsync(a);
        var first = Assert.Single(await engine.FetchAsync(Request()));
        if (completed) await engine.AckAsync([new JobCompletion(a.Id, first.LeaseToken, "1", TimeSpan.Zero)]);
        else await engine.FailAsync(new JobFailure(a.Id, first.LeaseToken, "boom", "X", true, time.GetUtcNow(), TimeSpan.Zero));
        await db.ListLeftPushAsync(queue, a.Id.Value);

        Assert.Empty(await engine.FetchAsync(Request()));

        var job = (await engine.GetJobAsync(a.Id))!;
        Assert.Equal(completed ? JobStatus.Completed : JobStatus.Failed, job.Status);
        Assert.Equal(1, job.Attempts);
        Assert.Equal(completed ? JobStatus.Completed : JobStatus.Failed, (await engine.GetResultAsync(a.Id))!.Status);
    }
}
