using System.Diagnostics;
using Bananas.Tasks.Client;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Hosting;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Bananas.Tasks.Tests.Worker;

/// <summary>
/// What asynchronous replication loses when the master dies while its replica lags, measured (issue 12, docs/scaling.md
/// "The loss window"): on loopback a healthy replica never lags, so <see cref="SentinelFailoverTests"/> loses nothing and
/// shows no window. Here the replica is frozen (SIGSTOP) while a producer enqueues 512 KiB jobs at 12.5 MiB/s, more than
/// the kernel's socket buffers hold (what reached them the replica still applies when it wakes); then the master is
/// killed (SIGKILL), the replica woken (SIGCONT) and promoted by the sentinels, and every acknowledged job is looked for
/// on it. Without <c>min-replicas-to-write</c> the jobs acknowledged past the buffers are gone, for as long as the
/// replica lagged; with <c>min-replicas-to-write 1</c> and <c>min-replicas-max-lag 1</c> the master refuses writes
/// (NOREPLICAS: the enqueue throws, nothing is acknowledged) once the replica is a second or two behind, so what is lost
/// is bounded to what was acknowledged before that: the window narrowed, not closed.
/// </summary>
public sealed class SentinelReplicaLagTests(ITestOutputHelper output)
{
    private const int PayloadBytes = 512 * 1024;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task A_lagging_replica_promoted_after_the_master_dies_loses_what_it_had_not_received_unless_min_replicas_refuses_it(int minReplicas)
    {
        await using var set = await RedisSentinelSet.StartAsync();
        await using (var admin = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{set.Master.Port},allowAdmin=true"))
        {
            var master = admin.GetServer("127.0.0.1", set.Master.Port);
            await master.ExecuteAsync("CONFIG", "SET", "min-replicas-to-write", minReplicas.ToString());
            await master.ExecuteAsync("CONFIG", "SET", "min-replicas-max-lag", "1");
        }
        var prefix = RedisServer.NewPrefix();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(RedisConnectionString.Parse(set.Url));
        var client = new BananasClient(new RedisQueueEngine(connection, new QueueEngineOptions { Prefix = prefix }), new BananasClientOptions { MaxPayloadBytes = 1024 * 1024 });
        var payload = "{\"blob\":\"" + new string('x', PayloadBytes) + "\"}";
        await client.EnqueueAsync("work", "{}"); // the connection and the scripts are warm before the replica stops

        var replicaPid = set.Replica.ProcessId ?? throw new InvalidOperationException("the replica is not running");
        Signal("STOP", replicaPid);
        var stoppedAt = Stopwatch.GetTimestamp();
        var acked = new List<(JobId Id, double At)>();
        var refusals = new List<(string Kind, double At)>();
        try
        {
            // 8 s at one job per 40 ms: 100 MiB offered, 25 MiB in the 2 s a replica can lag before min-replicas-max-lag 1 bites
            for (int n = 0; n < 200; n++)
            {
                var at = Stopwatch.GetElapsedTime(stoppedAt).TotalSeconds;
                try
                {
                    acked.Add((await client.EnqueueAsync("work", payload), at));
                }
                catch (Exception ex) when (ex is RedisException or EnqueueOutcomeUnknownException or TimeoutException)
                {
                    refusals.Add((ex is RedisServerException ? ex.Message.Split(' ')[0] : ex.GetType().Name, at));
                }
                await Task.Delay(40);
            }
            var oldMaster = set.Master.Port;
            await set.Master.StopAsync(); // SIGKILL: its unsent replication stream dies with it
        }
        finally
        {
            Signal("CONT", replicaPid);
        }
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await set.MasterPortAsync() != set.Replica.Port)
        {
            Assert.True(DateTime.UtcNow < deadline, "the sentinels did not promote the woken replica within 60 s");
            await Task.Delay(200);
        }

        await using var promoted = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{set.Replica.Port}");
        var db = promoted.GetDatabase();
        var keys = new RedisKeys(prefix);
        var present = await Task.WhenAll(acked.Select(a => db.KeyExistsAsync(keys.Job(a.Id))));
        var lost = acked.Where((_, i) => !present[i]).ToList();
        var summary = $"sentinel, replica frozen (min-replicas-to-write {minReplicas}, min-replicas-max-lag 1): {acked.Count} of 200 enqueues of {PayloadBytes / 1024} KiB acknowledged " +
            $"(last at {(acked.Count > 0 ? acked[^1].At : 0):0.0} s), {refusals.Count} refused ({string.Join(", ", refusals.GroupBy(r => r.Kind).Select(g => $"{g.Key} {g.Count()}"))}" +
            $"{(refusals.Count > 0 ? $", first at {refusals[0].At:0.0} s" : "")}); acknowledged jobs on the promoted replica {present.Count(p => p)}, lost {lost.Count}" +
            $"{(lost.Count > 0 ? $" (acknowledged {lost[0].At:0.0}–{lost[^1].At:0.0} s after the freeze)" : "")}";
        output.WriteLine(summary);
        Console.WriteLine(summary);

        if (minReplicas == 0)
        {
            // asynchronous replication: the master acknowledged everything, and what had not reached the replica's socket
            // is lost, from some point after the freeze on, in order, however long the replica lagged
            Assert.Empty(refusals);
            Assert.NotEmpty(lost);
            Assert.All(acked.Where(a => a.At < lost[0].At), a => Assert.DoesNotContain(a, lost));
            Assert.Contains(lost, l => l.At > 3);
        }
        else
        {
            // the master refused writes once the replica was max-lag behind (its acknowledgements come once a second), so
            // the loss is bounded to what it acknowledged in those first seconds, not closed
            Assert.Contains(refusals, r => r.Kind == "NOREPLICAS");
            Assert.All(lost, l => Assert.True(l.At < 3, $"a job acknowledged {l.At:0.0} s after the freeze was lost: min-replicas-max-lag 1 should have refused it"));
            Assert.All(acked, a => Assert.True(a.At < 3, $"an enqueue {a.At:0.0} s after the freeze was acknowledged with the replica frozen"));
        }
    }

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {pid}") { UseShellExecute = false }) ?? throw new InvalidOperationException("could not run kill");
        kill.WaitForExit();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -{signal} {pid} exited with {kill.ExitCode}");
    }
}
