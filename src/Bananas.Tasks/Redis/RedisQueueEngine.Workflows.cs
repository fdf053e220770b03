using System.Globalization;
using Bananas.Tasks.Workflows;
using StackExchange.Redis;

namespace Bananas.Tasks.Redis;

/// <summary>Workflows (docs/workflows.md): workflow-n.lua stores one, the finishing scripts move it on, workflow-cancel-2.lua cancels it.</summary>
public sealed partial class RedisQueueEngine : IWorkflowEngine
{
    /// <inheritdoc/>
    public async Task<bool> StartWorkflowAsync(WorkflowSubmission submission, CancellationToken cancellationToken = default)
    {
        WorkflowSubmissionRules.Check(submission);
        cancellationToken.ThrowIfCancellationRequested();
        await EnsureLayoutAsync().ConfigureAwait(false);
        var keys = new List<RedisKey>(2 + 2 * submission.Steps.Count) { _keys.Routes, _keys.Workflow(submission.Id) };
        var args = new List<RedisValue>
        {
            _keys.Prefix, JobHashCodec.FormatTime(Now), submission.Id, submission.Name,
            submission.Steps.Count(s => !s.Workflow!.IsCompensation).ToString(CultureInfo.InvariantCulture),
            submission.FinalStep.Value, string.Join(",", submission.Steps.Select(s => s.Id.Value)),
        };
        foreach (var step in submission.Steps)
        {
            var queued = step.Workflow!.Dependencies == 0 && !step.Workflow.IsCompensation;
            var fields = JobHashCodec.EncodeForEnqueue(step with { WaitingOn = null });
            keys.Add(_keys.Job(step.Id));
            keys.Add(_keys.Queue(step.RoutingKey, step.Priority));
            args.Add(step.Id.Value);
            args.Add(step.RoutingKey.Value);
            args.Add(queued ? "1" : "0");
            args.Add(fields.Count);
            args.AddRange(fields);
        }
        try
        {
            var reply = await RedisScripts.WorkflowStart.EvaluateAsync(Db, keys.ToArray(), args.ToArray()).ConfigureAwait(false);
            return (long)reply == 1;
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("EXISTS ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Workflow '{submission.Id}': {ex.Message["EXISTS ".Length..]}.", ex);
        }
    }

    /// <inheritdoc/>
    public async Task<WorkflowRecord?> GetWorkflowAsync(string workflowId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflowId);
        cancellationToken.ThrowIfCancellationRequested();
        var entries = await Db.HashGetAllAsync(_keys.Workflow(workflowId)).ConfigureAwait(false);
        if (entries.Length == 0) return null;
        var f = JobHashCodec.ToDictionary(entries);
        string? Text(string name) => f.TryGetValue(name, out var v) ? v : null;
        int Int(string name) => int.TryParse(Text(name), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : 0;
        DateTimeOffset? Time(string name) => JobHashCodec.TryParseTime(Text(name) ?? "", out var t) ? t : null;
        var ids = (Text("steps") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => JobId.TryParse(s, out var id) ? id : (JobId?)null).OfType<JobId>().ToArray();
        var batch = Db.CreateBatch();
        var reads = ids.Select(id => (Id: id, Fields: batch.HashGetAllAsync(_keys.Job(id)))).ToArray();
        batch.Execute();
        var steps = new List<JobRecord>(ids.Length);
        foreach (var (id, read) in reads)
        {
            var hash = await read.ConfigureAwait(false);
            if (hash.Length > 0) steps.Add(JobHashCodec.DecodeLenient(id, JobHashCodec.ToDictionary(hash)));
        }
        return new WorkflowRecord
        {
            Id = workflowId,
            Name = Text("name") ?? "",
            Status = WorkflowStatusExtensions.TryParse(Text("status"), out var status) ? status : WorkflowStatus.Running,
            Total = Int("total"),
            Done = Int("done"),
            Failed = Int("failed"),
            FinalStep = JobId.TryParse(Text("final"), out var final) ? final : default,
            FailedStep = JobId.TryParse(Text("failed_step"), out var failedStep) ? failedStep : null,
            CreatedAt = Time("created_at") ?? default,
            UpdatedAt = Time("updated_at") ?? default,
            CompletedAt = Time("completed_at"),
            StepIds = ids,
            Steps = steps,
        };
    }

    /// <inheritdoc/>
    public async Task<WorkflowCancelOutcome> CancelWorkflowAsync(string workflowId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflowId);
        cancellationToken.ThrowIfCancellationRequested();
        var reply = await RedisScripts.WorkflowCancel.EvaluateAsync(Db,
            [_keys.Workflow(workflowId), _keys.Scheduled],
            [_keys.Prefix, workflowId, JobHashCodec.FormatTime(Now), ResultTtlMs]).ConfigureAwait(false);
        if (reply.Resp2Type == ResultType.Array) return WorkflowCancelOutcome.Cancelled;
        return reply.ToString() switch
        {
            "notfound" => WorkflowCancelOutcome.NotFound,
            "finished" => WorkflowCancelOutcome.Finished,
            var other => throw new InvalidOperationException($"{RedisScripts.WorkflowCancel.File} returned '{other}'; expected notfound, finished or a cancelled summary."),
        };
    }
}
