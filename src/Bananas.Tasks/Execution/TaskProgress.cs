using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Bananas.Tasks.Execution;

namespace Bananas.Tasks;

/// <summary>
/// The <see cref="IProgress{T}"/> a worker gives a handler (<see cref="TaskContext.CreateProgress{T}"/>; the generator
/// passes one to an <c>IProgress&lt;T&gt;</c> parameter). Each report is serialized with the task's JSON metadata and
/// stored on the job (<see cref="JobRecord.Progress"/>), at most one write per 250 ms with the latest value winning; the
/// last report is stored before the job's outcome. <see cref="Report"/> never throws and never waits for the engine:
/// a value that cannot be serialized, or a failed write, is logged once and the handler runs on.
/// </summary>
/// <typeparam name="T">The progress type: serializable, like a task's arguments.</typeparam>
public sealed class TaskProgress<T> : IProgress<T>
{
    private readonly ProgressReporter? _reporter;
    private readonly JsonTypeInfo<T> _typeInfo;

    internal TaskProgress(ProgressReporter? reporter, JsonTypeInfo<T> typeInfo)
    {
        _reporter = reporter;
        _typeInfo = typeInfo ?? throw new ArgumentNullException(nameof(typeInfo));
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
            json = JsonSerializer.Serialize(value, _typeInfo);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            _reporter.Failed(ex);
            return;
        }
        _reporter.Report(json);
    }
}
