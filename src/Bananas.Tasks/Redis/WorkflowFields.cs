using System.Globalization;
using Bananas.Tasks.Workflows;

namespace Bananas.Tasks.Redis;

/// <summary>
/// The workflow fields of a step's job hash (docs/wire-format.md "Workflow keys"): <c>wf</c>, <c>wf_deps</c>,
/// <c>wf_arity</c>, <c>wf_input</c>, <c>wf_join</c> ('1'), <c>wf_next</c> ("id:index,…"), <c>wf_on_fail</c>
/// ('continue' | 'compensate'; absent: fail the workflow), <c>wf_fallback</c>, <c>wf_comp</c>, <c>wf_role</c> ('compensation').
/// </summary>
internal static class WorkflowFields
{
    public static void Encode(WorkflowStepLink step, Action<string, string?> add)
    {
        add("wf", step.WorkflowId);
        add("wf_deps", step.Dependencies.ToString(CultureInfo.InvariantCulture));
        add("wf_arity", step.Arity.ToString(CultureInfo.InvariantCulture));
        add("wf_input", step.InputParameter);
        add("wf_join", step.JoinsResults ? "1" : null);
        add("wf_next", step.Next.Count == 0 ? null : string.Join(",", step.Next.Select(e => e.Child.Value + ":" + e.Index.ToString(CultureInfo.InvariantCulture))));
        add("wf_on_fail", step.OnFailure switch { StepFailurePolicy.Continue => "continue", StepFailurePolicy.Compensate => "compensate", _ => null });
        add("wf_fallback", step.FallbackJson);
        add("wf_comp", step.Compensation?.Value);
        add("wf_role", step.IsCompensation ? "compensation" : null);
    }

    /// <summary>The link of a step's hash; null when it has no <c>wf</c> field. Informational for readers: unreadable parts read as none.</summary>
    public static WorkflowStepLink? Decode(Func<string, string?> text)
    {
        if (text("wf") is not { Length: > 0 } workflow) return null;
        var next = new List<WorkflowEdge>();
        foreach (var part in (text("wf_next") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = part.LastIndexOf(':');
            if (colon > 0 && JobId.TryParse(part[..colon], out var child) && int.TryParse(part[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                next.Add(new WorkflowEdge(child, index));
        }
        return new WorkflowStepLink
        {
            WorkflowId = workflow,
            Dependencies = int.TryParse(text("wf_deps"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var deps) ? Math.Max(0, deps) : 0,
            Arity = int.TryParse(text("wf_arity"), NumberStyles.None, CultureInfo.InvariantCulture, out var arity) ? arity : 0,
            InputParameter = text("wf_input") is { Length: > 0 } input ? input : null,
            JoinsResults = text("wf_join") == "1",
            Next = next,
            OnFailure = text("wf_on_fail") switch { "continue" => StepFailurePolicy.Continue, "compensate" => StepFailurePolicy.Compensate, _ => StepFailurePolicy.FailWorkflow },
            FallbackJson = text("wf_fallback"),
            Compensation = JobId.TryParse(text("wf_comp"), out var comp) ? comp : null,
            IsCompensation = text("wf_role") == "compensation",
        };
    }
}
