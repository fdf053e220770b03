using System.Collections.Concurrent;
using System.Diagnostics;
using Bananas.Tasks.Client;
using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Worker;

/// <summary>
/// A steady producer for failover tests: one enqueue every ~2 ms, each with an id of its own, acknowledged (with the
/// <see cref="Stopwatch"/> time of its acknowledgement) or refused (with the kind of refusal: the Redis error's first
/// word, e.g. <c>CLUSTERDOWN</c>, or the exception type), and the longest time an acknowledged enqueue took.
/// </summary>
internal sealed class SteadyProducer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _longest;

    public SteadyProducer(IBananasClient client, string task)
    {
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                var id = JobId.New();
                var start = Stopwatch.GetTimestamp();
                try
                {
                    // the id stored (the per-route layout puts the route in front of the caller's id)
                    var stored = await client.EnqueueAsync(task, "{}", new JobOptions { JobId = id, MaxRetries = 5 });
                    var now = Stopwatch.GetTimestamp();
                    Acked.Enqueue((stored, now));
                    if (now - start > _longest) _longest = now - start;
                }
                catch (Exception ex) when (ex is RedisException or EnqueueOutcomeUnknownException or TimeoutException)
                {
                    Refused.Enqueue((id, ex is RedisServerException ? ex.Message.Split(' ')[0] : ex.GetType().Name));
                }
                await Task.Delay(2);
            }
        });
    }

    public ConcurrentQueue<(JobId Id, long At)> Acked { get; } = new();

    public ConcurrentQueue<(JobId Id, string Kind)> Refused { get; } = new();

    /// <summary>The longest acknowledged enqueue (StackExchange.Redis holds commands while it has no connection to the slot's master).</summary>
    public TimeSpan Longest => Stopwatch.GetElapsedTime(0, _longest);

    /// <summary>The refusals by kind, e.g. "CLUSTERDOWN 120".</summary>
    public string RefusalKinds => string.Join(", ", Refused.GroupBy(r => r.Kind).Select(g => $"{g.Key} {g.Count()}"));

    public async Task StopAsync()
    {
        _stop.Cancel();
        await _loop;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
