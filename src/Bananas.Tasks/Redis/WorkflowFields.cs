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
        // Every field is read, present or not (JobHashCodecTests: the decoder reads exactly the listed fields).
        string? workflow = text("wf"), deps = text("wf_deps"), arity = text("wf_arity"), input = text("wf_input"), join = text("wf_join"),
            nextText = text("wf_next"), onFail = text("wf_on_fail"), fallback = text("wf_fallback"), comp = text("wf_comp"), role = text("wf_role");
        if (string.IsNullOrEmpty(workflow)) return null;
        var next = new List<WorkflowEdge>();
        foreach (var part in (nextText ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = part.LastIndexOf(':');
            if (colon > 0 && JobId.TryParse(part[..colon], out var child) && int.TryParse(part[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                next.Add(new WorkflowEdge(child, index));
        }
        return new WorkflowStepLink
        {
            WorkflowId = workflow,
            Dependencies = int.TryParse(deps, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d) ? Math.Max(0, d) : 0,
            Arity = int.TryParse(arity, NumberStyles.None, CultureInfo.InvariantCulture, out var a) ? a : 0,
            InputParameter = string.IsNullOrEmpty(input) ? null : input,
            JoinsResults = join == "1",
            Next = next,
            OnFailure = onFail switch { "continue" => StepFailurePolicy.Continue, "compensate" => StepFailurePolicy.Compensate, _ => StepFailurePolicy.FailWorkflow },
            FallbackJson = fallback,
            Compensation = JobId.TryParse(comp, out var c) ? c : null,
            IsCompensation = role == "compensation",
        };
    }
}
