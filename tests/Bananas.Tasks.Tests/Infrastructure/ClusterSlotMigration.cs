using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Infrastructure;

/// <summary>
/// Moves one slot of a <see cref="RedisClusterSet"/> from its master to another master the way
/// <c>redis-cli --cluster reshard</c> does: <c>CLUSTER SETSLOT … IMPORTING</c> on the target, <c>MIGRATING</c> on the
/// source, <c>CLUSTER GETKEYSINSLOT</c> + <c>MIGRATE … KEYS</c> in small batches (so the window in which the slot's keys
/// are split between the two nodes is long), then <c>SETSLOT … NODE</c> on the target, the source and every other master.
/// </summary>
internal static class ClusterSlotMigration
{
    /// <summary>What one move did.</summary>
    public sealed record Outcome(int Keys, int Batches, IReadOnlyList<string> BusyKeys, TimeSpan Window);

    public static async Task<Outcome> MoveAsync(RedisClusterSet cluster, int slot, RedisProcess source, RedisProcess target,
        IEnumerable<RedisProcess> otherMasters, int batch = 10, TimeSpan? pause = null)
    {
        var started = DateTime.UtcNow;
        var src = cluster.Connection.GetServer("127.0.0.1", source.Port);
        var dst = cluster.Connection.GetServer("127.0.0.1", target.Port);
        var srcId = (string)(await src.ExecuteAsync("CLUSTER", "MYID"))!;
        var dstId = (string)(await dst.ExecuteAsync("CLUSTER", "MYID"))!;
        await dst.ExecuteAsync("CLUSTER", "SETSLOT", slot, "IMPORTING", srcId);
        await src.ExecuteAsync("CLUSTER", "SETSLOT", slot, "MIGRATING", dstId);
        int keys = 0, batches = 0;
        var busy = new List<string>();
        while (true)
        {
            var found = (RedisResult[])(await src.ExecuteAsync("CLUSTER", "GETKEYSINSLOT", slot, batch))!;
            if (found.Length == 0) break;
            var args = new List<object> { "127.0.0.1", target.Port, "", 0, 5000, "KEYS" };
            args.AddRange(found.Select(k => (object)(string)k!));
            try
            {
                await src.ExecuteAsync("MIGRATE", args.ToArray());
            }
            catch (RedisServerException ex) when (ex.Message.Contains("BUSYKEY", StringComparison.Ordinal))
            {
                // a key both nodes hold: a script ran on the target (under ASKING) and created it while the source still
                // had it. redis-cli stops here unless --cluster-replace; this names it and replaces it, as that option does.
                foreach (var key in found.Select(k => (string)k!))
                {
                    try
                    {
                        await src.ExecuteAsync("MIGRATE", "127.0.0.1", target.Port, key, 0, 5000);
                    }
                    catch (RedisServerException one) when (one.Message.Contains("BUSYKEY", StringComparison.Ordinal))
                    {
                        busy.Add(key + " (" + (await src.ExecuteAsync("TYPE", key)) + ")");
                        await src.ExecuteAsync("MIGRATE", "127.0.0.1", target.Port, key, 0, 5000, "REPLACE");
                    }
                    catch (RedisServerException gone) when (gone.Message.StartsWith("NOKEY", StringComparison.Ordinal))
                    {
                    }
                }
            }
            keys += found.Length;
            batches++;
            if (pause is { } p) await Task.Delay(p);
        }
        await dst.ExecuteAsync("CLUSTER", "SETSLOT", slot, "NODE", dstId);
        await src.ExecuteAsync("CLUSTER", "SETSLOT", slot, "NODE", dstId);
        foreach (var other in otherMasters)
            await cluster.Connection.GetServer("127.0.0.1", other.Port).ExecuteAsync("CLUSTER", "SETSLOT", slot, "NODE", dstId);
        return new Outcome(keys, batches, busy, DateTime.UtcNow - started);
    }
}
