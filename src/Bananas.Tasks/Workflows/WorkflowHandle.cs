using Bananas.Tasks.Client;

namespace Bananas.Tasks.Workflows;

/// <summary>A started workflow: its status view, its typed result (the final step's), and cancel.</summary>
public class WorkflowHandle
{
    private protected WorkflowHandle(string id, bool alreadyStarted, IBananasClient client, IWorkflowEngine engine)
    {
        Id = id;
        AlreadyStarted = alreadyStarted;
        Client = client;
        Engine = engine;
    }

    /// <summary>The workflow id.</summary>
    public string Id { get; }

    /// <summary>True when a workflow with this id existed: nothing new was started.</summary>
    public bool AlreadyStarted { get; }

    private protected IBananasClient Client { get; }
    private protected IWorkflowEngine Engine { get; }

    /// <summary>The workflow with its steps; null when it is gone (expired).</summary>
    public Task<WorkflowRecord?> GetAsync(CancellationToken cancellationToken = default) => Engine.GetWorkflowAsync(Id, cancellationToken);

    /// <summary>Cancels it: waiting and queued steps fail as cancelled, running ones are signalled.</summary>
    public Task<WorkflowCancelOutcome> CancelAsync(CancellationToken cancellationToken = default) => Engine.CancelWorkflowAsync(Id, cancellationToken);
}

/// <inheritdoc cref="WorkflowHandle"/>
/// <typeparam name="T">The final step's result type.</typeparam>
public sealed class WorkflowHandle<T> : WorkflowHandle
{
    internal WorkflowHandle(string id, bool alreadyStarted, IBananasClient client, IWorkflowEngine engine, JobHandle<T> final)
        : base(id, alreadyStarted, client, engine) => FinalStep = final;

    /// <summary>The final step's job (the handle of an already started workflow points at this call's plan, not the stored one: use <see cref="WorkflowHandle.GetAsync"/>).</summary>
    public JobHandle<T> FinalStep { get; }

    /// <summary>
    /// Waits for the workflow's result, the final step's. Throws <see cref="TimeoutException"/>, or
    /// <see cref="JobFailedException"/> when the final step failed or was cancelled because the workflow failed.
    /// </summary>
    public async Task<T> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (AlreadyStarted && await GetAsync(cancellationToken).ConfigureAwait(false) is { } stored)
            return await new JobHandle<T>(stored.FinalStep, Client, FinalStepDecoder).WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        return await FinalStep.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
    }

    private T FinalStepDecoder(string? json) => FinalStep.Decode(json);
}
