using Bananas.Tasks.Engine;
using Microsoft.Extensions.Time.Testing;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>
/// The ONE engine conformance suite: every test here runs unchanged against each engine (a concrete subclass per
/// engine supplies <see cref="CreateEngineAsync"/>). Time is a <see cref="FakeTimeProvider"/> on both engines.
/// </summary>
public abstract partial class QueueEngineConformanceTests
{
    /// <summary>Start of the fake clock in every test.</summary>
    protected static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Generous bound for pub/sub deliveries; tests never wait for it unless something is broken.</summary>
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>A fresh, empty engine with these options (their clock is a fake one; the Redis engine sets its own prefix).</summary>
    protected abstract Task<IQueueEngine> CreateEngineAsync(QueueEngineOptions options);

    /// <summary>A fake clock at <see cref="Start"/> and a fresh engine on it, its options changed by <paramref name="configure"/>.</summary>
    protected async Task<(IQueueEngine Engine, FakeTimeProvider Time)> NewEngineAsync(Action<QueueEngineOptions>? configure = null)
    {
        var time = new FakeTimeProvider(Start);
        var options = new QueueEngineOptions { TimeProvider = time };
        configure?.Invoke(options);
        return (await CreateEngineAsync(options), time);
    }

    /// <summary>A job record as a client would build it.</summary>
    protected static JobRecord Job(string route = "default", Priority priority = Priority.Normal, int maxRetries = 3, DateTimeOffset? scheduledFor = null, string name = "work", string payload = "{}") => new()
    {
        Id = JobId.New(),
        Name = name,
        Payload = payload,
        RoutingKey = RoutingKey.Parse(route),
        Priority = priority,
        MaxRetries = maxRetries,
        ScheduledFor = scheduledFor,
    };

    /// <summary>A fetch over comma-separated routes, each allowed <paramref name="perRoute"/> jobs.</summary>
    protected static FetchRequest Request(string routes, int maxJobs = 10, int perRoute = int.MaxValue, string worker = "worker-1", TimeSpan? lease = null) =>
        new(RoutingKey.ParseList(routes).Select(r => new RouteDemand(r, perRoute)).ToList(), maxJobs, lease ?? TimeSpan.FromSeconds(30), worker);

    /// <summary>Acks one fetched job.</summary>
    protected static async Task<bool> AckAsync(IQueueEngine engine, FetchedJob job, string? result = null, string? token = null) =>
        (await engine.AckAsync([new JobCompletion(job.Id, token ?? job.LeaseToken, result, TimeSpan.FromMilliseconds(5))]))[0];

    /// <summary>A failure of one fetched job.</summary>
    protected static JobFailure Failure(FetchedJob job, DateTimeOffset retryAt, bool permanent = false, string? token = null) =>
        new(job.Id, token ?? job.LeaseToken, "boom", "InvalidOperationException", permanent, retryAt, TimeSpan.FromMilliseconds(7));

    /// <summary>Awaits <paramref name="task"/> or fails the test after <see cref="Patience"/>.</summary>
    protected static async Task<T> Within<T>(Task<T> task, string what)
    {
        var finished = await Task.WhenAny(task, Task.Delay(Patience));
        Assert.True(finished == task, $"Timed out after {Patience.TotalSeconds} s waiting for {what}.");
        return await task;
    }
}
