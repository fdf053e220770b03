namespace Bananas.Tasks.Registration;

/// <summary>Task name → invoker. Built once from every <see cref="TaskRegistration"/> in DI.</summary>
public sealed class TaskRegistry
{
    private readonly Dictionary<string, TaskInvoker> _invokers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskSettings> _settings = new(StringComparer.Ordinal);

    /// <summary>An empty registry.</summary>
    public TaskRegistry() { }

    /// <summary>A registry holding these registrations; throws on an invalid or duplicate name.</summary>
    public TaskRegistry(IEnumerable<TaskRegistration> registrations)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        foreach (var r in registrations) Register(r.Name, r.Invoker, r.Settings);
    }

    /// <summary>Adds a task; throws <see cref="ArgumentException"/> on an invalid name or one already registered.</summary>
    public TaskRegistry Register(string name, TaskInvoker invoker, TaskSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        var error = BananasRules.ValidateTaskName(name);
        if (error is not null) throw new ArgumentException("Cannot register task: " + error + ".", nameof(name));
        if (settings?.Problem() is { } problem) throw new ArgumentException($"Cannot register task '{name}': {problem}.", nameof(settings));
        if (!_invokers.TryAdd(name, invoker))
            throw new ArgumentException($"Task '{name}' is registered twice. Each task name must map to one handler; set a distinct Name on one of the [BananaTask] methods.", nameof(name));
        if (settings is not null && settings != TaskSettings.Default) _settings[name] = settings;
        return this;
    }

    /// <summary>The settings of a task (<see cref="TaskSettings.Default"/> for one registered without, or unknown).</summary>
    public TaskSettings SettingsOf(string name) => _settings.TryGetValue(name, out var s) ? s : TaskSettings.Default;

    /// <summary>Finds the invoker of a task.</summary>
    public bool TryGet(string name, out TaskInvoker invoker) => _invokers.TryGetValue(name, out invoker!);

    /// <summary>Every registered task name, sorted.</summary>
    public IReadOnlyList<string> Names => _invokers.Keys.Order(StringComparer.Ordinal).ToList();
}
