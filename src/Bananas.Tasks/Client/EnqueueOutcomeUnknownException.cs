namespace Bananas.Tasks.Client;

/// <summary>
/// An enqueue whose every try ended in a timeout or a lost connection: the jobs may have been stored (a try can reach
/// the engine and run after its caller stopped waiting). Enqueue is idempotent by id, so enqueueing again with the same
/// ids (<see cref="JobOptions.JobId"/>) stores each job at most once; <see cref="IBananasClient.GetJobAsync"/> tells
/// whether it is there. Any other exception from an enqueue means nothing was stored.
/// </summary>
public sealed class EnqueueOutcomeUnknownException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EnqueueOutcomeUnknownException(IReadOnlyList<JobId> jobIds, int attempts, Exception lastError)
        : base(Describe(jobIds, attempts, lastError), lastError)
    {
        JobIds = jobIds;
        Attempts = attempts;
    }

    /// <summary>The ids of the jobs that may or may not be stored.</summary>
    public IReadOnlyList<JobId> JobIds { get; }

    /// <summary>How many tries were made.</summary>
    public int Attempts { get; }

    private static string Describe(IReadOnlyList<JobId> ids, int attempts, Exception last)
    {
        var shown = string.Join(", ", ids.Take(5).Select(i => i.Value)) + (ids.Count > 5 ? $" and {ids.Count - 5} more" : "");
        return $"The enqueue of job{(ids.Count == 1 ? "" : "s")} {shown} may have been stored: {attempts} tries with the same id{(ids.Count == 1 ? "" : "s")} each ended in {last.GetType().Name}: {last.Message} "
            + "Enqueue is idempotent by id: enqueue again with JobOptions.JobId set to the same id to store it at most once, or look it up with GetJobAsync.";
    }
}
