using System.Threading.Channels;
using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Worker;

/// <summary>
/// The one loop that records completions. Consumers hand their completion over (<see cref="AckAsync"/>) and wait
/// for its outcome; the loop batches without waiting for more: while one ack call is on the wire, the completions
/// that arrive meanwhile queue up and go together in the next call (up to <see cref="MaxBatch"/>). Idle or lightly
/// loaded, every completion goes alone and at once, so batching adds no latency.
/// </summary>
internal sealed class AckLoop(WorkerContext context, OutcomeRetry retry)
{
    /// <summary>Most completions one ack call records.</summary>
    internal const int MaxBatch = 256;

    private readonly Channel<PendingAck> _acks = Channel.CreateUnbounded<PendingAck>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>A completion waiting to be recorded, and the consumer waiting for the outcome.</summary>
    private sealed class PendingAck(JobCompletion completion) : TaskCompletionSource<bool?>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public JobCompletion Completion { get; } = completion;
    }

    /// <summary>
    /// Records a completion through the ack loop. True: completed; false: the lease was lost; null: the engine stayed
    /// unreachable and the worker gave up (the expired lease returns the job to its queue).
    /// </summary>
    public Task<bool?> AckAsync(JobCompletion completion)
    {
        var pending = new PendingAck(completion);
        if (!_acks.Writer.TryWrite(pending))
            pending.TrySetException(new InvalidOperationException($"Worker {context.WorkerId} cannot record the completion of job {completion.Id}: its ack loop has stopped."));
        return pending.Task;
    }

    /// <summary>No more completions will come (every consumer has stopped); <see cref="RunAsync"/> ends once the queue is empty.</summary>
    public void Complete() => _acks.Writer.TryComplete();

    /// <summary>Runs until <see cref="Complete"/> and the queued completions are recorded.</summary>
    public async Task RunAsync()
    {
        var reader = _acks.Reader;
        var batch = new List<PendingAck>(MaxBatch);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var pending)) batch.Add(pending);
            var completions = new JobCompletion[batch.Count];
            for (int i = 0; i < completions.Length; i++) completions[i] = batch[i].Completion;
            try
            {
                var (recorded, acked) = await retry.RunAsync(() => Describe(completions), ct => context.Engine.AckAsync(completions, ct)).ConfigureAwait(false);
                if (recorded && acked.Count != completions.Length)
                    throw new InvalidOperationException($"The {context.Engine.Name} engine answered {acked.Count} outcomes for {completions.Length} completions.");
                for (int i = 0; i < batch.Count; i++) batch[i].TrySetResult(recorded ? acked[i] : null);
            }
            catch (Exception ex)
            {
                foreach (var pending in batch) pending.TrySetException(ex);
            }
        }
    }

    private static string Describe(JobCompletion[] completions) => completions.Length == 1
        ? $"recording the completion of job {completions[0].Id}"
        : $"recording the completion of {completions.Length} jobs ({completions[0].Id} …)";
}
