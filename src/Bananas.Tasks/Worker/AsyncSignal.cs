namespace Bananas.Tasks.Worker;

/// <summary>
/// An auto-reset wake-up latch: <see cref="Set"/> wakes one pending or the next <see cref="WaitAsync"/>. The waiter
/// resumes inline on the thread that calls <see cref="Set"/> (no thread-pool hand-off): a wake-up goes straight to the
/// next fetch, which runs until its first await. Never call <see cref="Set"/> while holding a lock.
/// </summary>
internal sealed class AsyncSignal
{
    private TaskCompletionSource _tcs = new(TaskCreationOptions.None);

    public void Set() => Volatile.Read(ref _tcs).TrySetResult();

    /// <summary>Waits until set or until <paramref name="timeout"/> passes; returns true when set. Resets the latch.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var tcs = Volatile.Read(ref _tcs);
        bool signalled;
        try
        {
            await tcs.Task.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
            signalled = true;
        }
        catch (TimeoutException)
        {
            signalled = false;
        }
        if (tcs.Task.IsCompleted)
            Interlocked.CompareExchange(ref _tcs, new TaskCompletionSource(TaskCreationOptions.None), tcs);
        return signalled;
    }
}
