namespace Bananas.Tasks;

/// <summary>
/// A job's stored progress report could not be decoded into the task's progress type (the typed reads of
/// <see cref="Client.JobHandle{TResult, TProgress}"/> and <see cref="Client.ProgressJobHandle{TProgress}"/>). The
/// decoder's exception is the inner exception.
/// </summary>
public sealed class TaskProgressException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="jobId">The job whose report did not decode.</param>
    /// <param name="taskName">The job's task, when the decoder named it.</param>
    /// <param name="reason">What did not fit.</param>
    /// <param name="innerException">The decoder's exception.</param>
    public TaskProgressException(JobId jobId, string? taskName, string reason, Exception? innerException = null)
        : base(taskName is null
            ? $"Cannot decode the progress report of job {jobId}: {reason}"
            : $"Cannot decode the progress report of job {jobId} (task '{taskName}'): {reason}", innerException)
    {
        JobId = jobId;
        TaskName = taskName;
    }

    /// <summary>The job whose report did not decode.</summary>
    public JobId JobId { get; }

    /// <summary>The job's task, when the decoder named it.</summary>
    public string? TaskName { get; }
}
