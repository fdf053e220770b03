using Bananas.Tasks.Dashboard.Rendering;
using Bananas.Tasks.Workflows;
using static Bananas.Tasks.Dashboard.Rendering.Markup;

namespace Bananas.Tasks.Dashboard.Pages;

/// <summary>
/// One workflow (docs/workflows.md): its status, counts and times, every step in order with its state, role and what it
/// waits for or failed with (each linking to its job page), and Cancel while it runs.
/// </summary>
internal static class WorkflowPage
{
    public static async Task<(Markup Page, bool Found)> RenderAsync(DashboardContext d, string id)
    {
        var workflow = await d.Admin.GetWorkflowAsync(id, d.Aborted);
        if (workflow is null)
            return (Layout.Page(d, "Workflow not found", "", Layout.Empty("No such workflow", $"No record exists for workflow {id}: it never existed, or it expired a result TTL after it finished.")), false);
        var steps = workflow.Steps.ToDictionary(s => s.Id);
        var rows = workflow.StepIds.Select((stepId, i) =>
        {
            if (!steps.TryGetValue(stepId, out var step))
                return H($"""<tr><td class="num">{i + 1}</td><td class="mono">{stepId.Value}</td><td>—</td><td>expired</td><td class="num">—</td><td>—</td><td>—</td></tr>""");
            var link = step.Workflow;
            var role = link is null ? "—" : link.IsCompensation ? "compensation" : link.Arity == 0 ? "root" : link.JoinsResults ? $"join of {link.Arity}" : "after 1";
            var detail = step.Status switch
            {
                JobStatus.Waiting when link is { Dependencies: > 0 } => $"waiting for {link.Dependencies} of {link.Arity} parent(s)",
                JobStatus.Failed => (step.ErrorType is { } t ? t + ": " : "") + step.Error,
                _ => link?.OnFailure switch { StepFailurePolicy.Continue => "continues on failure", StepFailurePolicy.Compensate => "compensated on failure", _ => "" },
            };
            return H($"""
                <tr><td class="num">{i + 1}</td><td class="mono"><a href="{d.Url("/job/" + Uri.EscapeDataString(stepId.Value))}">{stepId.Value}</a></td>
                <td>{step.Name}</td><td>{Layout.StatusBadge(step.Status)}</td><td class="num">{step.Attempts}</td><td>{role}</td><td>{detail}</td></tr>
                """);
        });
        var failedAt = workflow.FailedStep is { } failed
            ? H($"""<a class="mono" href="{d.Url("/job/" + Uri.EscapeDataString(failed.Value))}">{failed.Value}</a>""")
            : H($"—");
        var actions = workflow.Status == WorkflowStatus.Running
            ? d.ActionForm("/workflow/" + Uri.EscapeDataString(workflow.Id) + "/cancel", "Cancel workflow", css: "button danger", confirm: "Cancel this workflow? Its waiting and queued steps never run; running ones are signalled.")
            : Markup.Empty;
        var content = H($"""
            <h1>Workflow <code>{workflow.Id}</code> <span class="status status-{workflow.Status.ToWireName()}">{workflow.Status.ToWireName()}</span></h1>
            <div class="actions">{actions}</div>
            <dl class="fields">
            <dt>name</dt><dd>{workflow.Name}</dd>
            <dt>steps</dt><dd>{workflow.Done} of {workflow.Total} done, {workflow.Failed} failed</dd>
            <dt>failed at</dt><dd>{failedAt}</dd>
            <dt>final step</dt><dd class="mono"><a href="{d.Url("/job/" + Uri.EscapeDataString(workflow.FinalStep.Value))}">{workflow.FinalStep.Value}</a></dd>
            <dt>started</dt><dd>{Format.Time(workflow.CreatedAt)}</dd>
            <dt>finished</dt><dd>{(workflow.CompletedAt is { } done ? Format.Time(done) : "—")}</dd>
            </dl>
            <h2>Steps</h2>
            <table class="grid steps">
            <thead><tr><th class="num">#</th><th>job</th><th>task</th><th>status</th><th class="num">attempts</th><th>role</th><th>detail</th></tr></thead>
            <tbody>{Join(rows)}</tbody>
            </table>
            """);
        return (Layout.Page(d, "Workflow " + workflow.Id, "", content), true);
    }
}
