namespace Bananas.Tasks;

/// <summary>A finished job's stored result could not be decoded into the task's result type.</summary>
public sealed class TaskResultException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TaskResultException(string taskName, string message, Exception? innerException = null)
        : base($"Cannot decode the result of task '{taskName}': {message}", innerException)
    {
        TaskName = taskName;
        Reason = message;
    }

    /// <summary>What did not fit, without the task's name (the message given to the constructor).</summary>
    internal string Reason { get; }

    /// <summary>The task whose result failed to decode.</summary>
    public string TaskName { get; }
}
