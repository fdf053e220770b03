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
/// timeout, cancel request or shutdown), one ack loop records their completions, a heartbeat renews the leases of
/// running jobs, and a maintenance loop promotes due scheduled jobs and recovers expired leases. Idle, it waits for
/// a pub/sub wake-up with a slow fallback poll. Stopping: no new fetches, running jobs may finish until the host's
/// shutdown timeout, the rest are cancelled and returned to their queues. Each loop is its own type (docs/worker.md
/// has the diagram); this class builds them and runs them in order.
/// </summary>
public sealed class BananasWorker : BackgroundService
{
    private readonly WorkerContext _context;
    private readonly IHostApplicationLifetime? _lifetime;
    private readonly RoutingKey[] _routes;
    private readonly InFlightJobs _inFlight;
    private readonly Channel<InFlightJob> _ready;
    private readonly AsyncSignal _fetchWake = new();
    private readonly CancellationTokenSource _stopFetching = new();
    private readonly CancellationTokenSource _abortJobs = new();
    private readonly CancellationTokenSource _stopBackground = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly WorkerSubscriptions _subscriptions;
    private readonly FetchLoop _fetch;
    private readonly JobRunner _runner;
    private readonly AckLoop _acks;
    private readonly OutcomeRecorder _outcomes;
    private readonly LeaseHeartbeat _heartbeat;
    private readonly MaintenanceLoop _maintenance;
    private readonly WorkerRegistration _registration;

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
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(scopes);
        var settings = options?.Value ?? throw new ArgumentNullException(nameof(options));
        var errors = BananasWorkerOptionsValidator.Check(settings);
        if (errors.Count > 0) throw new OptionsValidationException(nameof(BananasWorkerOptions), typeof(BananasWorkerOptions), errors);
        _context = new WorkerContext(engine, settings, (ILogger?)logger ?? NullLogger.Instance, timeProvider ?? TimeProvider.System);
        _lifetime = lifetime;
        _routes = settings.RoutingKeys.Select(RoutingKey.Parse).ToArray();

        // The data the loops share: the in-flight map (with the free slots), the ready channel (fetch → consumers)
        // and two wake-up signals (fetch: a queue became non-empty or a slot freed; maintenance: a job was scheduled).
        var maintenanceWake = new AsyncSignal();
        _inFlight = new InFlightJobs(_routes, settings, _fetchWake);
        _ready = Channel.CreateBounded<InFlightJob>(new BoundedChannelOptions(Math.Max(1, settings.Concurrency)) { SingleWriter = true });

        var retry = new OutcomeRetry(_context, _abortJobs.Token);
        _acks = new AckLoop(_context, retry);
        _outcomes = new OutcomeRecorder(_context, _acks, retry);
        _runner = new JobRunner(_context, registry, scopes, _inFlight, _outcomes, _stopFetching.Token, _abortJobs.Token);
        _fetch = new FetchLoop(_context, _inFlight, _ready.Writer, _fetchWake, _outcomes);
        _heartbeat = new LeaseHeartbeat(_context, _inFlight);
        _maintenance = new MaintenanceLoop(_context, maintenanceWake);
        _registration = new WorkerRegistration(_context, _routes, _inFlight);
        _subscriptions = new WorkerSubscriptions(_context, _routes, _inFlight, _fetchWake, maintenanceWake);
    }

    /// <summary>This worker's id (stored on the jobs it leases).</summary>
    public string WorkerId => _context.WorkerId;

    /// <summary>Jobs running right now.</summary>
    public int RunningJobs => _inFlight.Running;

    private BananasWorkerOptions Options => _context.Options;

    private ILogger Logger => _context.Logger;

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
        WorkerLog.Started(Logger, WorkerId, _context.Engine.Name, string.Join(",", _routes), Options.Concurrency);
        var incidents = (_context.Engine as IReportsEngineIncidents)?.Incidents;
        if (incidents is not null) incidents.Reported += LogIncident;
        if (Options.RaiseThreadPoolMinimum) RaiseThreadPoolMinimum(Options.Concurrency);

        var background = _stopBackground.Token;
        // Subscribe before the first fetch; when the engine is unreachable this keeps retrying in the background
        // while the fetch loop falls back to polling.
        var subscriptions = _subscriptions.SubscribeAsync(background);
        await Task.WhenAny(subscriptions, Task.Delay(TimeSpan.FromSeconds(2), _context.Time, stoppingToken)).ConfigureAwait(false);
        var heartbeat = _heartbeat.Start(background);
        // Registration and throughput counts: until the worker has drained, then removed (a clean stop).
        var registration = Task.Run(() => _registration.RunAsync(background), CancellationToken.None);
        // Maintenance stops as soon as stopping begins: nothing needs promoting while the worker drains.
        var maintenance = Task.Run(() => _maintenance.RunAsync(_stopFetching.Token), CancellationToken.None);
        var consumers = Enumerable.Range(0, Math.Max(1, Options.Concurrency)).Select(_ => Task.Run(() => _runner.ConsumeAsync(_ready.Reader), CancellationToken.None)).ToArray();
        var acks = Task.Run(_acks.RunAsync, CancellationToken.None);

        try
        {
            await _fetch.RunAsync(_stopFetching.Token).ConfigureAwait(false);
        }
        finally
        {
            _ready.Writer.TryComplete();
            await Task.WhenAll(consumers).ConfigureAwait(false);
            // Every consumer has handed its last completion over: the ack loop sends what is queued, then ends.
            _acks.Complete();
            await acks.ConfigureAwait(false);
            await _outcomes.ReportedAsync().ConfigureAwait(false); // every completion counted before the last counts are written
            _drained.TrySetResult();
            _stopBackground.Cancel();
            // Bounded waits: with Redis unreachable an engine call only ends at its timeout, and stopping must not
            // wait for that. What is left behind cannot lose a job: leases expire and are recovered.
            // The registration is removed (a clean stop) once its loop has ended, within the same bounded wait.
            var unregistered = registration.ContinueWith(_ => _registration.RemoveAsync(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
            await WaitBoundedAsync(Task.WhenAll(heartbeat, maintenance, _fetch.LateFetch, unregistered), "stopping the heartbeat and maintenance, removing the worker's registration").ConfigureAwait(false);
            await WaitBoundedAsync(subscriptions, "subscribing").ConfigureAwait(false);
            if (subscriptions.IsCompletedSuccessfully)
                foreach (var subscription in await subscriptions.ConfigureAwait(false))
                    await WaitBoundedAsync(subscription.DisposeAsync().AsTask(), "unsubscribing").ConfigureAwait(false);
            if (Options.RaiseThreadPoolMinimum) Interlocked.Add(ref s_startedConcurrency, -Options.Concurrency);
            if (incidents is not null) incidents.Reported -= LogIncident;
            WorkerLog.Stopped(Logger, WorkerId);
        }
    }

    /// <summary>Logs an engine incident once when it is first met (the engine also counts each occurrence).</summary>
    private void LogIncident(EngineIncident incident)
    {
        if (incident.Kind == "dataset_emptied")
            WorkerLog.EngineIncidentError(Logger, WorkerId, incident.Kind, incident.Key, incident.Detail);
        else if (incident.Kind == "config_unavailable")
            WorkerLog.EngineIncidentInformation(Logger, WorkerId, incident.Kind, incident.Key, incident.Detail);
        else
            WorkerLog.EngineIncident(Logger, WorkerId, incident.Kind, incident.Key, incident.Detail);
    }

    /// <inheritdoc/>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        WorkerLog.Stopping(Logger, WorkerId, RunningJobs);
        _stopFetching.Cancel();
        _fetchWake.Set();
        if (ExecuteTask is not null)
        {
            try
            {
                await _drained.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                WorkerLog.ShutdownTimeout(Logger, WorkerId, RunningJobs);
                _abortJobs.Cancel();
                await _outcomes.ReleaseAllAsync(_inFlight).ConfigureAwait(false);
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

    private async Task WaitBoundedAsync(Task task, string operation)
    {
        try
        {
            await task.WaitAsync(TimeSpan.FromSeconds(2), _context.Time).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            WorkerLog.EngineError(Logger, ex, WorkerId, operation + " took longer than 2 s at shutdown; not waiting for it", 0);
        }
        catch (Exception ex)
        {
            WorkerLog.EngineError(Logger, ex, WorkerId, operation, 0);
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
}
