using System.Globalization;
using Bananas.Tasks.Admin;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Workflows;
using Spectre.Console;

namespace Bananas.Tasks.Cli;

/// <summary>Human output: Spectre.Console tables. Redirected output gets no ANSI codes, ASCII borders and a wide fixed width.</summary>
internal static class Render
{
    public static IAnsiConsole Console(CliIO io)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = io.OutputIsTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = io.OutputIsTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(io.Out),
            Enrichment = new ProfileEnrichment { UseDefaultEnrichers = false },
            EnvironmentVariables = new Dictionary<string, string>(),
        });
        if (!io.OutputIsTerminal)
        {
            console.Profile.Width = int.TryParse(io.GetEnvironmentVariable("COLUMNS"), NumberStyles.None, CultureInfo.InvariantCulture, out var columns) && columns >= 40
                ? columns : 240;
            console.Profile.Capabilities.Unicode = false;
            console.Profile.Capabilities.Links = false;
        }
        return console;
    }

    public static Table Table(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var c in columns) table.AddColumn(new TableColumn(Markup.Escape(c)));
        return table;
    }

    public static void Row(this Table table, params string?[] cells) =>
        table.AddRow(cells.Select(c => (Spectre.Console.Rendering.IRenderable)new Text(c ?? "-")).ToArray());

    /// <summary>Writes a table: rounded borders on a terminal, ASCII when the output is redirected.</summary>
    public static void Show(IAnsiConsole console, Table table)
    {
        table.Border(console.Profile.Capabilities.Unicode ? TableBorder.Rounded : TableBorder.Ascii);
        console.Write(table);
    }

    public static string Time(DateTimeOffset? time) => time is { } t ? JsonOut.Time(t)[..19].Replace('T', ' ') + "Z" : "-";

    public static string Duration(TimeSpan span) => span switch
    {
        { TotalMilliseconds: < 1000 } => $"{(long)span.TotalMilliseconds}ms",
        { TotalSeconds: < 60 } => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + "s",
        { TotalMinutes: < 60 } => $"{(int)span.TotalMinutes}m{span.Seconds:00}s",
        { TotalHours: < 48 } => $"{(int)span.TotalHours}h{span.Minutes:00}m",
        _ => $"{(int)span.TotalDays}d{span.Hours:00}h",
    };

    public static string Ago(DateTimeOffset time, DateTimeOffset now) =>
        time <= now ? Duration(now - time) + " ago" : "in " + Duration(time - now);

    public static string Short(string? text, int max = 80)
    {
        if (text is null) return "-";
        text = text.ReplaceLineEndings(" ");
        return text.Length <= max ? text : text[..(max - 1)] + "…";
    }

    public static void Overview(IAnsiConsole console, QueueOverview overview)
    {
        if (overview.Routes.Count == 0)
        {
            console.WriteLine("No routes yet: nothing was ever enqueued under this prefix.");
        }
        else
        {
            var table = Table("ROUTE", "HIGH", "NORMAL", "LOW", "PENDING", "DEAD", "PAUSED");
            foreach (var r in overview.Routes)
                table.Row(r.Route.Value, N(r.High), N(r.Normal), N(r.Low), N(r.Pending), N(r.Dead), r.Paused ? "paused" : "");
            foreach (var i in Enumerable.Range(1, 5)) table.Columns[i].RightAligned();
            Render.Show(console, table);
        }
        console.WriteLine($"Pending: {N(overview.Routes.Sum(r => r.Pending))}  Scheduled: {N(overview.Scheduled)}  Processing: {N(overview.Processing)}  Dead: {N(overview.Dead)}" + (overview.Waiting > 0 ? $"  Waiting: {N(overview.Waiting)}" : ""));
        console.WriteLine("Paused routes: " + (overview.PausedRoutes.Count == 0 ? "none" : string.Join(", ", overview.PausedRoutes.Select(r => r.Value))));
    }

    public static void Page(IAnsiConsole console, JobListState state, JobPage page, string command)
    {
        var name = StateName(state);
        if (page.Jobs.Count == 0)
        {
            console.WriteLine(page.NextCursor is null ? $"No {name} jobs." : $"No {name} jobs on this page (examined {page.Scanned} entries).");
        }
        else
        {
            // A PROGRESS column (the last report's JSON text) when any listed job has reported.
            var progress = page.Jobs.Any(i => i.Job.Progress is not null);
            string[] columns = state switch
            {
                JobListState.Pending => ["ID", "TASK", "ROUTE", "PRIORITY", "ATTEMPTS", "ENQUEUED"],
                JobListState.Scheduled => ["ID", "TASK", "ROUTE", "PRIORITY", "ATTEMPTS", "DUE"],
                JobListState.Processing => ["ID", "TASK", "ROUTE", "ATTEMPTS", "WORKER", "LEASE UNTIL"],
                JobListState.Completed => ["ID", "TASK", "ROUTE", "ATTEMPTS", "FINISHED"],
                JobListState.Waiting => ["ID", "TASK", "ROUTE", "ATTEMPTS", "WAITING ON", "SINCE"],
                _ => ["ID", "TASK", "ROUTE", "ATTEMPTS", "FINISHED", "ERROR"],
            };
            var table = Table(progress ? [.. columns, "PROGRESS"] : columns);
            foreach (var item in page.Jobs)
            {
                var j = item.Job;
                var attempts = $"{j.Attempts}/{j.MaxRetries + 1}";
                string?[] cells = state switch
                {
                    JobListState.Pending => [j.Id.Value, j.Name, j.RoutingKey.Value, j.Priority.ToWireName(), attempts, Time(j.CreatedAt)],
                    JobListState.Scheduled => [j.Id.Value, j.Name, j.RoutingKey.Value, j.Priority.ToWireName(), attempts, Time(item.DueAt ?? j.ScheduledFor)],
                    JobListState.Processing => [j.Id.Value, j.Name, j.RoutingKey.Value, attempts, j.WorkerId, Time(item.LeaseDeadline)],
                    JobListState.Completed => [j.Id.Value, j.Name, j.RoutingKey.Value, attempts, Time(item.FinishedAt ?? j.CompletedAt)],
                    JobListState.Waiting => [j.Id.Value, j.Name, j.RoutingKey.Value, attempts, j.WaitingOn, Time(item.WaitingSince ?? j.UpdatedAt)],
                    _ => [j.Id.Value, j.Name, j.RoutingKey.Value, attempts, Time(item.FinishedAt ?? j.CompletedAt), Short((j.ErrorType is { } t ? t[(t.LastIndexOf('.') + 1)..] + ": " : "") + j.Error, 100)],
                };
                table.Row(progress ? [.. cells, Short(j.Progress, 60)] : cells);
            }
            Render.Show(console, table);
            console.WriteLine($"{page.Jobs.Count} {name} job{(page.Jobs.Count == 1 ? "" : "s")}" + (page.Scanned != page.Jobs.Count ? $" (examined {page.Scanned} entries)." : "."));
        }
        console.WriteLine(page.NextCursor is { } cursor
            ? $"Next cursor: {cursor} (next page: {command} --cursor {cursor})"
            : "Next cursor: none (end of the listing).");
    }

    public static void Workflow(IAnsiConsole console, WorkflowRecord workflow)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        void Field(string name, string? value) => grid.AddRow(new Text(name), new Text(value ?? "-"));
        Field("ID", workflow.Id);
        Field("Name", workflow.Name);
        Field("Status", workflow.Status.ToWireName());
        Field("Steps", $"{workflow.Done} of {workflow.Total} done, {workflow.Failed} failed");
        if (workflow.FailedStep is { } failed) Field("Failed at", failed.Value);
        Field("Final step", workflow.FinalStep.Value);
        Field("Started", Time(workflow.CreatedAt));
        if (workflow.CompletedAt is { } done) Field("Finished", Time(done));
        console.Write(grid);
        console.WriteLine();
        var table = Table("#", "ID", "Task", "Status", "Attempts", "Role", "Detail");
        var steps = workflow.Steps.ToDictionary(s => s.Id);
        for (int i = 0; i < workflow.StepIds.Count; i++)
        {
            var id = workflow.StepIds[i];
            if (!steps.TryGetValue(id, out var step))
            {
                table.Row((i + 1).ToString(CultureInfo.InvariantCulture), id.Value, "-", "(expired)", "-", "-", "-");
                continue;
            }
            var link = step.Workflow;
            var role = link is null ? "-" : link.IsCompensation ? "compensation" : link.Arity == 0 ? "root" : link.JoinsResults ? $"join of {link.Arity}" : "after 1";
            var detail = step.Status switch
            {
                JobStatus.Waiting => link is { Dependencies: > 0 } ? $"waiting for {link.Dependencies} of {link.Arity} parent(s)" : "waiting",
                JobStatus.Failed => (step.ErrorType is { } t ? t + ": " : "") + step.Error,
                _ => step.Payload.Length > 60 ? step.Payload[..60] + "…" : step.Payload,
            };
            table.Row((i + 1).ToString(CultureInfo.InvariantCulture), id.Value, step.Name, step.Status.ToWireName(),
                step.Attempts.ToString(CultureInfo.InvariantCulture), role, detail);
        }
        Show(console, table);
    }

    public static void Details(IAnsiConsole console, JobDetails details)
    {
        var j = details.Job;
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        void Field(string name, string? value) => grid.AddRow(new Text(name), new Text(value ?? "-"));
        Field("ID", j.Id.Value);
        Field("Task", j.Name);
        Field("Status", j.Status.ToWireName());
        Field("Route", j.RoutingKey.Value);
        Field("Priority", j.Priority.ToWireName());
        Field("Attempts", $"{j.Attempts} of {j.MaxRetries + 1} (max retries {j.MaxRetries})");
        if (j.Timeout is { } timeout) Field("Timeout", Duration(timeout));
        if (j.Description is not null) Field("Description", j.Description);
        if (j.WorkerId is not null) Field("Worker", j.WorkerId);
        if (j.WaitingOn is not null) Field("Waiting on", j.WaitingOn);
        if (details.LeaseDeadline is { } lease) Field("Lease until", Time(lease));
        if (j.Progress is not null) Field("Progress", j.Progress + (j.ProgressAt is { } reported ? $" (at {Time(reported)})" : ""));
        Field("Payload", j.Payload);
        if (details.Result is { } result)
        {
            if (result.Status == JobStatus.Completed) Field("Result", result.ResultJson ?? "(no value)");
            else Field("Error", (result.ErrorType is { } t ? t + ": " : "") + result.Error);
            if (result.Duration > TimeSpan.Zero) Field("Duration", Duration(result.Duration));
        }
        else if (j.Error is not null)
        {
            Field(j.Status == JobStatus.Failed ? "Error" : "Last error", (j.ErrorType is { } t ? t + ": " : "") + j.Error);
        }
        if (j.Status == JobStatus.Completed && details.Result is null) Field("Result", "(expired or none stored)");
        console.Write(grid);
        console.WriteLine();
        var table = Table("TIME", "EVENT", "DETAIL");
        foreach (var e in JobTimeline.Of(details, Render.Duration)) table.Row(Time(e.At), e.Event, e.Detail);
        Render.Show(console, table);
    }

    public static string StateName(JobListState state) => state.ToString().ToLowerInvariant();

    public static string N(long n) => n.ToString(CultureInfo.InvariantCulture);
}
