using System.Globalization;
using Bananas.Tasks.Engine;
using StackExchange.Redis;

namespace Bananas.Tasks.Redis;

public sealed partial class RedisQueueEngine
{
    /// <inheritdoc/>
    /// <remarks>Decoded leniently: a field that cannot be read takes its default, so malformed records can still be inspected.</remarks>
    public async Task<JobRecord?> GetJobAsync(JobId id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var entries = await Db.HashGetAllAsync(_keys.Job(id)).ConfigureAwait(false);
        return entries.Length == 0 ? null : JobHashCodec.DecodeLenient(id, JobHashCodec.ToDictionary(entries));
    }

    /// <inheritdoc/>
    public async Task<QueueDepths> GetQueueDepthsAsync(IReadOnlyList<RoutingKey>? routes = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (routes is null)
        {
            var members = await Tolerant(Db.SetMembersAsync(_keys.Routes), _keys.Routes, "set", []).ConfigureAwait(false);
            var known = new List<RoutingKey>(members.Length);
            foreach (var m in members)
                if (RoutingKey.TryParse(m.ToString(), out var route)) known.Add(route);
            known.Sort((a, b) => string.CompareOrdinal(a.Value, b.Value));
            routes = known;
        }
        var batch = Db.CreateBatch();
        var lengths = routes.Select(r => _keys.Queues(r).Select(q => Tolerant(batch.ListLengthAsync(q), q, "list", 0L)).ToArray()).ToList();
        var scheduled = Tolerant(batch.SortedSetLengthAsync(_keys.Scheduled), _keys.Scheduled, "zset", 0L);
        var processing = Tolerant(batch.SortedSetLengthAsync(_keys.Leases), _keys.Leases, "zset", 0L);
        var dead = Tolerant(batch.ListLengthAsync(_keys.Dead), _keys.Dead, "list", 0L);
        batch.Execute();
        var depths = new Dictionary<RoutingKey, RouteDepth>();
        for (int i = 0; i < routes.Count; i++)
        {
            var l = lengths[i];
            depths[routes[i]] = new RouteDepth(await l[0].ConfigureAwait(false), await l[1].ConfigureAwait(false), await l[2].ConfigureAwait(false));
        }
        return new QueueDepths
        {
            Routes = depths,
            Scheduled = await scheduled.ConfigureAwait(false),
            Processing = await processing.ConfigureAwait(false),
            Dead = await dead.ConfigureAwait(false),
        };
    }

    /// <summary>
    /// A read of a key that may hold another type than expected (written by something else): counted as empty and
    /// reported as a <c>wrong_type_queue</c> incident (which degrades health, naming the key) instead of failing the
    /// whole depth query.
    /// </summary>
    private async Task<T> Tolerant<T>(Task<T> read, RedisKey key, string expected, T empty)
    {
        try
        {
            return await read.ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("WRONGTYPE", StringComparison.Ordinal))
        {
            Incidents.Report("wrong_type_queue", key.ToString(), $"{key} holds another type than a {expected}; counted as empty", degrades: true);
            return empty;
        }
    }

    /// <inheritdoc/>
    /// <remarks>Decoded leniently, like <see cref="GetJobAsync"/>; ids whose record is gone are skipped.</remarks>
    public async Task<IReadOnlyList<JobRecord>> ListDeadAsync(int offset, int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        cancellationToken.ThrowIfCancellationRequested();
        if (count == 0) return [];
        var ids = await Db.ListRangeAsync(_keys.Dead, offset, offset + count - 1).ConfigureAwait(false);
        var reads = new List<(JobId Id, Task<HashEntry[]> Fields)>(ids.Length);
        foreach (var raw in ids)
            if (JobId.TryParse(raw.ToString(), out var id)) reads.Add((id, Db.HashGetAllAsync(_keys.Job(id))));
        var jobs = new List<JobRecord>(reads.Count);
        foreach (var (id, fields) in reads)
        {
            var entries = await fields.ConfigureAwait(false);
            if (entries.Length > 0) jobs.Add(JobHashCodec.DecodeLenient(id, JobHashCodec.ToDictionary(entries)));
        }
        return jobs;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The outcome is read from the job hash (status completed or failed, completed_at, duration_ms, result, error,
    /// error_type): one HMGET. A record of the old format (a finished job hash without duration_ms, its outcome in a
    /// separate <c>{prefix}:result:{id}</c> hash) is read from that hash, as is an old result whose job hash is gone.
    /// </remarks>
    public async Task<JobResult?> GetResultAsync(JobId id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var key = _keys.Job(id);
        RedisValue[] values;
        try
        {
            values = await Db.HashGetAsync(key, ResultFields).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("WRONGTYPE", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Job record {key} holds another type than a hash; it has no result to read.", ex);
        }
        var statusText = values[0].IsNull ? null : values[0].ToString();
        bool finished = statusText is "completed" or "failed";
        if (finished && !values[2].IsNull)
            return DecodeResult(id, key.ToString(), "job record", values.Select(v => v.IsNull ? null : v.ToString()).ToArray());
        if (statusText is not null && !finished) return null; // pending, scheduled or processing: no outcome yet
        // Old format: the outcome in {prefix}:result:{id}.
        var legacy = _keys.Result(id);
        var entries = await Db.HashGetAllAsync(legacy).ConfigureAwait(false);
        if (entries.Length == 0)
            return finished ? DecodeResult(id, key.ToString(), "job record", values.Select(v => v.IsNull ? null : v.ToString()).ToArray()) : null;
        var fields = JobHashCodec.ToDictionary(entries);
        return DecodeResult(id, legacy.ToString(), "result record", ResultFieldNames.Select(n => fields.TryGetValue(n, out var v) ? v : null).ToArray());
    }

    private static readonly string[] ResultFieldNames = ["status", "completed_at", "duration_ms", "result", "error", "error_type"];
    private static readonly RedisValue[] ResultFields = ResultFieldNames.Select(n => (RedisValue)n).ToArray();

    /// <summary>A job's outcome from its fields in <see cref="ResultFieldNames"/> order.</summary>
    private static JobResult DecodeResult(JobId id, string key, string what, string?[] f)
    {
        var statusText = f[0];
        if (!JobStatusExtensions.TryParseWireName(statusText, out var status) || status is not (JobStatus.Completed or JobStatus.Failed))
            throw new InvalidOperationException($"{Capital(what)} {key} is malformed: field 'status' has value '{statusText}'; expected completed or failed.");
        DateTimeOffset completedAt = default;
        if (f[1] is { } completedText && !JobHashCodec.TryParseTime(completedText, out completedAt))
            throw new InvalidOperationException($"{Capital(what)} {key} is malformed: field 'completed_at' has value '{completedText}'; expected an RFC 3339 time with an offset.");
        long durationMs = 0;
        if (f[2] is { } durationText && (!long.TryParse(durationText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out durationMs)
            || durationMs < 0 || durationMs > (long)TimeSpan.MaxValue.TotalMilliseconds))
            throw new InvalidOperationException($"{Capital(what)} {key} is malformed: field 'duration_ms' has value '{durationText}'; expected a whole number of milliseconds from 0 to {(long)TimeSpan.MaxValue.TotalMilliseconds}.");
        return new JobResult
        {
            Id = id,
            Status = status,
            ResultJson = f[3],
            Error = status == JobStatus.Failed ? f[4] : null,
            ErrorType = status == JobStatus.Failed ? f[5] : null,
            CompletedAt = completedAt,
            Duration = TimeSpan.FromMilliseconds(durationMs),
        };
    }

    private static string Capital(string what) => char.ToUpperInvariant(what[0]) + what[1..];

    /// <summary>
    /// Marks the job as waited for, atomically with its status check (wait-1.lua): true when it is finished already
    /// (read its result now), false when the mark is set or there is no record yet (its completion will publish).
    /// </summary>
    internal async Task<bool> MarkWaitedAsync(JobId id)
    {
        var reply = await RedisScripts.WaitMark.EvaluateAsync(Db, [_keys.Job(id)], []).ConfigureAwait(false);
        return reply.ToString() == "finished";
    }
}
