using Bananas.Tasks.Execution;

namespace Bananas.Tasks;

/// <summary>
/// The <see cref="IProgress{T}"/> a worker gives a handler (<see cref="TaskContext.CreateProgress{T}(System.Func{T, string})"/>; the generator
/// passes one to an <c>IProgress&lt;T&gt;</c> parameter). Each report is encoded as JSON (by the task's generated codec, or the given metadata) and
/// stored on the job (<see cref="JobRecord.Progress"/>), at most one write per 250 ms with the latest value winning; the
/// last report is stored before the job's outcome. <see cref="Report"/> never throws and never waits for the engine:
/// a value that cannot be serialized, or a failed write, is logged once and the handler runs on.
/// </summary>
/// <typeparam name="T">The progress type: serializable, like a task's arguments.</typeparam>
public sealed class TaskProgress<T> : IProgress<T>
{
    private readonly ProgressReporter? _reporter;
    private readonly Func<T, string> _encode;

    internal TaskProgress(ProgressReporter? reporter, Func<T, string> encode)
    {
        _reporter = reporter;
        _encode = encode ?? throw new ArgumentNullException(nameof(encode));
    }

    /// <summary>The last value reported (also when it was not stored: throttled, or outside a worker).</summary>
    public T? Last { get; private set; }

    /// <inheritdoc/>
    public void Report(T value)
    {
        Last = value;
        if (_reporter is null) return; // a context built outside a worker (tests): nothing to store
        string json;
        try
        {
            json = _encode(value);
        }
        catch (Exception ex)
        {
            _reporter.Failed(ex);
            return;
        }
        _reporter.Report(json);
    }
}
