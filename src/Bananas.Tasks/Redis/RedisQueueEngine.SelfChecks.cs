using Bananas.Tasks.Engine;
using StackExchange.Redis;

namespace Bananas.Tasks.Redis;

public sealed partial class RedisQueueEngine : IEngineSelfChecks
{
    private int _markerWritten;
    private bool _configRefusedReported;

    /// <summary>
    /// The classic layout on a Redis Cluster is refused (<see cref="NotSupportedException"/>, docs/scaling.md). On a
    /// cluster with the cluster layout, a refused migration check is reported (<see cref="CheckMigrationGuardAsync"/>). Then <c>CONFIG GET maxmemory-policy</c>: anything but <c>noeviction</c> lets Redis evict job records and queues under
    /// memory pressure (jobs lost without a trace), reported as an <c>eviction_policy</c> incident (a warning; it does
    /// not degrade health). When CONFIG is refused (an ACL without +config, a renamed command, a managed service) that
    /// is said once, as a <c>config_unavailable</c> incident (logged at Information), never an error. Then writes the
    /// dataset marker <c>{prefix}:instance</c> (SET NX, no TTL) that <see cref="CheckDatasetAsync"/> watches.
    /// </summary>
    public async Task CheckAtStartAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        RefuseCluster(_connection, _keys.Layout); // a connection that was not up when the engine was made is checked here
        await EnsureLayoutAsync().ConfigureAwait(false);
        await CheckMigrationGuardAsync().ConfigureAwait(false);

        try
        {
            var policy = await MaxMemoryPolicyAsync().ConfigureAwait(false);
            if (policy.Length > 0 && policy != "noeviction")
                Incidents.Report("eviction_policy", "maxmemory-policy",
                    $"Redis maxmemory-policy is '{policy}', not 'noeviction': under memory pressure Redis may evict job records, queues and leases, and those jobs are lost without a trace. Set 'maxmemory-policy noeviction' (enqueues then fail with OOM instead).",
                    degrades: false);
        }
        catch (Exception ex) when (ex is RedisServerException or RedisCommandException)
        {
            if (!_configRefusedReported)
            {
                _configRefusedReported = true;
                Incidents.Report("config_unavailable", "maxmemory-policy",
                    $"Neither INFO memory nor CONFIG GET maxmemory-policy could be read ({ex.Message}); the eviction policy could not be checked. Make sure it is 'noeviction'.",
                    degrades: false);
            }
        }
        await Db.StringSetAsync(_keys.Instance, $"{Guid.NewGuid():N} {JobHashCodec.FormatTime(Now)}", when: When.NotExists).ConfigureAwait(false);
        Volatile.Write(ref _markerWritten, 1);
    }

    /// <summary>
    /// The cluster layout and the per-route layout share the global keys' names (<c>{prefix}:routes</c>, workers, cron) but
    /// not the queues, so a worker of one would register, see the routes and never find a job of the other. The first
    /// worker of a prefix on a tagged layout writes <c>{prefix}:layout</c> (SET NX, no TTL); a worker on the other layout
    /// is refused: its first enqueue, fetch or workflow (and its start check) throws <see cref="NotSupportedException"/>
    /// before anything is written, saying what to set, and so does every later one. Read once per engine (a failed read,
    /// Redis unreachable, is tried again by the next call); nothing on the classic layout. A command Redis refuses (an ACL
    /// without +set, +setnx or +get) skips the check with a <c>layout_check_unavailable</c> incident: jobs are not held up by it.
    /// </summary>
    internal Task EnsureLayoutAsync()
    {
        if (_keys.Layout == RedisKeyLayout.Classic || _partition) return Task.CompletedTask;
        var check = _layoutCheck;
        if (check is null || (check.IsFaulted && check.Exception!.InnerException is not NotSupportedException) || check.IsCanceled)
            _layoutCheck = check = CheckLayoutMarkerAsync();
        return check;
    }

    private Task? _layoutCheck;

    private async Task CheckLayoutMarkerAsync()
    {
        var mine = RedisKeyLayouts.Name(_keys.Layout);
        string? stored;
        try
        {
            await Db.StringSetAsync(_keys.LayoutMarker, mine, when: When.NotExists).ConfigureAwait(false);
            stored = (string?)await Db.StringGetAsync(_keys.LayoutMarker).ConfigureAwait(false);
        }
        catch (RedisServerException ex)
        {
            // an ACL without +set/+setnx/+get (or a key of another type): the check is skipped, said once, and jobs go on
            Incidents.Report("layout_check_unavailable", (string)_keys.LayoutMarker!,
                $"The layout marker {(string)_keys.LayoutMarker!} could not be written or read ({ex.Message}), so a process on the other tagged layout (cluster / cluster-per-route) of this prefix would not be refused. Grant +set, +setnx and +get on that key to turn the check on.",
                degrades: false);
            return;
        }
        if (stored is not null && stored != mine)
            throw new NotSupportedException(
                $"The prefix '{_keys.Name}' runs on the {stored} layout ({(string)_keys.LayoutMarker!} = '{stored}'), and this process is set to {mine}: the two keep their queues under different keys, so neither would see the other's jobs. Set REDIS_LAYOUT={stored} on every client and worker of this prefix (or use another prefix; to move a prefix, drain it first and delete {(string)_keys.LayoutMarker!}). See docs/scaling.md.");
    }

    /// <summary>
    /// On a Redis Cluster with the cluster layout: the scripts refuse to run (TRYAGAIN, nothing changed) while the prefix's
    /// slot is being migrated, a check that calls <c>CLUSTER KEYSLOT</c> and <c>CLUSTER NODES</c> from Lua. An ACL without
    /// <c>+cluster|keyslot</c> or <c>+cluster|nodes</c> turns that check off without a word from the scripts, so it is
    /// probed here (<c>cluster-probe-1.lua</c>, on the prefix's master) and a refusal is reported as a
    /// <c>migration_check_unavailable</c> incident (a warning, health not degraded): what it costs and what to grant.
    /// Nothing is reported on a single Redis, where no slot ever moves.
    /// </summary>
    private async Task CheckMigrationGuardAsync()
    {
        if (_keys.Layout == RedisKeyLayout.Classic || !OnCluster(_connection)) return;
        var refusal = (await RedisScripts.ClusterProbe.EvaluateAsync(Db, [_keys.Instance], [_keys.Name]).ConfigureAwait(false)).ToString();
        if (refusal.Length == 0) return;
        Incidents.Report("migration_check_unavailable", _keys.Prefix,
            $"The scripts cannot check whether the slot of {_keys.Prefix} is being migrated ({refusal}), so during a resharding they run on with only Redis's own TRYAGAIN: a script that builds a key the client did not declare can then miss or split a queue (docs/scaling.md, \"Redis Cluster: resharding\"). Grant the Redis user +cluster|keyslot and +cluster|nodes.",
            degrades: false);
    }

    /// <summary>
    /// The server's <c>maxmemory-policy</c>: from <c>INFO memory</c> (<c>maxmemory_policy:…</c>, Redis 4+, read in a script:
    /// no admin mode needed), else <c>CONFIG GET maxmemory-policy</c> (which StackExchange.Redis only sends in admin mode).
    /// </summary>
    private async Task<string> MaxMemoryPolicyAsync()
    {
        Exception? infoError = null;
        try
        {
            // Through a script: StackExchange.Redis sends neither INFO nor CONFIG by Execute outside admin mode. The key
            // (not touched) routes it, on a cluster, to the master that holds this prefix's slot: the one whose policy counts.
            var info = (await Db.ScriptEvaluateAsync("return redis.call('INFO', 'memory')", [_keys.Instance]).ConfigureAwait(false)).ToString();
            foreach (var line in info.Split('\n'))
                if (line.StartsWith("maxmemory_policy:", StringComparison.Ordinal)) return line["maxmemory_policy:".Length..].Trim();
        }
        catch (Exception ex) when (ex is RedisServerException or RedisCommandException)
        {
            infoError = ex;
        }
        _ = infoError; // CONFIG's refusal, if any, is the one reported
        var pair = (RedisResult[])(await Db.ExecuteAsync("CONFIG", "GET", "maxmemory-policy").ConfigureAwait(false))!;
        return pair.Length >= 2 ? pair[1].ToString() : "";
    }

    /// <summary>
    /// The marker <c>{prefix}:instance</c> written at start is gone: the dataset was emptied under the running worker
    /// (FLUSHALL/FLUSHDB, a restart without persistence, a failover to an empty replica), so every job that was queued,
    /// scheduled or leased is lost. Reported as a <c>dataset_emptied</c> incident (the worker logs it as an Error,
    /// health is Degraded for <see cref="EngineIncidents.QuietPeriod"/>); the marker is written again.
    /// </summary>
    public async Task CheckDatasetAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Volatile.Read(ref _markerWritten) == 0) return;
        if (await Db.KeyExistsAsync(_keys.Instance).ConfigureAwait(false)) return;
        await ReportDatasetEmptiedAsync().ConfigureAwait(false);
    }

    private async Task ReportDatasetEmptiedAsync()
    {
        Incidents.Report("dataset_emptied", _keys.Instance.ToString(),
            $"The marker key {_keys.Instance} written when this worker started is gone: the Redis dataset was emptied under the running worker (FLUSHALL/FLUSHDB, a restart without persistence, a failover to an empty replica). Jobs that were queued, scheduled or leased then are lost; check the Redis server's persistence and failover.",
            degrades: true);
        await Db.StringSetAsync(_keys.Instance, $"{Guid.NewGuid():N} {JobHashCodec.FormatTime(Now)}", when: When.NotExists).ConfigureAwait(false);
    }
}
