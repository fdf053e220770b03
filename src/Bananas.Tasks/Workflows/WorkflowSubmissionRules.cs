namespace Bananas.Tasks.Workflows;

/// <summary>What both engines check of a <see cref="WorkflowSubmission"/> before storing anything.</summary>
internal static class WorkflowSubmissionRules
{
    public static void Check(WorkflowSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if (!JobId.TryParse(submission.Id, out _))
            throw new ArgumentException($"Workflow id '{submission.Id}' is not usable: expected 1-128 characters without whitespace.", nameof(submission));
        if (submission.Steps.Count == 0 || submission.Steps.Count > Workflow.MaxSteps)
            throw new ArgumentException($"Workflow '{submission.Id}' has {submission.Steps.Count} steps; expected 1 to {Workflow.MaxSteps}.", nameof(submission));
        var ids = new HashSet<JobId>();
        foreach (var step in submission.Steps)
        {
            if (step.Workflow is not { } link || link.WorkflowId != submission.Id)
                throw new ArgumentException($"Workflow '{submission.Id}': step {step.Id} ({step.Name}) does not name this workflow in its Workflow link.", nameof(submission));
            if (step.Id.Value.Contains(',')) throw new ArgumentException($"Workflow '{submission.Id}': step id '{step.Id}' has a comma, which workflow records use to separate ids.", nameof(submission));
            if (link.InputParameter is not null && !step.Payload.TrimStart().StartsWith('{'))
                throw new ArgumentException($"Workflow '{submission.Id}': step {step.Id} ({step.Name}) takes its input as '{link.InputParameter}', so its payload must be a JSON object; it is '{(step.Payload.Length > 40 ? step.Payload[..40] + "…" : step.Payload)}'.", nameof(submission));
            if (!ids.Add(step.Id)) throw new ArgumentException($"Workflow '{submission.Id}': step id {step.Id} is given twice.", nameof(submission));
            if (link.Dependencies < 0 || link.Arity < 0 || (link.InputParameter is not null && link.Arity == 0))
                throw new ArgumentException($"Workflow '{submission.Id}': step {step.Id} ({step.Name}) has {link.Dependencies} dependencies and arity {link.Arity}{(link.InputParameter is null ? "" : $" with input '{link.InputParameter}'")}.", nameof(submission));
        }
        if (!ids.Contains(submission.FinalStep)) throw new ArgumentException($"Workflow '{submission.Id}': its final step {submission.FinalStep} is not one of its steps.", nameof(submission));
        foreach (var step in submission.Steps)
            foreach (var edge in step.Workflow!.Next)
                if (!ids.Contains(edge.Child)) throw new ArgumentException($"Workflow '{submission.Id}': step {step.Id} feeds {edge.Child}, which is not one of its steps.", nameof(submission));
    }
}
