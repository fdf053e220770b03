namespace Bananas.Tasks.Generators.Model;

/// <summary>Everything the emitters need to know about one <c>[BananaTask]</c> method.</summary>
/// <remarks>
/// Caching rule: this is a pipeline output, so it holds only strings, numbers, bools, enums, other such records and
/// <see cref="EquatableArray{T}"/> — never an <c>ISymbol</c>, <c>SyntaxNode</c>, <c>Location</c> or <c>Compilation</c>.
/// Two parses of equivalent source give equal models, so an edit that does not change a task leaves its output cached.
/// Type names are <c>global::</c>-qualified at parse time.
/// </remarks>
/// <param name="Namespace">Namespace of the handler type, where the proxy goes; empty for the global namespace.</param>
/// <param name="HandlerTypeName">The handler type, <c>global::</c>-qualified (<c>global::Media.ImageTasks</c>).</param>
/// <param name="HandlerHintName">The handler type's name inside its namespace (<c>ImageTasks</c>, <c>Outer.Inner</c>).</param>
/// <param name="MethodName">The handler method name.</param>
/// <param name="ProxyName">The proxy type name (<c>ProxyName</c> or the method name).</param>
/// <param name="TaskName">The task name on the wire (<c>Name</c> or the snake_case method name).</param>
/// <param name="IsPublic">True: the proxy is public (method, handler types and all value types are public); else internal.</param>
/// <param name="IsStatic">True for a static handler method; an instance one is resolved from the job's DI scope.</param>
/// <param name="Parameters">The method's parameters in order.</param>
/// <param name="Result">The typed result of <c>Task&lt;T&gt;</c>/<c>ValueTask&lt;T&gt;</c>; null for <c>Task</c>/<c>ValueTask</c>.</param>
/// <param name="Defaults">Enqueue defaults from the attribute.</param>
/// <param name="KeepCompletedSeconds">The attribute's <c>KeepCompletedSeconds</c> (0 or more); null for -1 (the process-wide retention).</param>
/// <param name="Periodic">The schedule from <c>Cron</c>; null when there is none, or when it cannot be registered (no <c>CronArgs</c> and a parameter without a default: the analyzer reports BNT102).</param>
internal sealed record TaskModel(
    string Namespace,
    string HandlerTypeName,
    string HandlerHintName,
    string MethodName,
    string ProxyName,
    string TaskName,
    bool IsPublic,
    bool IsStatic,
    EquatableArray<ParameterModel> Parameters,
    ValueModel? Result,
    TaskDefaultsModel Defaults,
    PeriodicModel? Periodic,
    int? KeepCompletedSeconds = null)
{
    /// <summary>The proxy type, <c>global::</c>-qualified.</summary>
    public string ProxyTypeName => Namespace.Length == 0 ? "global::" + ProxyName : "global::" + Namespace + "." + ProxyName;

    /// <summary>Deterministic hint name: <c>{Namespace}.{Type}.{Proxy}.g.cs</c>.</summary>
    public string HintName => (Namespace.Length == 0 ? "" : Namespace + ".") + HandlerHintName + "." + ProxyName + ".g.cs";
}
