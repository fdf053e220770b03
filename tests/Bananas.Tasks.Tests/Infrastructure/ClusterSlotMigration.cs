using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Infrastructure;

/// <summary>
/// Moves one slot of a <see cref="RedisClusterSet"/> from its master to another master the way
/// <c>redis-cli --cluster reshard</c> does: <c>CLUSTER SETSLOT … IMPORTING</c> on the target, <c>MIGRATING</c> on the
/// source (<see cref="BeginAsync"/>), <c>CLUSTER GETKEYSINSLOT</c> + <c>MIGRATE … KEYS</c> in small batches (so the window
/// in which the slot's keys are split between the two nodes is long), then <c>SETSLOT … NODE</c> on the target, the
/// source and every other master (<see cref="FinishAsync"/>).
/// </summary>
internal sealed class ClusterSlotMigration
{
    /// <summary>What one move did. <see cref="BusyKeys"/>: keys both nodes held (MIGRATE's BUSYKEY), with their type.</summary>
    public sealed record Outcome(int Keys, int Batches, IReadOnlyList<string> BusyKeys, TimeSpan Window);

    private readonly RedisClusterSet _cluster;
    private readonly int _slot;
    private readonly RedisProcess _source, _target;
    private readonly IServer _src, _dst;
    private string _dstId = "";

    private ClusterSlotMigration(RedisClusterSet cluster, int slot, RedisProcess source, RedisProcess target)
    {
        _cluster = cluster;
        _slot = slot;
        _source = source;
        _target = target;
        _src = cluster.Connection.GetServer("127.0.0.1", source.Port);
        _dst = cluster.Connection.GetServer("127.0.0.1", target.Port);
    }

    /// <summary>Marks <paramref name="slot"/> importing on the target and migrating on the source; no key moves yet.</summary>
    public static async Task<ClusterSlotMigration> BeginAsync(RedisClusterSet cluster, int slot, RedisProcess source, RedisProcess target)
    {
        var migration = new ClusterSlotMigration(cluster, slot, source, target);
        var srcId = (string)(await migration._src.ExecuteAsync("CLUSTER", "MYID"))!;
        migration._dstId = (string)(await migration._dst.ExecuteAsync("CLUSTER", "MYID"))!;
        await migration._dst.ExecuteAsync("CLUSTER", "SETSLOT", slot, "IMPORTING", srcId);
        await migration._src.ExecuteAsync("CLUSTER", "SETSLOT", slot, "MIGRATING", migration._dstId);
        return migration;
    }

    /// <summary>The whole move: begin, every key in batches of <paramref name="batch"/> with <paramref name="pause"/> between them, finish.</summary>
    public static async Task<Outcome> MoveAsync(RedisClusterSet cluster, int slot, RedisProcess source, RedisProcess target,
        int batch = 10, TimeSpan? pause = null)
    {
        var started = DateTime.UtcNow;
        var migration = await BeginAsync(cluster, slot, source, target);
        int keys = 0, batches = 0;
        var busy = new List<string>();
        while (true)
        {
            var found = ((RedisResult[])(await migration._src.ExecuteAsync("CLUSTER", "GETKEYSINSLOT", slot, batch))!).Select(k => (string)k!).ToList();
            if (found.Count == 0) break;
            busy.AddRange(await migration.MigrateAsync(found));
            keys += found.Count;
            batches++;
            if (pause is { } p) await Task.Delay(p);
        }
        await migration.FinishAsync();
        return new Outcome(keys, batches, busy, DateTime.UtcNow - started);
    }

    /// <summary>
    /// Moves these keys to the target in one <c>MIGRATE … KEYS</c>. A key the target holds already (BUSYKEY: a script ran
    /// on the target under ASKING and created it while the source still had it) stops <c>redis-cli --cluster reshard</c>
    /// unless <c>--cluster-replace</c>; here it is named (returned) and replaced, as that option does.
    /// </summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(IReadOnlyList<string> keys)
    {
        var busy = new List<string>();
        var args = new List<object> { "127.0.0.1", _target.Port, "", 0, 5000, "KEYS" };
        args.AddRange(keys);
        try
        {
            await _src.ExecuteAsync("MIGRATE", args.ToArray());
        }
        catch (RedisServerException ex) when (ex.Message.Contains("BUSYKEY", StringComparison.Ordinal))
        {
            foreach (var key in keys)
            {
                try
                {
                    await _src.ExecuteAsync("MIGRATE", "127.0.0.1", _target.Port, key, 0, 5000);
                }
                catch (RedisServerException one) when (one.Message.Contains("BUSYKEY", StringComparison.Ordinal))
                {
                    busy.Add(key + " (" + await _src.ExecuteAsync("TYPE", key) + ")");
                    await _src.ExecuteAsync("MIGRATE", "127.0.0.1", _target.Port, key, 0, 5000, "REPLACE");
                }
            }
        }
        return busy;
    }

    /// <summary>Assigns the slot to the target on the target, the source and every other master.</summary>
    public async Task FinishAsync()
    {
        await _dst.ExecuteAsync("CLUSTER", "SETSLOT", _slot, "NODE", _dstId);
        await _src.ExecuteAsync("CLUSTER", "SETSLOT", _slot, "NODE", _dstId);
        foreach (var other in _cluster.Nodes.Where(n => n.ProcessId is not null && n.Port != _target.Port && n.Port != _source.Port))
        {
            var server = _cluster.Connection.GetServer("127.0.0.1", other.Port);
            if (!server.IsReplica) await server.ExecuteAsync("CLUSTER", "SETSLOT", _slot, "NODE", _dstId);
        }
    }
}
