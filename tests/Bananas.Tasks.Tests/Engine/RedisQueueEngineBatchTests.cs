using Bananas.Tasks.Engine;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>
/// The batched paths of the Redis scripts (fetch pops several ids per call, ack checks the batch's leases at once,
/// enqueue pushes each queue once): the same outcomes, job by job, as one operation at a time.
/// </summary>
public sealed class RedisQueueEngineBatchTests
{
    private static async Task<(RedisQueueEngine Engine, IDatabase Db, string P)> NewAsync()
    {
        var server = await RedisServer.GetAsync();
        var prefix = RedisServer.NewPrefix();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        return (new RedisQueueEngine(server.Connection, new QueueEngineOptions { Prefix = prefix, TimeProvider = time }), server.Connection.GetDatabase(), prefix);
    }

    private static JobRecord Job(string route = "default", Priority priority = Priority.Normal) => new()
    {
        Id = JobId.New(),
        Name = "noop",
        Payload = "{}",
        RoutingKey = RoutingKey.Parse(route),
        Priority = priority,
    };

    private static FetchRequest Request(int max, params (string Route, int Max)[] routes) =>
        new(routes.Select(r => new RouteDemand(RoutingKey.Parse(r.Route), r.Max)).ToList(), max, TimeSpan.FromSeconds(30), "worker-1");

    [Fact]
    public async Task Ids_without_a_record_in_a_popped_batch_are_dead_lettered_and_the_fetch_still_fills_up()
    {
        var (engine, db, p) = await NewAsync();
        var jobs = Enumerable.Range(0, 4).Select(_ => Job()).ToArray();
        await engine.EnqueueAsync(jobs[0]);
        var ghosts = new[] { JobId.New(), JobId.New() };
        await db.ListLeftPushAsync($"{p}:route:default:queue:normal", ghosts[0].Value);
        await engine.EnqueueAsync(jobs[1]);
        await db.ListLeftPushAsync($"{p}:route:default:queue:normal", ghosts[1].Value);
        await engine.EnqueueManyAsync([jobs[2], jobs[3]]);

        var fetched = await engine.FetchAsync(Request(3, ("default", 3)));

        Assert.Equal(new[] { jobs[0].Id, jobs[1].Id, jobs[2].Id }, fetched.Select(f => f.Id).ToArray());
        Assert.All(fetched, f => Assert.Equal(JobStatus.Processing, f.Job!.Status));
        Assert.All(fetched, f => Assert.Equal(1, f.Job!.Attempts));
        Assert.Equal(3, await db.SortedSetLengthAsync($"{p}:queue:leases"));
        Assert.Equal(new[] { ghosts[1].Value, ghosts[0].Value }, (await db.ListRangeAsync($"{p}:queue:dead")).Select(v => v.ToString()).ToArray());
        Assert.Equal(jobs[3].Id.Value, (string?)await db.ListGetByIndexAsync($"{p}:route:default:queue:normal", 0));
    }

    [Fact]
    public async Task A_fetch_honours_route_limits_priorities_and_the_total_across_popped_batches()
    {
        var (engine, _, _) = await NewAsync();
        var gpuLow = Job("gpu", Priority.Low);
        var gpuHigh = Enumerable.Range(0, 3).Select(_ => Job("gpu", Priority.High)).ToArray();
        var mail = Enumerable.Range(0, 3).Select(_ => Job("mail")).ToArray();
        await engine.EnqueueManyAsync([gpuLow, .. gpuHigh, .. mail]);

        var fetched = await engine.FetchAsync(Request(4, ("gpu", 2), ("mail", 5)));

        Assert.Equal(new[] { gpuHigh[0].Id, gpuHigh[1].Id, mail[0].Id, mail[1].Id }, fetched.Select(f => f.Id).ToArray());
        var rest = await engine.FetchAsync(Request(10, ("gpu", 10), ("mail", 10)));
        Assert.Equal(new[] { gpuHigh[2].Id, gpuLow.Id, mail[2].Id }, rest.Select(f => f.Id).ToArray());
    }

    [Fact]
    public async Task The_same_completion_twice_in_one_ack_batch_completes_the_job_once()
    {
        var (engine, db, p) = await NewAsync();
        var jobs = new[] { Job(), Job() };
        await engine.EnqueueManyAsync(jobs);
        var fetched = await engine.FetchAsync(Request(2, ("default", 2)));
        var first = new JobCompletion(fetched[0].Id, fetched[0].LeaseToken, "1", TimeSpan.FromMilliseconds(3));
        var stale = new JobCompletion(fetched[1].Id, "someone-else", null, TimeSpan.Zero);
        var second = new JobCompletion(fetched[1].Id, fetched[1].LeaseToken, null, TimeSpan.FromMilliseconds(4));

        var acked = await engine.AckAsync([first, first, stale, second]);

        Assert.Equal(new[] { true, false, false, true }, acked.ToArray());
        Assert.Equal(0, await db.SortedSetLengthAsync($"{p}:queue:leases"));
        var result = (await engine.GetResultAsync(fetched[0].Id))!;
        Assert.Equal(JobStatus.Completed, result.Status);
        Assert.Equal("1", result.ResultJson);
        Assert.Null((await engine.GetResultAsync(fetched[1].Id))!.ResultJson);
        Assert.Equal(JobStatus.Completed, (await engine.GetJobAsync(fetched[1].Id))!.Status);
        Assert.Null((string?)await db.HashGetAsync($"{p}:job:{fetched[1].Id}", "lease_token"));
    }

    [Fact]
    public async Task An_ack_after_the_lease_was_recovered_changes_nothing_and_replaces_no_result()
    {
        var (engine, db, p) = await NewAsync();
        var job = Job();
        await engine.EnqueueAsync(job);
        var fetched = Assert.Single(await engine.FetchAsync(Request(1, ("default", 1))));
        await db.SortedSetRemoveAsync($"{p}:queue:leases", job.Id.Value); // as if maintenance had recovered it

        var acked = await engine.AckAsync([new JobCompletion(job.Id, fetched.LeaseToken, "2", TimeSpan.Zero)]);

        Assert.False(Assert.Single(acked));
        Assert.False(await db.HashExistsAsync($"{p}:job:{job.Id}", "result"));
        Assert.False(await db.HashExistsAsync($"{p}:job:{job.Id}", "duration_ms"));
        Assert.Null(await db.KeyTimeToLiveAsync($"{p}:job:{job.Id}"));
        Assert.Equal(JobStatus.Processing, (await engine.GetJobAsync(job.Id))!.Status);
    }

    [Fact]
    public async Task A_batch_enqueue_wakes_each_route_once_when_its_queue_was_empty_and_keeps_fifo_order()
    {
        var (engine, db, p) = await NewAsync();
        var server = await RedisServer.GetAsync();
        var wakes = new List<string>();
        var subscriber = server.Connection.GetSubscriber();
        await subscriber.SubscribeAsync(RedisChannel.Pattern($"{p}:notify:*"), (channel, _) =>
        {
            lock (wakes) wakes.Add(channel.ToString());
        });
        var already = Job("mail");
        await engine.EnqueueAsync(already);
        await Task.Delay(200);
        lock (wakes) wakes.Clear();

        var gpu = Enumerable.Range(0, 5).Select(_ => Job("gpu")).ToArray();
        var mail = Enumerable.Range(0, 3).Select(_ => Job("mail")).ToArray();
        await engine.EnqueueManyAsync([gpu[0], mail[0], gpu[1], gpu[2], mail[1], gpu[3], mail[2], gpu[4]]);
        await Task.Delay(300);

        lock (wakes) Assert.Equal(new[] { $"{p}:notify:gpu" }, wakes.ToArray());
        var gpuQueue = (await db.ListRangeAsync($"{p}:route:gpu:queue:normal")).Select(v => v.ToString()).Reverse().ToArray();
        Assert.Equal(gpu.Select(j => j.Id.Value).ToArray(), gpuQueue);
        var mailQueue = (await db.ListRangeAsync($"{p}:route:mail:queue:normal")).Select(v => v.ToString()).Reverse().ToArray();
        Assert.Equal(new[] { already.Id.Value }.Concat(mail.Select(j => j.Id.Value)).ToArray(), mailQueue);
        Assert.Equal(new[] { "gpu", "mail" }, (await db.SetMembersAsync($"{p}:routes")).Select(v => v.ToString()).Order().ToArray());
        await subscriber.UnsubscribeAsync(RedisChannel.Pattern($"{p}:notify:*"));
    }
}
