namespace Bananas.Tasks.Periodic;

/// <summary>
/// The cron store of one process, with the semantics of <see cref="Redis.RedisCronStore"/> under one lock. Schedulers in
/// the same process can share it; schedulers in different processes cannot (use <see cref="Redis.RedisCronStore"/>).
/// Nothing survives the process.
/// </summary>
public sealed class InMemoryCronStore : ICronStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, CronState> _states = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public string Name => "in-memory";

    /// <inheritdoc/>
    public Task<CronState> LoadAsync(string scheduleName, DateTimeOffset? firstOccurrence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scheduleName);
        lock (_gate)
        {
            if (!_states.TryGetValue(scheduleName, out var state))
                _states[scheduleName] = state = new CronState { NextOccurrence = Utc(firstOccurrence) };
            return Task.FromResult(state);
        }
    }

    /// <inheritdoc/>
    public Task<CronAdvanceOutcome> AdvanceAsync(string scheduleName, DateTimeOffset occurrence, JobId? jobId, DateTimeOffset? nextOccurrence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scheduleName);
        var at = Utc(occurrence)!.Value;
        lock (_gate)
        {
            var state = _states.GetValueOrDefault(scheduleName) ?? new CronState();
            if (state.LastOccurrence is null || state.LastOccurrence < at)
            {
                _states[scheduleName] = state with
                {
                    LastOccurrence = at,
                    NextOccurrence = Utc(nextOccurrence),
                    LastJobId = jobId ?? state.LastJobId,
                    RunCount = state.RunCount + (jobId is null ? 0 : 1),
                };
                return Task.FromResult(CronAdvanceOutcome.Advanced);
            }
            if (state.LastOccurrence == at && jobId is { } id && state.LastJobId != id)
            {
                _states[scheduleName] = state with { LastJobId = id, RunCount = state.RunCount + 1 };
                return Task.FromResult(CronAdvanceOutcome.JobRecorded);
            }
            return Task.FromResult(CronAdvanceOutcome.Stale);
        }
    }

    /// <inheritdoc/>
    public Task<CronState?> GetAsync(string scheduleName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scheduleName);
        lock (_gate) return Task.FromResult(_states.GetValueOrDefault(scheduleName));
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate) return Task.FromResult<IReadOnlyList<string>>(_states.Keys.Order(StringComparer.Ordinal).ToList());
    }

    // The Redis store keeps UTC with 100 ns precision; hold the same so both stores compare alike.
    private static DateTimeOffset? Utc(DateTimeOffset? value) => value?.ToUniversalTime();
}
