using Bananas.Tasks.Engine;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>
/// A fetch whose commands Redis refuses for another reason than a key's type (an ACL, chaos case B10.15) loses nothing:
/// the ids it popped and could not lease go back to their queue in order, and the refusal is reported. Before, the
/// script failed after its RPOP and the popped jobs stayed pending in no queue.
/// </summary>
public sealed class RedisFetchRefusedTests
{
    private static Task WithUserAsync(string[] rules, Func<RedisQueueEngine, IDatabase, string, Task> test) =>
        RedisAclUser.WithUserAsync(rules, (connection, admin, prefix) => test(new RedisQueueEngine(connection, new QueueEngineOptions { Prefix = prefix }), admin, prefix));

    private static FetchRequest Request() => new([new RouteDemand(RoutingKey.Default, 10)], 10, TimeSpan.FromSeconds(30), "w");

    private static async Task<List<JobRecord>> EnqueueAsync(string prefix, int count)
    {
        var server = await RedisServer.GetAsync();
        var owner = new RedisQueueEngine(server.Connection, new QueueEngineOptions { Prefix = prefix });
        var jobs = Enumerable.Range(0, count).Select(_ => new JobRecord { Id = JobId.New(), Name = "noop", Payload = "{}", RoutingKey = RoutingKey.Default }).ToList();
        await owner.EnqueueManyAsync(jobs);
        return jobs;
    }

    [Fact]
    public async Task Job_keys_the_worker_may_not_read_send_every_popped_id_back_in_order()
    {
        // All keys but the job hashes: queues, leases and the dead list are allowed.
        await WithUserAsync(["~{p}:route:*", "~{p}:queue:*", "~{p}:paused"], async (engine, admin, prefix) =>
        {
            var jobs = await EnqueueAsync(prefix, 3);
            var queue = $"{prefix}:route:default:queue:normal";
            var before = (await admin.ListRangeAsync(queue)).Select(v => v.ToString()).ToArray();

            var fetched = await engine.FetchAsync(Request());

            Assert.Empty(fetched);
            Assert.Equal(before, (await admin.ListRangeAsync(queue)).Select(v => v.ToString()).ToArray());
            Assert.All(jobs, j => Assert.Equal("pending", (string?)admin.HashGet($"{prefix}:job:{j.Id}", "status")));
            var incident = Assert.Single(engine.Incidents.Active(), i => i.Kind == "refused");
            Assert.StartsWith($"{prefix}:job:", incident.Key);
            Assert.StartsWith($"Redis refused a command on {incident.Key} (", incident.Detail);
            Assert.EndsWith("the jobs not leased went back to their queue", incident.Detail);
        });
    }

    [Fact]
    public async Task A_declared_key_the_worker_may_not_write_refuses_the_call_before_any_write()
    {
        await WithUserAsync(["~{p}:route:*", "~{p}:job:*", "~{p}:paused", "%R~{p}:queue:leases", "~{p}:queue:dead"], async (engine, admin, prefix) =>
        {
            var jobs = await EnqueueAsync(prefix, 3);
            var queue = $"{prefix}:route:default:queue:normal";
            var before = (await admin.ListRangeAsync(queue)).Select(v => v.ToString()).ToArray();

            var error = await Assert.ThrowsAsync<RedisServerException>(() => engine.FetchAsync(Request()));

            Assert.StartsWith("NOPERM", error.Message);
            Assert.Equal(before, (await admin.ListRangeAsync(queue)).Select(v => v.ToString()).ToArray());
            Assert.All(jobs, j => Assert.Equal("pending", (string?)admin.HashGet($"{prefix}:job:{j.Id}", "status")));
        });
    }

    [Fact]
    public async Task A_missing_record_under_read_only_job_keys_goes_back_to_its_queue_instead_of_failing_the_fetch()
    {
        await WithUserAsync(["~{p}:route:*", "~{p}:queue:*", "~{p}:paused", "%R~{p}:job:*"], async (engine, admin, prefix) =>
        {
            var queue = $"{prefix}:route:default:queue:normal";
            var orphan = JobId.New().Value; // queued, no record: fetch would write a minimal failed one
            await admin.ListLeftPushAsync(queue, orphan);

            var fetched = await engine.FetchAsync(Request());

            Assert.Empty(fetched);
            Assert.Equal(new[] { orphan }, (await admin.ListRangeAsync(queue)).Select(v => v.ToString()).ToArray());
            Assert.False(await admin.KeyExistsAsync($"{prefix}:job:{orphan}"));
            Assert.Contains(engine.Incidents.Active(), i => i.Kind == "refused" && i.Key == $"{prefix}:job:{orphan}");
        });
    }
}
