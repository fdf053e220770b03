namespace Bananas.Tasks;

/// <summary>Thrown by a handler (or the framework) for a failure that retrying cannot fix: the job goes straight to the dead letter queue.</summary>
public class PermanentJobException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PermanentJobException(string message) : base(message) { }
    /// <summary>Creates the exception with a cause.</summary>
    public PermanentJobException(string message, Exception? innerException) : base(message, innerException) { }
}

/// <summary>A job's payload could not be decoded into the task's parameters. Permanent.</summary>
public sealed class TaskPayloadException : PermanentJobException
{
    /// <summary>Creates the exception.</summary>
    public TaskPayloadException(string taskName, string? parameterName, string message, Exception? innerException = null)
        : base(Format(taskName, parameterName, message), innerException)
    {
        TaskName = taskName;
        ParameterName = parameterName;
    }

    /// <summary>The task whose payload failed.</summary>
    public string TaskName { get; }
    /// <summary>The parameter at fault, when one is.</summary>
    public string? ParameterName { get; }

    private static string Format(string task, string? parameter, string message) =>
        parameter is null
            ? $"Cannot decode the payload of task '{task}': {message}"
            : $"Cannot decode parameter '{parameter}' of task '{task}': {message}";
}

/// <summary>A job failed for good; thrown to callers waiting for its result.</summary>
public sealed class JobFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public JobFailedException(JobId jobId, string? error, string? errorType)
        : base($"Job {jobId} failed: {errorType ?? "Error"}: {error ?? "(no message)"}")
    {
        JobId = jobId;
        Error = error;
        ErrorType = errorType;
    }

    /// <summary>The job.</summary>
    public JobId JobId { get; }
    /// <summary>The handler's final error message.</summary>
    public string? Error { get; }
    /// <summary>The handler's final exception type name.</summary>
    public string? ErrorType { get; }
}
