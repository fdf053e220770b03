using Bananas.Tasks.Engine;
using Bananas.Tasks.Worker;
using Microsoft.Extensions.Logging;

namespace Bananas.Tasks.Execution;

/// <summary>
/// One execution's progress writer: stores at most one report per <see cref="Interval"/> (the latest wins: reports made
/// while a write waits replace each other), never throws into the handler, and <see cref="FlushAsync"/> stores the last
/// report before the worker records the outcome. A failed write is logged once; a lost lease stops the writes.
/// </summary>
internal sealed class ProgressReporter
{
    /// <summary>Shortest time between two writes of one execution.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly IQueueEngine _engine;
    private readonly LeaseRef _lease;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _interval;
    private readonly object _gate = new();
    private string? _pending;
    private bool _busy;          // a write runs or a timer waits to start one; either picks up _pending
    private bool _closed;        // FlushAsync ran: later reports are dropped
    private bool _leaseLost;
    private long _lastWrite = long.MinValue;
    private ITimer? _timer;
    private Task _writing = Task.CompletedTask;
    private int _failureLogged;

    public ProgressReporter(IQueueEngine engine, LeaseRef lease, TimeProvider time, ILogger logger, TimeSpan? interval = null)
    {
        _engine = engine;
        _lease = lease;
        _time = time;
        _logger = logger;
        _interval = interval ?? Interval;
    }

    /// <summary>Reports written so far (tests).</summary>
    public int Writes { get; private set; }

    /// <summary>Queues a report (JSON text); never blocks on the engine and never throws.</summary>
    public void Report(string json)
    {
        lock (_gate)
        {
            if (_closed || _leaseLost) return;
            _pending = json;
            if (_busy) return;
            _busy = true;
            StartOrWaitLocked();
        }
    }

    /// <summary>Stops taking reports and stores the last one not yet written; never throws.</summary>
    public async Task FlushAsync()
    {
        Task writing;
        lock (_gate)
        {
            _closed = true;
            _timer?.Dispose();
            _timer = null;
            writing = _writing;
        }
        await writing.ConfigureAwait(false); // WriteAsync catches everything
        string? last;
        lock (_gate)
        {
            last = _leaseLost ? null : _pending;
            _pending = null;
        }
        if (last is not null) await WriteAsync(last).ConfigureAwait(false);
    }

    private void StartOrWaitLocked()
    {
        var wait = _lastWrite == long.MinValue ? TimeSpan.Zero : _interval - _time.GetElapsedTime(_lastWrite);
        if (wait <= TimeSpan.Zero) _writing = WriteNextAsync();
        else _timer = _time.CreateTimer(static state => ((ProgressReporter)state!).OnTimer(), this, wait, Timeout.InfiniteTimeSpan);
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
            if (_closed) return; // FlushAsync writes what is pending
            _writing = WriteNextAsync();
        }
    }

    /// <summary>Writes the pending report, then starts the next wait when another arrived meanwhile. Called under the lock.</summary>
    private async Task WriteNextAsync()
    {
        string? json;
        lock (_gate)
        {
            json = _pending;
            _pending = null;
            _lastWrite = _time.GetTimestamp();
        }
        await Task.Yield(); // leave the caller's lock (and the handler's thread) before the round trip
        if (json is not null) await WriteAsync(json).ConfigureAwait(false);
        lock (_gate)
        {
            if (_pending is not null && !_closed && !_leaseLost) StartOrWaitLocked();
            else _busy = false;
        }
    }

    /// <summary>Logs a report that could not be made (a value that does not serialize), once per execution like a failed write.</summary>
    public void Failed(Exception exception)
    {
        if (Interlocked.Exchange(ref _failureLogged, 1) == 0) WorkerLog.ProgressWriteFailed(_logger, exception, _lease.Id.Value);
    }

    private async Task WriteAsync(string json)
    {
        try
        {
            if (await _engine.ReportProgressAsync(_lease.Id, _lease.LeaseToken, json, CancellationToken.None).ConfigureAwait(false))
            {
                lock (_gate) Writes++;
            }
            else
            {
                lock (_gate) _leaseLost = true;
            }
        }
        catch (Exception ex)
        {
            Failed(ex);
        }
    }
}
