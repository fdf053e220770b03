using Bananas.Tasks.Engine;
using StackExchange.Redis;

using Bananas.Tasks.Periodic;

namespace Bananas.Tasks.Redis;

/// <summary>
/// The cron store every scheduler instance shares: one hash per schedule at <c>{prefix}:cron:{schedule}</c> with the
/// fields <c>last_occurrence</c>, <c>next_occurrence</c>, <c>last_job_id</c> and <c>run_count</c>, and the index of
/// schedule names at <c>{prefix}:schedules</c> (a SET, written by every load, read by <see cref="ListAsync"/>). Each transition is
/// one Lua script (<c>Redis/Scripts/cron-*.lua</c>) that touches only the keys passed in <c>KEYS</c>, run by SHA like
/// every engine script (<see cref="RedisScript"/>).
/// </summary>
public sealed class RedisCronStore : ICronStore
{
    private readonly IConnectionMultiplexer _redis;
    private readonly RedisKeys _keys;
    private readonly bool _useRedisClock;

    /// <summary>Creates a store over a connection.</summary>
    /// <param name="redis">The connection (shared with the engine).</param>
    /// <param name="prefix">Key prefix; default <c>bananas</c>, the engine's default.</param>
    /// <param name="useRedisClock">
    /// True (default): loads report Redis <c>TIME</c> as <see cref="CronState.StoreTime"/>, so no scheduler fires an
    /// occurrence before Redis's clock reaches it. False: only the schedulers' own clocks count (for tests that run a
    /// fake clock ahead of real time against a real Redis).
    /// </param>
    public RedisCronStore(IConnectionMultiplexer redis, string prefix = "bananas", bool useRedisClock = true)
        : this(redis, new RedisKeys(prefix), useRedisClock)
    {
    }

    /// <summary>Creates a store over a connection with the keys of <paramref name="layout"/> (docs/scaling.md).</summary>
    public RedisCronStore(IConnectionMultiplexer redis, string prefix, RedisKeyLayout layout, bool useRedisClock = true)
        : this(redis, new RedisKeys(prefix, layout), useRedisClock)
    {
    }

    internal RedisCronStore(IConnectionMultiplexer redis, RedisKeys keys, bool useRedisClock = true)
    {
        _useRedisClock = useRedisClock;
        _redis = redis ?? throw new ArgumentNullException(nameof(redis));
        _keys = keys;
    }

    /// <inheritdoc/>
    public string Name => "redis";

    /// <summary>The key of a schedule's hash: <c>{prefix}:cron:{schedule}</c>.</summary>
    public RedisKey KeyOf(string scheduleName)
    {
        var error = CronParsing.ValidateScheduleName(scheduleName);
        if (error is not null) throw new ArgumentException("Invalid " + error + ".", nameof(scheduleName));
        return _keys.Cron(scheduleName);
    }

    /// <inheritdoc/>
    public async Task<CronState> LoadAsync(string scheduleName, DateTimeOffset? firstOccurrence, CancellationToken cancellationToken = default)
    {
        var key = KeyOf(scheduleName);
        var result = await RedisScripts.CronLoad.EvaluateAsync(
            _redis.GetDatabase(), [key, _keys.Schedules], [firstOccurrence is { } first ? CronTimestamps.ToWire(first) : "", scheduleName]).ConfigureAwait(false);
        var values = (RedisResult[])result!;
        if (values.Length != 6) throw new InvalidDataException($"cron-load-2.lua returned {values.Length} values for '{key}'; expected 6.");
        var seconds = (long)values[4];
        var micros = (long)values[5];
        var state = Parse(key, (string?)values[0], (string?)values[1], (string?)values[2], (string?)values[3]);
        return _useRedisClock ? state with { StoreTime = DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(micros * 10) } : state;
    }

    /// <inheritdoc/>
    public async Task<CronAdvanceOutcome> AdvanceAsync(string scheduleName, DateTimeOffset occurrence, JobId? jobId, DateTimeOffset? nextOccurrence, CancellationToken cancellationToken = default)
    {
        var key = KeyOf(scheduleName);
        var result = await RedisScripts.CronAdvance.EvaluateAsync(
            _redis.GetDatabase(),
            [key],
            [CronTimestamps.ToWire(occurrence), jobId?.Value ?? "", nextOccurrence is { } next ? CronTimestamps.ToWire(next) : ""]).ConfigureAwait(false);
        return (long)result switch
        {
            0 => CronAdvanceOutcome.Stale,
            1 => CronAdvanceOutcome.Advanced,
            2 => CronAdvanceOutcome.JobRecorded,
            var other => throw new InvalidDataException($"cron-advance-1.lua returned {other} for '{key}'; expected 0, 1 or 2."),
        };
    }

    /// <inheritdoc/>
    public async Task<CronState?> GetAsync(string scheduleName, CancellationToken cancellationToken = default)
    {
        var key = KeyOf(scheduleName);
        var values = await _redis.GetDatabase().HashGetAsync(key, ["last_occurrence", "next_occurrence", "last_job_id", "run_count"]).ConfigureAwait(false);
        if (values.All(v => v.IsNull)) return null;
        return Parse(key, values[0], values[1], values[2], values[3]);
    }

    /// <inheritdoc/>
    /// <remarks>One <c>SMEMBERS</c> of <c>{prefix}:schedules</c>: O(schedules), never a <c>SCAN</c>.</remarks>
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default)
    {
        var members = await _redis.GetDatabase().SetMembersAsync(_keys.Schedules).ConfigureAwait(false);
        return members.Select(m => (string)m!).Order(StringComparer.Ordinal).ToList();
    }

    private static CronState Parse(RedisKey key, string? last, string? next, string? jobId, string? runCount)
    {
        var keyText = key.ToString();
        JobId? id = null;
        if (!string.IsNullOrEmpty(jobId))
        {
            if (!JobId.TryParse(jobId, out var parsed))
                throw new InvalidDataException($"Field 'last_job_id' of '{keyText}' holds '{jobId}', which is not a job id. Fix or delete the key to reset the schedule.");
            id = parsed;
        }
        long count = 0;
        if (!string.IsNullOrEmpty(runCount) && !long.TryParse(runCount, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out count))
            throw new InvalidDataException($"Field 'run_count' of '{keyText}' holds '{runCount}', which is not a non-negative integer. Fix or delete the key to reset the schedule.");
        return new CronState
        {
            LastOccurrence = CronTimestamps.FromWire(last, keyText, "last_occurrence"),
            NextOccurrence = CronTimestamps.FromWire(next, keyText, "next_occurrence"),
            LastJobId = id,
            RunCount = count,
        };
    }
}
