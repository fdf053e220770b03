using System.Collections.Concurrent;
using System.Diagnostics;
using Bananas.Tasks.Client;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Hosting;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Worker;

/// <summary>
/// A rate limit holds across workers (issue 13 item 2): four hosted workers, each with its own Redis connection, share a
/// limit of 50 starts per second on real Redis. After the burst (the first 50), starts come at the limit's rate, and no
/// second ever holds more than the limit allows; no job fails or spends an attempt waiting.
/// </summary>
public sealed class RateLimitedWorkersTests
{
    [Fact]
    public async Task Four_workers_hold_a_limit_of_50_per_second_between_them()
    {
        var server = await RedisServer.GetAsync();
        var prefix = RedisServer.NewPrefix();
        var starts = new ConcurrentQueue<(long At, string Job)>();
        var connections = new List<ConnectionMultiplexer>();
        var hosts = new List<WorkerHost>();
        const int jobs = 300;
        try
        {
            for (int i = 0; i < 4; i++)
            {
                var connection = await ConnectionMultiplexer.ConnectAsync(server.Endpoint);
                connections.Add(connection);
                hosts.Add(await WorkerHost.StartAsync(new RedisQueueEngine(connection, new QueueEngineOptions { Prefix = prefix }), b => b.AddTask("limited", ctx =>
                {
                    starts.Enqueue((Stopwatch.GetTimestamp(), ctx.JobId.Value));
                    return ValueTask.FromResult<string?>(null);
                }), o => o.Concurrency = 8));
            }
            var client = hosts[0].Client;
            var limit = new JobOptions { RateLimit = new RateLimit(50, TimeSpan.FromSeconds(1)), MaxRetries = 0 };
            var ids = await client.EnqueueManyAsync(Enumerable.Range(0, jobs).Select(_ => new TaskEnvelope("limited", "{}", limit)).ToList());

            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (starts.Count < jobs && DateTime.UtcNow < deadline) await Task.Delay(50);
            Assert.Equal(jobs, starts.Count);

            // Judged on the clock the limit runs on: each job's start slot is the lease time of a job the burst let through,
            // or the slot a deferred job reserved (its ScheduledFor); a job never starts before its slot.
            var records = new List<JobRecord>();
            foreach (var id in ids) records.Add((await client.GetJobAsync(id))!);
            // (A fetch's lease time is taken when the fetch is sent: one sent just before another worker promoted the job
            // may show a lease time a little before the slot; 50 ms allows for that, not for an early start.)
            foreach (var r in records) Assert.True(r.ScheduledFor is null || r.StartedAt >= r.ScheduledFor - TimeSpan.FromMilliseconds(50), $"job {r.Id} started at {r.StartedAt:O}, before its slot {r.ScheduledFor:O}");
            var slots = records.Select(r => r.ScheduledFor ?? r.StartedAt!.Value).ToList();
            var first = slots.Min();
            var times = slots.Select(t => (t - first).TotalMilliseconds).Order().ToList();
            // After the burst of 50, 250 more at 20 ms spacing: about 5 s; the rate of those within 5 %.
            var afterBurst = (jobs - 51) / ((times[^1] - times[50]) / 1000);
            Assert.InRange(afterBurst, 47.5, 52.5);
            // GCRA with a burst of 50: no window of 1 s holds more than 2 × 50 slots, and none from the second second on more than 50 + 1.
            for (int i = 0; i < times.Count; i++)
            {
                var inWindow = times.Count(t => t >= times[i] && t < times[i] + 1000);
                Assert.True(inWindow <= (times[i] < 1000 ? 100 : 51), $"{inWindow} slots in the second from {times[i]:0} ms");
            }
            // And the starts follow their slots: the last job started within a second of the last slot.
            Assert.True(records.Max(r => r.StartedAt!.Value) - slots.Max() < TimeSpan.FromSeconds(1));
            foreach (var id in ids)
            {
                var job = (await client.GetJobAsync(id))!;
                Assert.Equal(JobStatus.Completed, job.Status);
                Assert.Equal(1, job.Attempts);
            }
        }
        finally
        {
            foreach (var host in hosts) await host.DisposeAsync();
            foreach (var connection in connections) await connection.DisposeAsync();
        }
    }
}
