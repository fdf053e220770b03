namespace Bananas.Tasks;

/// <summary>
/// Thrown by a handler to run the job again later: the job is rescheduled <see cref="Delay"/> from now, the attempt is
/// not counted (a snooze never uses up <see cref="JobRecord.MaxRetries"/>), no error is recorded, and
/// <see cref="JobRecord.Snoozes"/> grows by one. A cancel request, a lost lease or the worker's shutdown wins over a
/// snooze thrown at the same time (see docs/worker.md, "Snooze").
/// </summary>
/// <example>
/// <code>
/// public sealed class PartnerTasks(IPartnerApi api) // resolved from DI, one scope per job
/// {
///     [BananaTask]
///     public async Task SyncAccount(string accountId, CancellationToken cancellationToken)
///     {
///         if (!await api.IsAvailableAsync(cancellationToken))
///             throw new Snooze(TimeSpan.FromSeconds(30)); // try again in 30 s; not a failure, not a retry
///         await api.SyncAsync(accountId, cancellationToken);
///     }
/// }
/// </code>
/// </example>
public sealed class Snooze : Exception
{
    /// <summary>The longest delay a snooze accepts.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromDays(365);

    /// <summary>Creates a snooze of <paramref name="delay"/>, from zero (run again as soon as maintenance promotes it) to <see cref="MaxDelay"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The delay is negative or longer than <see cref="MaxDelay"/>.</exception>
    public Snooze(TimeSpan delay)
        : base(Describe(delay))
    {
        if (delay < TimeSpan.Zero || delay > MaxDelay)
            throw new ArgumentOutOfRangeException(nameof(delay), delay,
                $"Snooze delay is {delay}; expected a duration from 00:00:00 to {MaxDelay} (365 days), e.g. TimeSpan.FromSeconds(30).");
        Delay = delay;
    }

    /// <summary>How long from now the job runs again.</summary>
    public TimeSpan Delay { get; }

    private static string Describe(TimeSpan delay) => $"The handler snoozed the job for {delay}.";
}
