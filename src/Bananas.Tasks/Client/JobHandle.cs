using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Client;

/// <summary>An enqueued job: its id, status, and cancellation.</summary>
public class JobHandle
{
    /// <summary>Creates a handle.</summary>
    public JobHandle(JobId id, IBananasClient client)
    {
        Id = id;
        Client = client ?? throw new ArgumentNullException(nameof(client));
    }

    /// <summary>The job id.</summary>
    public JobId Id { get; }

    /// <summary>The client the job was enqueued through.</summary>
    protected IBananasClient Client { get; }

    /// <summary>The current status, or null when no record exists (expired after completion).</summary>
    public async Task<JobStatus?> GetStatusAsync(CancellationToken cancellationToken = default) =>
        (await Client.GetJobAsync(Id, cancellationToken).ConfigureAwait(false))?.Status;

    /// <summary>Waits for the job to finish successfully (see <see cref="IBananasClient.WaitForResultAsync"/>).</summary>
    public Task WaitForCompletionAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Client.WaitForResultAsync(Id, timeout, cancellationToken);

    /// <summary>Cancels the job (see <see cref="IBananasClient.CancelAsync"/>).</summary>
    public Task<CancelOutcome> CancelAsync(CancellationToken cancellationToken = default) => Client.CancelAsync(Id, cancellationToken);

    /// <inheritdoc/>
    public override string ToString() => Id.ToString();
}

/// <summary>An enqueued job with a typed result.</summary>
/// <typeparam name="TResult">The handler's return type.</typeparam>
public sealed class JobHandle<TResult> : JobHandle
{
    private readonly Func<string?, TResult> _decodeResult;

    /// <summary>Creates a handle; <paramref name="decodeResult"/> turns the stored JSON into the result (generated code).</summary>
    public JobHandle(JobId id, IBananasClient client, Func<string?, TResult> decodeResult) : base(id, client)
    {
        _decodeResult = decodeResult ?? throw new ArgumentNullException(nameof(decodeResult));
    }

    /// <summary>Waits for the typed result. Throws <see cref="TimeoutException"/> or <see cref="JobFailedException"/>.</summary>
    public async Task<TResult> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var result = await Client.WaitForResultAsync(Id, timeout, cancellationToken).ConfigureAwait(false);
        return _decodeResult(result.ResultJson);
    }
}
