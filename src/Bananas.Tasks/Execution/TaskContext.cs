namespace Bananas.Tasks;

/// <summary>What an invoker gets for one execution of a job.</summary>
public sealed class TaskContext
{
    /// <summary>Creates a context.</summary>
    public TaskContext(JobRecord job, IServiceProvider services, CancellationToken cancellationToken)
    {
        Job = job ?? throw new ArgumentNullException(nameof(job));
        Services = services ?? throw new ArgumentNullException(nameof(services));
        CancellationToken = cancellationToken;
    }

    /// <summary>The job being run (attempts already counts this execution).</summary>
    public JobRecord Job { get; }

    /// <summary>The job's DI scope: one scope per execution.</summary>
    public IServiceProvider Services { get; }

    /// <summary>Fires on the job's timeout, on a cancel request and on worker shutdown.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The arguments as JSON text.</summary>
    public string Payload => Job.Payload;
}
