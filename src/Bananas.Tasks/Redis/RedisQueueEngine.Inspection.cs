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
    public async Task<JobResult?> GetResultAsync(JobId id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var entries = await Db.HashGetAllAsync(_keys.Result(id)).ConfigureAwait(false);
        if (entries.Length == 0) return null;
        var fields = JobHashCodec.ToDictionary(entries);
        string? Text(string field) => fields.TryGetValue(field, out var v) ? v : null;
        var statusText = Text("status");
        if (!JobStatusExtensions.TryParseWireName(statusText, out var status) || status is not (JobStatus.Completed or JobStatus.Failed))
            throw new InvalidOperationException($"Result record {_keys.Result(id)} is malformed: field 'status' has value '{statusText}'; expected completed or failed.");
        var completedText = Text("completed_at");
        DateTimeOffset completedAt = default;
        if (completedText is not null && !JobHashCodec.TryParseTime(completedText, out completedAt))
            throw new InvalidOperationException($"Result record {_keys.Result(id)} is malformed: field 'completed_at' has value '{completedText}'; expected an RFC 3339 time with an offset.");
        var durationText = Text("duration_ms");
        long durationMs = 0;
        if (durationText is not null && !long.TryParse(durationText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out durationMs))
            throw new InvalidOperationException($"Result record {_keys.Result(id)} is malformed: field 'duration_ms' has value '{durationText}'; expected an integer.");
        return new JobResult
        {
            Id = id,
            Status = status,
            ResultJson = Text("result"),
            Error = Text("error"),
            ErrorType = Text("error_type"),
            CompletedAt = completedAt,
            Duration = TimeSpan.FromMilliseconds(durationMs),
        };
    }
}
