namespace Bananas.Tasks.Registration;

/// <summary>
/// Runs one task: decodes the payload, calls the handler, and returns the result as JSON text
/// (null for a task without a result). The generator emits one per <c>[BananaTask]</c> method.
/// </summary>
public delegate ValueTask<string?> TaskInvoker(TaskContext context);
