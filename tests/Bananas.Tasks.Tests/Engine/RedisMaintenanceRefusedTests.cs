using Bananas.Tasks.Engine;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>
/// Maintenance under an ACL that refuses keys the scripts build themselves (a job, its queue) while the declared keys
/// (scheduled, leases, dead) are allowed: promote and recover used to ZREM the entry first and then fail on the job key,
/// so a due job left the scheduled set for no queue, and an expired lease left the leases set with its job still
/// 'processing' — both lost. Now a harmless write by pcall finds the refusal first: the job and the later ones are left
/// as they were for a worker with the rights, and the refusal is reported.
/// </summary>
public sealed class RedisMaintenanceRefusedTests
{
    private static Task WithUserAsync(string[] rules, Func<RedisQueueEngine, RedisQueueEngine, IDatabase, string, Task> test) =>
        RedisAclUser.WithUserAsync(rules, async (connection, db, prefix) =>
        {
            var server = await RedisServer.GetAsync();
            var restricted = new RedisQueueEngine(connection, new QueueEngineOptions { Prefix = prefix });
            var owner = new RedisQueueEngine(server.Connection, new QueueEngineOptions { Prefix = prefix });
            await test(restricted, owner, db, prefix);
        });

    private static JobRecord Job(DateTimeOffset? due = null) =>
        new() { Id = JobId.New(), Name = "noop", Payload = "{}", RoutingKey = RoutingKey.Default, MaxRetries = 3, ScheduledFor = due };

    /// <summary>A due scheduled job and an expired lease, written by the owner.</summary>
    private static async Task<(JobRecord Due, JobRecord Leased)> PlantAsync(RedisQueueEngine owner)
    {
        var leased = Job();
        await owner.EnqueueAsync(leased);
        Assert.Single(await owner.FetchAsync(new FetchRequest([new RouteDemand(RoutingKey.Default, 1)], 1, TimeSpan.FromMilliseconds(50), "gone")));
        var due = Job(DateTimeOffset.UtcNow.AddMilliseconds(300));
        await owner.EnqueueAsync(due);
        await Task.Delay(700);
        return (due, leased);
    }

    private static async Task AssertUntouchedAsync(IDatabase db, string prefix, JobRecord due, JobRecord leased)
    {
        Assert.NotNull(await db.SortedSetScoreAsync($"{prefix}:queue:scheduled", due.Id.Value));
        Assert.Equal("scheduled", (string?)await db.HashGetAsync($"{prefix}:job:{due.Id}", "status"));
        Assert.NotNull(await db.SortedSetScoreAsync($"{prefix}:queue:leases", leased.Id.Value));
        Assert.Equal("processing", (string?)await db.HashGetAsync($"{prefix}:job:{leased.Id}", "status"));
        Assert.Equal(0, await db.ListLengthAsync($"{prefix}:route:default:queue:normal"));
    }

    public static TheoryData<string, string[]> Refusals() => new()
    {
        { "no job keys", ["~{p}:route:*", "~{p}:queue:*", "~{p}:paused", "~{p}:instance"] },
        { "read-only job keys", ["~{p}:route:*", "~{p}:queue:*", "~{p}:paused", "~{p}:instance", "%R~{p}:job:*"] },
        { "read-only queues", ["%R~{p}:route:*", "~{p}:queue:*", "~{p}:paused", "~{p}:instance", "~{p}:job:*"] },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_maintenance_round_refused_on_a_built_key_leaves_every_job_for_a_worker_with_the_rights(string what, string[] rules)
    {
        await WithUserAsync(rules, async (restricted, owner, db, prefix) =>
        {
            var (due, leased) = await PlantAsync(owner);

            var round = await restricted.MaintainAsync(100);

            Assert.True(round.Promoted == 0 && round.Recovered == 0, what);
            await AssertUntouchedAsync(db, prefix, due, leased);
            var incident = Assert.Single(restricted.Incidents.Active(), i => i.Kind == "refused");
            Assert.StartsWith($"{prefix}:", incident.Key);
            Assert.True(incident.Detail.Contains("NOPERM") || incident.Detail.Contains("can't access"), incident.Detail);
            Assert.EndsWith("maintenance left that job and the later ones as they were, for a worker with the rights", incident.Detail);

            // The owner's round does what the restricted one could not.
            var full = await owner.MaintainAsync(100);
            Assert.Equal((1, 1), (full.Promoted, full.Recovered));
            Assert.Equal(2, await db.ListLengthAsync($"{prefix}:route:default:queue:normal"));
        });
    }

    [Fact]
    public async Task Promote_and_recover_called_alone_are_refused_the_same_way()
    {
        await WithUserAsync(["~{p}:route:*", "~{p}:queue:*", "~{p}:paused", "~{p}:instance"], async (restricted, owner, db, prefix) =>
        {
            var (due, leased) = await PlantAsync(owner);

            Assert.Equal(0, await restricted.PromoteDueAsync(100));
            Assert.Equal(0, await restricted.RecoverExpiredLeasesAsync(100));

            await AssertUntouchedAsync(db, prefix, due, leased);
            Assert.Contains(restricted.Incidents.Active(), i => i.Kind == "refused" && i.Key == $"{prefix}:job:{due.Id}");
            Assert.Contains(restricted.Incidents.Active(), i => i.Kind == "refused" && i.Key == $"{prefix}:job:{leased.Id}");
            Assert.Equal(1, await owner.PromoteDueAsync(100));
            Assert.Equal(1, await owner.RecoverExpiredLeasesAsync(100));
        });
    }
}
