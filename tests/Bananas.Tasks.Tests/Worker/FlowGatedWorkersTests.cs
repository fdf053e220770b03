using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Bananas.Tasks.Client;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Hosting;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Worker;

/// <summary>
/// Concurrency limits and sequences hold across workers (issue 13 items 3 and 4): four hosted workers, each with its own
/// Redis connection and 8 slots of its own, on real Redis. A ledger of start and end times (one monotonic clock for all
/// four) shows that a global limit of 3 is never exceeded, and that the jobs of each sequence run one at a time and
/// succeed in enqueue order while handlers fail at random.
/// </summary>
public sealed class FlowGatedWorkersTests
{
    private static async Task<(List<WorkerHost> Hosts, List<ConnectionMultiplexer> Connections)> StartAsync(Action<IBananasBuilder> tasks)
    {
        var server = await RedisServer.GetAsync();
        var prefix = RedisServer.NewPrefix();
        var connections = new List<ConnectionMultiplexer>();
        var hosts = new List<WorkerHost>();
        for (int i = 0; i < 4; i++)
        {
            var connection = await ConnectionMultiplexer.ConnectAsync(server.Endpoint);
            connections.Add(connection);
            hosts.Add(await WorkerHost.StartAsync(new RedisQueueEngine(connection, new QueueEngineOptions { Prefix = prefix }), tasks, o => o.Concurrency = 8));
        }
        return (hosts, connections);
    }

    private static async Task StopAsync(List<WorkerHost> hosts, List<ConnectionMultiplexer> connections)
    {
        foreach (var host in hosts) await host.DisposeAsync();
        foreach (var connection in connections) await connection.DisposeAsync();
    }

    /// <summary>The most intervals open at one time (an end at the same tick as a start closes first).</summary>
    private static int MostAtOnce(IEnumerable<(long Start, long End)> ledger) =>
        ledger.SelectMany(e => new[] { (At: e.Start, Step: 1), (At: e.End, Step: -1) })
            .OrderBy(p => p.At).ThenBy(p => p.Step)
            .Aggregate((Open: 0, Most: 0), (s, p) => (s.Open + p.Step, Math.Max(s.Most, s.Open + p.Step))).Most;

    [Fact]
    public async Task Four_workers_never_run_more_than_a_global_limit_of_3_at_once()
    {
        var ledger = new ConcurrentQueue<(long Start, long End)>();
        var (hosts, connections) = await StartAsync(b => b.AddTask("gated", async ctx =>
        {
            var start = Stopwatch.GetTimestamp();
            await Task.Delay(Random.Shared.Next(5, 30));
            ledger.Enqueue((start, Stopwatch.GetTimestamp()));
            return null;
        }));
        try
        {
            const int jobs = 150;
            var options = new JobOptions { ConcurrencyLimit = 3, MaxRetries = 0 };
            // from all four clients, interleaved
            var ids = new List<JobId>();
            for (int i = 0; i < jobs; i += 10)
                ids.AddRange(await hosts[i / 10 % 4].Client.EnqueueManyAsync(Enumerable.Range(0, 10).Select(_ => new TaskEnvelope("gated", "{}", options)).ToList()));

            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (ledger.Count < jobs && DateTime.UtcNow < deadline) await Task.Delay(50);

            Assert.Equal(jobs, ledger.Count);
            var most = MostAtOnce(ledger);
            Assert.True(most <= 3, $"{most} jobs ran at once under a limit of 3");
            Assert.Equal(3, most); // and the limit is used, not just respected (150 jobs over 32 worker slots)
            foreach (var id in ids)
            {
                var job = await hosts[0].WaitForStatusAsync(id, JobStatus.Completed);
                Assert.Equal(1, job.Attempts); // waiting at the gate never spent an attempt
            }
        }
        finally
        {
            await StopAsync(hosts, connections);
        }
    }

    [Fact]
    public async Task Sequences_run_in_order_one_at_a_time_under_four_workers_with_random_failures()
    {
        var ledger = new ConcurrentQueue<(string Account, int N, long Start, long End, bool Ok)>();
        var (hosts, connections) = await StartAsync(b => b.AddTask("post_entry", async ctx =>
        {
            var start = Stopwatch.GetTimestamp();
            using var payload = JsonDocument.Parse(ctx.Payload);
            var account = payload.RootElement.GetProperty("account").GetString()!;
            var n = payload.RootElement.GetProperty("n").GetInt32();
            await Task.Delay(Random.Shared.Next(1, 10));
            var ok = Random.Shared.NextDouble() >= 0.3; // 30 % of runs fail and are retried
            ledger.Enqueue((account, n, start, Stopwatch.GetTimestamp(), ok));
            if (!ok) throw new InvalidOperationException($"entry {n} of {account} failed at random");
            return null;
        }));
        try
        {
            const int accounts = 6, perAccount = 15;
            var ids = new List<JobId>();
            // enqueued round robin over the accounts and the four clients: the sequences interleave in the queue
            for (int n = 0; n < perAccount; n++)
                for (int a = 0; a < accounts; a++)
                {
                    var options = new JobOptions { SequenceKey = "acct-" + a, MaxRetries = 50 };
                    ids.Add(await hosts[(n * accounts + a) % 4].Client.EnqueueAsync("post_entry", $$"""{"account":"acct-{{a}}","n":{{n}}}""", options));
                }

            foreach (var id in ids) await hosts[0].WaitForStatusAsync(id, JobStatus.Completed, TimeSpan.FromSeconds(60));

            var entries = ledger.ToList();
            Assert.Contains(entries, e => !e.Ok); // failures happened, and were retried in place
            foreach (var account in entries.GroupBy(e => e.Account))
            {
                // One at a time: no two runs of the account overlap, retries included.
                Assert.Equal(1, MostAtOnce(account.Select(e => (e.Start, e.End))));
                // In enqueue order: runs are ordered by n, and n + 1 never starts before n succeeded.
                var runs = account.OrderBy(e => e.Start).ToList();
                Assert.Equal(Enumerable.Range(0, perAccount), runs.Where(e => e.Ok).Select(e => e.N));
                Assert.Equal(runs.Select(e => e.N).Order(), runs.Select(e => e.N));
            }
        }
        finally
        {
            await StopAsync(hosts, connections);
        }
    }
}
