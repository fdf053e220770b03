using Bananas.Tasks.Engine;
using StackExchange.Redis;

namespace Bananas.Tasks.Redis;

/// <summary>
/// The engine's one mechanism for waiting on results: the multiplexer's <see cref="ISubscriber"/> and a table of
/// waiters keyed by job id. The first waiter for an id subscribes to <c>{prefix}:result:notify:{id}</c>; later
/// waiters share that subscription; the last one to leave unsubscribes. Every waiter subscribes BEFORE it marks the job
/// as waited for (wait-1.lua, atomic with the status check: completion publishes only for marked jobs), so a job that
/// finishes in between is either seen finished by the mark or publishes to the subscription. Pub/sub is at most once,
/// so a waiter also marks and checks again every <see cref="FallbackPoll"/> (which also marks a job enqueued later).
/// </summary>
internal sealed class ResultWaiters
{
    /// <summary>How often a waiter re-reads the stored result in case a notice was lost (e.g. during a reconnect).</summary>
    public static readonly TimeSpan FallbackPoll = TimeSpan.FromSeconds(5);

    private readonly object _gate = new();
    private readonly Dictionary<JobId, Entry> _entries = new();
    private readonly ISubscriber _subscriber;
    private readonly Func<JobId, Task<JobResult?>> _read;
    private readonly Func<JobId, Task<bool>> _markFinished;

    /// <param name="subscriber">The multiplexer's subscriber.</param>
    /// <param name="read">Reads the stored result (null while there is none).</param>
    /// <param name="markFinished">Marks the job as waited for; true when it is already finished (its result can be read).</param>
    public ResultWaiters(ISubscriber subscriber, Func<JobId, Task<JobResult?>> read, Func<JobId, Task<bool>> markFinished)
    {
        _subscriber = subscriber;
        _read = read;
        _markFinished = markFinished;
    }

    private long _foundFinished;
    private long _woken;

    /// <summary>Waits that found the job finished when they marked it (for tests of the mark/complete race).</summary>
    public long FoundFinished => Interlocked.Read(ref _foundFinished);

    /// <summary>Waits ended by a published notice (for tests of the mark/complete race).</summary>
    public long Woken => Interlocked.Read(ref _woken);

    /// <summary>Number of job ids with a live subscription (for tests).</summary>
    public int SubscribedIds
    {
        get { lock (_gate) return _entries.Count; }
    }

    public async Task<JobResult> WaitAsync(JobId id, RedisChannel channel, CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource<JobResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        Entry entry;
        lock (_gate)
        {
            if (!_entries.TryGetValue(id, out entry!))
            {
                entry = new Entry(channel);
                var created = entry;
                entry.Handler = (_, _) => _ = OnNoticeAsync(id, created);
                entry.Subscribed = _subscriber.SubscribeAsync(channel, entry.Handler);
                _entries[id] = entry;
            }
            entry.Waiters.Add(waiter);
        }
        try
        {
            await entry.Subscribed.WaitAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                if (await _markFinished(id).ConfigureAwait(false))
                {
                    var stored = await _read(id).ConfigureAwait(false);
                    if (stored is not null)
                    {
                        Interlocked.Increment(ref _foundFinished);
                        return stored;
                    }
                    // null: it expired in between; nothing will publish, keep polling
                }
                using var pollCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var poll = Task.Delay(FallbackPoll, pollCancel.Token);
                var first = await Task.WhenAny(waiter.Task, poll).ConfigureAwait(false);
                if (first == waiter.Task)
                {
                    pollCancel.Cancel();
                    Interlocked.Increment(ref _woken);
                    return await waiter.Task.ConfigureAwait(false);
                }
                await poll.ConfigureAwait(false); // throws when the caller cancelled the wait
            }
        }
        finally
        {
            bool last;
            lock (_gate)
            {
                entry.Waiters.Remove(waiter);
                last = entry.Waiters.Count == 0 && _entries.TryGetValue(id, out var current) && ReferenceEquals(current, entry);
                if (last) _entries.Remove(id);
            }
            // Fire-and-forget: the local handler is removed at once; the UNSUBSCRIBE reaches Redis when it can.
            if (last) _subscriber.Unsubscribe(entry.Channel, entry.Handler, CommandFlags.FireAndForget);
        }
    }

    /// <summary>Fails every waiter (the engine is being disposed) and drops their subscriptions.</summary>
    public void Close()
    {
        List<Entry> entries;
        lock (_gate)
        {
            entries = _entries.Values.ToList();
            _entries.Clear();
        }
        foreach (var entry in entries)
        {
            _subscriber.Unsubscribe(entry.Channel, entry.Handler, CommandFlags.FireAndForget);
            List<TaskCompletionSource<JobResult>> waiters;
            lock (_gate) waiters = entry.Waiters.ToList();
            foreach (var w in waiters) w.TrySetException(new ObjectDisposedException(nameof(RedisQueueEngine), "The Redis queue engine was disposed while waiting for a job result."));
        }
    }

    private async Task OnNoticeAsync(JobId id, Entry entry)
    {
        List<TaskCompletionSource<JobResult>> waiters;
        try
        {
            var result = await _read(id).ConfigureAwait(false);
            if (result is null) return; // a notice without a stored result (e.g. it expired): waiters keep waiting and polling
            lock (_gate) waiters = entry.Waiters.ToList();
            foreach (var w in waiters) w.TrySetResult(result);
        }
        catch (Exception ex)
        {
            lock (_gate) waiters = entry.Waiters.ToList();
            foreach (var w in waiters) w.TrySetException(ex);
        }
    }

    private sealed class Entry(RedisChannel channel)
    {
        public RedisChannel Channel { get; } = channel;
        public List<TaskCompletionSource<JobResult>> Waiters { get; } = new();
        public Action<RedisChannel, RedisValue> Handler { get; set; } = static (_, _) => { };
        public Task Subscribed { get; set; } = Task.CompletedTask;
    }
}
