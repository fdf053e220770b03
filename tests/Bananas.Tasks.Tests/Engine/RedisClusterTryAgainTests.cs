using System.Diagnostics;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>
/// TRYAGAIN during a slot migration (issue 12: "MOVED/ASK/TRYAGAIN during resharding and failover are retried"), on a
/// dedicated real cluster whose prefix slot is left half migrated (<see cref="ClusterSlotMigration"/>): Redis's own
/// TRYAGAIN for a multi-key call whose keys are split, and the scripts' TRYAGAIN while their prefix's slot migrates
/// (cluster_unstable in _common.lua). StackExchange.Redis follows MOVED and ASK by itself but hands TRYAGAIN to the
/// caller; <see cref="RedisScript"/> sends it again for a bounded time.
/// </summary>
[Trait("Tier", "cluster")]
public sealed class RedisClusterTryAgainTests
{
    private static readonly RedisValue[] s_releaseArgs = ["", "nojob", "token", "2026-01-01T00:00:00Z"];

    [Fact]
    public async Task A_script_refused_with_TRYAGAIN_is_sent_again_until_the_migration_ends_and_then_runs()
    {
        await using var cluster = await RedisClusterSet.StartAsync(3, 0);
        var (migration, keys, args) = await HalfMigratedAsync(cluster, splitKeys: true);
        var db = cluster.Connection.GetDatabase();

        // Redis refuses the call (keys split between the nodes) for 500 ms, then the migration ends
        var finishing = Task.Run(async () =>
        {
            await Task.Delay(500);
            await migration.MigrateAsync([(string)keys[0]!]);
            await migration.FinishAsync();
        });
        var started = Stopwatch.StartNew();
        var released = await RedisScripts.Release.EvaluateAsync(db, keys, args);
        await finishing;

        Assert.Equal(0, (int)released); // ran: the lease is not held, nothing changed
        Assert.True(started.ElapsedMilliseconds >= 400, $"returned after {started.ElapsedMilliseconds} ms, before the migration ended");
    }

    [Fact]
    public async Task TRYAGAIN_is_retried_for_a_bounded_time_then_thrown()
    {
        await using var cluster = await RedisClusterSet.StartAsync(3, 0);
        var db = cluster.Connection.GetDatabase();

        // keys split: Redis's own TRYAGAIN (the script never ran)
        var (split, splitKeys, args) = await HalfMigratedAsync(cluster, splitKeys: true);
        var started = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<RedisServerException>(() => RedisScripts.Release.EvaluateAsync(db, splitKeys, args, TimeSpan.FromMilliseconds(300)));
        Assert.StartsWith("TRYAGAIN Multiple keys request during rehashing", ex.Message);
        Assert.InRange(started.ElapsedMilliseconds, 200, 1500);
        await split.MigrateAsync([(string)splitKeys[0]!]);
        await split.FinishAsync();
    }

    [Fact]
    public async Task A_script_that_builds_keys_refuses_with_TRYAGAIN_while_its_slot_migrates_even_with_every_declared_key_here()
    {
        await using var cluster = await RedisClusterSet.StartAsync(3, 0);
        var db = cluster.Connection.GetDatabase();
        var (migration, keys, args) = await HalfMigratedAsync(cluster, splitKeys: false);

        // both declared keys are still on the source, so Redis runs the script there; it refuses by itself
        var ex = await Assert.ThrowsAsync<RedisServerException>(() => RedisScripts.Release.EvaluateAsync(db, keys, args, TimeSpan.FromMilliseconds(100)));
        Assert.StartsWith("TRYAGAIN the slot of " + (string)args[0]! + " is being migrated; nothing was changed", ex.Message);
        Assert.Equal("pending", (string?)await db.HashGetAsync(keys[0], "status"));

        await migration.MigrateAsync([(string)keys[0]!, (string)keys[1]!]);
        await migration.FinishAsync();
        Assert.Equal(0, (int)await RedisScripts.Release.EvaluateAsync(db, keys, args));
    }

    /// <summary>
    /// A job hash and a leases ZSET under a new cluster prefix, their slot marked migrating to another master; with
    /// <paramref name="splitKeys"/> the leases ZSET is moved already, so the two declared keys of release-2 are split.
    /// </summary>
    private static async Task<(ClusterSlotMigration Migration, RedisKey[] Keys, RedisValue[] Args)> HalfMigratedAsync(RedisClusterSet cluster, bool splitKeys)
    {
        var name = RedisServer.NewPrefix();
        var prefix = "{" + name + "}";
        RedisKey job = prefix + ":job:nojob", leases = prefix + ":queue:leases";
        var db = cluster.Connection.GetDatabase();
        await db.HashSetAsync(job, [new("status", "pending"), new("routing_key", "default"), new("priority", "normal")]);
        await db.SortedSetAddAsync(leases, "other", 1);
        int slot = await cluster.SlotOfAsync(name);
        var source = await cluster.MasterOfAsync(slot);
        var target = cluster.Nodes.First(n => n.Port != source.Port);
        var migration = await ClusterSlotMigration.BeginAsync(cluster, slot, source, target);
        if (splitKeys) await migration.MigrateAsync([(string)leases!]);
        var args = (RedisValue[])s_releaseArgs.Clone();
        args[0] = prefix;
        return (migration, [job, leases], args);
    }
}
