using System.Collections.Concurrent;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>
/// Redis-only: engines on separate connections (as separate worker processes would have) sharing one prefix, and
/// the script cache being emptied under them.
/// </summary>
public sealed class RedisQueueEngineMultiProcessTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static async Task<ConnectionMultiplexer> ConnectAsync()
    {
        var server = await RedisServer.GetAsync();
        return await ConnectionMultiplexer.ConnectAsync(RedisConnectionString.Parse(server.Url));
    }

    private static JobRecord Job() => new() { Id = JobId.New(), Name = "work", Payload = "{}" };

    private static FetchRequest Request(string worker, int max = 50) =>
        new([new RouteDemand(RoutingKey.Default, max)], max, TimeSpan.FromSeconds(30), worker);

    [Fact]
    public async Task A_job_whose_worker_process_vanished_completes_on_another_process()
    {
        var prefix = RedisServer.NewPrefix();
        var time = new FakeTimeProvider(Start);
        var options = new QueueEngineOptions { Prefix = prefix, TimeProvider = time };
        var job = Job();

        var connectionA = await ConnectAsync();
        var workerA = new RedisQueueEngine(connectionA, options);
        await workerA.EnqueueAsync(job);
        var lost = Assert.Single(await workerA.FetchAsync(Request("process-A")));
        await workerA.DisposeAsync();
        await connectionA.DisposeAsync(); // process A is gone: no ack, no release, no renewals

        await using var connectionB = await ConnectAsync();
        await using var workerB = new RedisQueueEngine(connectionB, options);
        Assert.Empty(await workerB.FetchAsync(Request("process-B")));
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, await workerB.RecoverExpiredLeasesAsync(100));
        var recovered = Assert.Single(await workerB.FetchAsync(Request("process-B")));
        Assert.Equal(job.Id, recovered.Id);
        Assert.Equal(2, recovered.Job!.Attempts);
        Assert.Equal("lease expired: worker 'process-A' stopped renewing it during attempt 1", recovered.Job.Error);
        Assert.Equal(new[] { false, true }, await workerB.AckAsync(
        [
            new JobCompletion(job.Id, lost.LeaseToken, null, TimeSpan.Zero),
            new JobCompletion(job.Id, recovered.LeaseToken, "\"ok\"", TimeSpan.Zero),
        ]));
        Assert.Equal(JobStatus.Completed, (await workerB.GetResultAsync(job.Id))!.Status);
    }

    [Fact]
    public async Task Four_connections_with_two_fetchers_each_process_every_job_exactly_once()
    {
        const int total = 8_000;
        var prefix = RedisServer.NewPrefix();
        var options = new QueueEngineOptions { Prefix = prefix, TimeProvider = new FakeTimeProvider(Start) };
        var connections = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ConnectAsync()));
        try
        {
            var engines = connections.Select(c => new RedisQueueEngine(c, options)).ToArray();
            Assert.Equal(total, await engines[0].EnqueueManyAsync(Enumerable.Range(0, total).Select(_ => Job()).ToList()));
            var acked = new ConcurrentDictionary<JobId, int>();
            await Task.WhenAll(Enumerable.Range(0, 8).Select(n => Task.Run(async () =>
            {
                var engine = engines[n % engines.Length];
                while (true)
                {
                    var fetched = await engine.FetchAsync(Request($"fetcher-{n}"));
                    if (fetched.Count == 0) return;
                    var ok = await engine.AckAsync(fetched.Select(f => new JobCompletion(f.Id, f.LeaseToken, null, TimeSpan.Zero)).ToList());
                    Assert.All(ok, Assert.True);
                    foreach (var f in fetched) acked.AddOrUpdate(f.Id, 1, (_, c) => c + 1);
                }
            })));
            Assert.Equal(total, acked.Count);
            Assert.All(acked.Values, c => Assert.Equal(1, c));
        }
        finally
        {
            foreach (var c in connections) await c.DisposeAsync();
        }
    }

    [Fact]
    public async Task Scripts_are_resent_after_the_script_cache_is_flushed()
    {
        var server = await RedisServer.GetAsync();
        var time = new FakeTimeProvider(Start);
        await using var engine = new RedisQueueEngine(server.Connection, new QueueEngineOptions { Prefix = RedisServer.NewPrefix(), TimeProvider = time });
        await engine.EnqueueAsync(Job());

        await server.Connection.GetServers()[0].ScriptFlushAsync(); // as after a Redis restart or failover

        await engine.EnqueueAsync(Job());
        var fetched = await engine.FetchAsync(Request("w"));
        Assert.Equal(2, fetched.Count);
        Assert.Equal(new[] { true, true }, await engine.AckAsync(fetched.Select(f => new JobCompletion(f.Id, f.LeaseToken, null, TimeSpan.Zero)).ToList()));
    }
}
