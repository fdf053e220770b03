using System.Collections.Concurrent;
using System.Threading.Channels;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Registration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bananas.Tasks.Worker;

/// <summary>
/// The hosted worker. One fetch loop leases jobs of its routes in serving order (only as many as it has free
/// slots), a fixed set of consumers runs them (each in its own DI scope, with a CancellationToken that fires on
/// timeout, cancel request or shutdown), a heartbeat renews the leases of running jobs, and a maintenance loop
/// promotes due scheduled jobs and recovers expired leases. Idle, it waits for a pub/sub wake-up with a slow
/// fallback poll. Stopping: no new fetches, running jobs may finish until the host's shutdown timeout, the rest
/// are cancelled and returned to their queues.
/// </summary>
public sealed partial class BananasWorker : BackgroundService
{
    private readonly IQueueEngine _engine;
    private readonly TaskRegistry _registry;
    private readonly IServiceScopeFactory _scopes;
    private readonly BananasWorkerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly IHostApplicationLifetime? _lifetime;
    private readonly RoutingKey[] _routes;
    private readonly int[] _routeLimits;
    private readonly int[] _routeRunning;
    private readonly ConcurrentDictionary<JobId, InFlightJob> _inFlight = new();
    private readonly Channel<InFlightJob> _ready;
    private readonly AsyncSignal _fetchSignal = new();
    private readonly AsyncSignal _maintenanceSignal = new();
    private readonly CancellationTokenSource _stopFetching = new();
    private readonly CancellationTokenSource _abortJobs = new();
    private readonly CancellationTokenSource _stopBackground = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _capacityGate = new();
    private Task _lateFetch = Task.CompletedTask;
    private int _running;

    /// <summary>Creates the worker (normally through <c>AddBananas().AddWorker()</c>).</summary>
    public BananasWorker(
        IQueueEngine engine,
        TaskRegistry registry,
        IServiceScopeFactory scopes,
        IOptions<BananasWorkerOptions> options,
        ILogger<BananasWorker>? logger = null,
        TimeProvider? timeProvider = null,
        IHostApplicationLifetime? lifetime = null)
    {
        _engine = engine ?? throw new ArgumentNullException(nameof(engine));
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _scopes = scopes ?? throw new ArgumentNullException(nameof(scopes));
        _options = options?.Value ?? throw new ArgumentNullException(nameof(options));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _lifetime = lifetime;
        var errors = BananasWorkerOptionsValidator.Check(_options);
        if (errors.Count > 0) throw new OptionsValidationException(nameof(BananasWorkerOptions), typeof(BananasWorkerOptions), errors);
        _routes = _options.RoutingKeys.Select(RoutingKey.Parse).ToArray();
        _routeLimits = _routes.Select(r => _options.RouteConcurrency.TryGetValue(r.Value, out var limit) ? limit : int.MaxValue).ToArray();
        _routeRunning = new int[_routes.Length];
        _ready = Channel.CreateBounded<InFlightJob>(new BoundedChannelOptions(Math.Max(1, _options.Concurrency)) { SingleWriter = true });
    }

    /// <summary>This worker's id (stored on the jobs it leases).</summary>
    public string WorkerId => _options.WorkerId;

    /// <summary>Jobs running right now.</summary>
    public int RunningJobs => Volatile.Read(ref _running);

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_lifetime is not null && !_lifetime.ApplicationStarted.IsCancellationRequested)
        {
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (_lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            using (stoppingToken.Register(() => started.TrySetResult()))
                await started.Task.ConfigureAwait(false);
        }
        Log.Started(_logger, WorkerId, _engine.Name, string.Join(",", _routes), _options.Concurrency);
        if (_options.RaiseThreadPoolMinimum) RaiseThreadPoolMinimum(_options.Concurrency);

        var background = _stopBackground.Token;
        // Subscribe before the first fetch; when the engine is unreachable this keeps retrying in the background
        // while the fetch loop falls back to polling.
        var subscriptions = SubscribeAsync(background);
        await Task.WhenAny(subscriptions, Task.Delay(TimeSpan.FromSeconds(2), _time, stoppingToken)).ConfigureAwait(false);
        var heartbeat = StartHeartbeatThread(background);
        // Maintenance stops as soon as stopping begins: nothing needs promoting while the worker drains.
        var maintenance = Task.Run(() => MaintenanceLoopAsync(_stopFetching.Token), CancellationToken.None);
        var consumers = Enumerable.Range(0, Math.Max(1, _options.Concurrency)).Select(_ => Task.Run(ConsumeAsync, CancellationToken.None)).ToArray();
        var acks = Task.Run(AckLoopAsync, CancellationToken.None);

        try
        {
            await FetchLoopAsync(_stopFetching.Token).ConfigureAwait(false);
        }
        finally
        {
            _ready.Writer.TryComplete();
            await Task.WhenAll(consumers).ConfigureAwait(false);
            // Every consumer waited for its ack, so nothing is queued for the ack loop any more.
            _acks.Writer.TryComplete();
            await acks.ConfigureAwait(false);
            _drained.TrySetResult();
            _stopBackground.Cancel();
            // Bounded waits: with Redis unreachable an engine call only ends at its timeout, and stopping must not
            // wait for that. What is left behind cannot lose a job: leases expire and are recovered.
            await WaitBoundedAsync(Task.WhenAll(heartbeat, maintenance, _lateFetch), "stopping the heartbeat and maintenance").ConfigureAwait(false);
            await WaitBoundedAsync(subscriptions, "subscribing").ConfigureAwait(false);
            if (subscriptions.IsCompletedSuccessfully)
                foreach (var subscription in await subscriptions.ConfigureAwait(false))
                    await WaitBoundedAsync(subscription.DisposeAsync().AsTask(), "unsubscribing").ConfigureAwait(false);
            if (_options.RaiseThreadPoolMinimum) Interlocked.Add(ref s_startedConcurrency, -_options.Concurrency);
            Log.Stopped(_logger, WorkerId);
        }
    }

    /// <inheritdoc/>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        Log.Stopping(_logger, WorkerId, RunningJobs);
        _stopFetching.Cancel();
        _fetchSignal.Set();
        if (ExecuteTask is not null)
        {
            try
            {
                await _drained.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Log.ShutdownTimeout(_logger, WorkerId, RunningJobs);
                _abortJobs.Cancel();
                await ReleaseAllAsync().ConfigureAwait(false);
            }
        }
        await base.StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        base.Dispose();
        _stopFetching.Dispose();
        _abortJobs.Dispose();
        _stopBackground.Dispose();
    }

    private async Task<List<IAsyncDisposable>> SubscribeAsync(CancellationToken cancellationToken)
    {
        var subscriptions = new List<IAsyncDisposable>();
        var delay = TimeSpan.FromMilliseconds(200);
        while (!cancellationToken.IsCancellationRequested && subscriptions.Count < 2)
        {
            try
            {
                if (subscriptions.Count == 0)
                {
                    subscriptions.Add(await _engine.SubscribeWakeUpAsync(_routes, route =>
                    {
                        if (route is null) _maintenanceSignal.Set();
                        else _fetchSignal.Set();
                    }, cancellationToken).ConfigureAwait(false));
                }
                subscriptions.Add(await _engine.SubscribeCancellationsAsync(id =>
                {
                    if (_inFlight.TryGetValue(id, out var job)) TryCancel(job.CancelRequested);
                }, cancellationToken).ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                Log.EngineError(_logger, ex, WorkerId, "subscribing to wake-ups", (long)delay.TotalMilliseconds);
                await SleepAsync(delay, cancellationToken).ConfigureAwait(false);
                delay = NextBackoff(delay);
            }
        }
        return subscriptions;
    }

    private async Task FetchLoopAsync(CancellationToken stop)
    {
        var errorDelay = TimeSpan.FromMilliseconds(100);
        while (!stop.IsCancellationRequested)
        {
            List<RouteDemand> demands;
            int free;
            lock (_capacityGate)
            {
                free = _options.Concurrency - _running;
                demands = new List<RouteDemand>(_routes.Length);
                for (int i = 0; i < _routes.Length; i++)
                {
                    var room = Math.Min(free, _routeLimits[i] - _routeRunning[i]);
                    if (room > 0) demands.Add(new RouteDemand(_routes[i], room));
                }
            }
            if (free <= 0 || demands.Count == 0)
            {
                await WaitForWakeAsync(_options.IdlePollInterval, stop).ConfigureAwait(false);
                continue;
            }

            var max = Math.Min(free, _options.FetchBatchSize);
            IReadOnlyList<FetchedJob> fetched;
            try
            {
                var fetch = _engine.FetchAsync(new FetchRequest(demands, max, _options.LeaseDuration, WorkerId), stop);
                try
                {
                    fetched = await fetch.WaitAsync(stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    // Stopping while a fetch is still on the wire (Redis slow or down): do not wait for it, but hand
                    // back whatever it leases once it completes, so those jobs do not sit out a lease.
                    _lateFetch = ReleaseLateFetchAsync(fetch);
                    break;
                }
                errorDelay = TimeSpan.FromMilliseconds(100);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                Log.EngineError(_logger, ex, WorkerId, "fetching jobs", (long)errorDelay.TotalMilliseconds);
                await SleepAsync(errorDelay, stop).ConfigureAwait(false);
                errorDelay = NextBackoff(errorDelay);
                continue;
            }

            foreach (var job in fetched)
            {
                var routeIndex = Array.IndexOf(_routes, job.Route);
                var entry = new InFlightJob(job, routeIndex);
                lock (_capacityGate)
                {
                    _running++;
                    if (routeIndex >= 0) _routeRunning[routeIndex]++;
                }
                _inFlight[job.Id] = entry;
                // The channel holds at most Concurrency items and we never fetch more than the free slots.
                await _ready.Writer.WriteAsync(entry, CancellationToken.None).ConfigureAwait(false);
            }

            if (fetched.Count == 0)
                await WaitForWakeAsync(_options.IdlePollInterval, stop).ConfigureAwait(false);
        }
    }

    private async Task WaitForWakeAsync(TimeSpan timeout, CancellationToken stop)
    {
        try
        {
            await _fetchSignal.WaitAsync(timeout, _time, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private void FreeSlot(InFlightJob job)
    {
        _inFlight.TryRemove(job.Fetched.Id, out _);
        lock (_capacityGate)
        {
            _running--;
            if (job.RouteIndex >= 0) _routeRunning[job.RouteIndex]--;
        }
        job.Dispose();
        _fetchSignal.Set();
    }

    private async Task ConsumeAsync()
    {
        await foreach (var job in _ready.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                if (_stopFetching.IsCancellationRequested) await ReleaseAsync(job).ConfigureAwait(false);
                else await ExecuteJobAsync(job).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // A fault in the worker's own bookkeeping (not the handler's: those are recorded on the job) must not
                // take the consumer down. The job keeps its lease until it expires; then maintenance recovers it.
                Log.ConsumerFault(_logger, ex, WorkerId, job.Fetched.Id.Value);
            }
            finally
            {
                FreeSlot(job);
            }
        }
    }

    /// <summary>
    /// Renews the leases of running jobs on a dedicated thread, so handlers that block thread-pool threads
    /// (synchronous I/O, Thread.Sleep) cannot starve it into losing their leases.
    /// </summary>
    private Task StartHeartbeatThread(CancellationToken stop)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                HeartbeatLoop(stop);
            }
            finally
            {
                done.TrySetResult();
            }
        })
        {
            IsBackground = true,
            Name = "bananas-heartbeat",
        };
        thread.Start();
        return done.Task;
    }

    private void HeartbeatLoop(CancellationToken stop)
    {
        var interval = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(10).Ticks, _options.LeaseDuration.Ticks / 3));
        while (!stop.WaitHandle.WaitOne(interval))
        {
            var leases = _inFlight.Values.Where(j => Volatile.Read(ref j.Settled) == 0).Select(j => j.Lease).ToList();
            if (leases.Count == 0) continue;
            try
            {
                // This thread exists so that renewing never waits for a thread-pool thread: engines that can renew
                // synchronously do so; for others the blocking wait still frees the heartbeat from timer starvation.
                var lost = _engine is ISynchronousLeaseRenewal renewal
                    ? renewal.RenewLeases(leases, _options.LeaseDuration)
                    : _engine.RenewLeasesAsync(leases, _options.LeaseDuration, stop).GetAwaiter().GetResult();
                foreach (var id in lost)
                {
                    if (_inFlight.TryGetValue(id, out var job) && Volatile.Read(ref job.Settled) == 0)
                    {
                        Log.LeaseLost(_logger, id.Value);
                        TryCancel(job.LeaseLost);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                Log.EngineError(_logger, ex, WorkerId, "renewing leases", (long)interval.TotalMilliseconds);
            }
        }
    }

    private async Task MaintenanceLoopAsync(CancellationToken stop)
    {
        const int batch = 1000;
        var errorDelay = TimeSpan.FromMilliseconds(200);
        while (!stop.IsCancellationRequested)
        {
            var wait = _options.MaintenanceInterval;
            try
            {
                var promoted = await _engine.PromoteDueAsync(batch, stop).WaitAsync(stop).ConfigureAwait(false);
                var recovered = await _engine.RecoverExpiredLeasesAsync(batch, stop).WaitAsync(stop).ConfigureAwait(false);
                if (promoted > 0 || recovered > 0) Log.Maintenance(_logger, promoted, recovered);
                if (promoted >= batch || recovered >= batch) continue;
                var next = await _engine.GetNextScheduledAsync(stop).WaitAsync(stop).ConfigureAwait(false);
                if (next is { } due)
                {
                    var untilDue = due - _time.GetUtcNow();
                    if (untilDue < wait) wait = untilDue < TimeSpan.FromMilliseconds(5) ? TimeSpan.FromMilliseconds(5) : untilDue;
                }
                errorDelay = TimeSpan.FromMilliseconds(200);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                Log.EngineError(_logger, ex, WorkerId, "maintenance", (long)errorDelay.TotalMilliseconds);
                wait = errorDelay;
                errorDelay = NextBackoff(errorDelay);
            }
            try
            {
                await _maintenanceSignal.WaitAsync(wait, _time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
        }
    }

    private async Task ReleaseLateFetchAsync(Task<IReadOnlyList<FetchedJob>> fetch)
    {
        IReadOnlyList<FetchedJob> late;
        try
        {
            late = await fetch.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The fetch failed, so it leased nothing; say why, since nobody else awaits it.
            Log.EngineError(_logger, ex, WorkerId, "a fetch abandoned at shutdown", 0);
            return;
        }
        foreach (var job in late)
        {
            var entry = new InFlightJob(job, -1);
            await ReleaseAsync(entry).ConfigureAwait(false);
            entry.Dispose();
        }
    }

    private async Task WaitBoundedAsync(Task task, string operation)
    {
        try
        {
            await task.WaitAsync(TimeSpan.FromSeconds(2), _time).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            Log.EngineError(_logger, ex, WorkerId, operation + " took longer than 2 s at shutdown; not waiting for it", 0);
        }
        catch (Exception ex)
        {
            Log.EngineError(_logger, ex, WorkerId, operation, 0);
        }
    }

    private async Task ReleaseAllAsync()
    {
        // Give handlers that honour cancellation a moment to unwind and settle themselves.
        var deadline = _time.GetUtcNow() + TimeSpan.FromSeconds(1);
        while (!_inFlight.IsEmpty && _time.GetUtcNow() < deadline)
            await Task.Delay(TimeSpan.FromMilliseconds(20), _time).ConfigureAwait(false);
        foreach (var job in _inFlight.Values.ToList())
            await ReleaseAsync(job).ConfigureAwait(false);
    }

    private async Task ReleaseAsync(InFlightJob job)
    {
        if (Interlocked.Exchange(ref job.Settled, 1) != 0) return;
        try
        {
            if (await _engine.ReleaseAsync(job.Lease, CancellationToken.None).ConfigureAwait(false))
            {
                Telemetry.BananasTelemetry.JobsReleased.Add(1);
                Log.JobReleased(_logger, job.Fetched.Id.Value);
            }
            else
                Log.LeaseLost(_logger, job.Fetched.Id.Value);
        }
        catch (Exception ex)
        {
            // The lease is still recorded in the engine: when it expires, maintenance puts the job back.
            Log.EngineError(_logger, ex, WorkerId, $"returning job {job.Fetched.Id} to its queue (its lease will expire and another worker will recover it)", 0);
        }
    }

    private async Task SleepAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static int s_startedConcurrency;

    /// <summary>Several running workers in one process add up: the minimum covers all of their slots (it is never lowered).</summary>
    private static void RaiseThreadPoolMinimum(int concurrency)
    {
        var total = Interlocked.Add(ref s_startedConcurrency, concurrency);
        ThreadPool.GetMinThreads(out var workers, out var io);
        var wanted = Math.Min(total + Environment.ProcessorCount + 8, 32_767);
        if (workers < wanted) ThreadPool.SetMinThreads(wanted, io);
    }

    private static TimeSpan NextBackoff(TimeSpan current) =>
        TimeSpan.FromMilliseconds(Math.Min(5000, current.TotalMilliseconds * 2));

    private static void TryCancel(CancellationTokenSource cts)
    {
        try
        {
            cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // the job settled concurrently; nothing left to cancel
        }
    }
}
