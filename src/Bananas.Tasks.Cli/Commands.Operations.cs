using System.CommandLine;
using System.Globalization;
using Bananas.Tasks.Admin;
using Bananas.Tasks.Client;
using Bananas.Tasks.Hosting;
using Spectre.Console;

namespace Bananas.Tasks.Cli;

internal sealed partial class Commands
{
    /// <summary>Dead letter entries one batched call examines (the admin API's bound; the tool loops until done).</summary>
    private const int Batch = 1000;

    // ----- dead -----

    private Command DeadCommand()
    {
        var dead = new Command("dead", "The dead letter queue: list, show, requeue, delete, purge.");

        var list = new Command("list", "Dead jobs, newest first (same as 'jobs dead').");
        var route = RouteOption("Only this route.");
        var task = TaskOption("Only jobs of this task name (bounded scan; follow the cursor).");
        var limit = LimitOption();
        var cursor = CursorOption();
        foreach (var o in new Option[] { route, task, limit, cursor }) list.Options.Add(o);
        SetAction(list, run => ListAsync(run, JobListState.Dead, run.Parse.GetValue(route), run.Parse.GetValue(task), null,
            run.Parse.GetValue(limit), run.Parse.GetValue(cursor), "bananas dead list"));
        dead.Subcommands.Add(list);

        var show = new Command("show", "One dead job: record, error, attempts and timeline.");
        var showId = new Argument<string>("id") { Description = "The dead job's id." };
        show.Arguments.Add(showId);
        SetAction(show, async run =>
        {
            var id = ParseId(run.Parse.GetValue(showId));
            var session = await run.SessionAsync();
            var details = await session.Admin.GetJobAsync(id, run.Token)
                ?? throw CliException.NotFound($"No job '{id}' under prefix '{run.Prefix}': it never existed, or it was deleted.");
            if (details.Status != JobStatus.Failed)
                throw CliException.NotFound($"Job '{id}' is not dead: its status is {details.Status.ToWireName()}.");
            if (run.Json) run.WriteJson(w => w.Details(details));
            else Render.Details(run.Console, details);
            return ExitCodes.Ok;
        });
        dead.Subcommands.Add(show);

        dead.Subcommands.Add(RequeueCommand());
        dead.Subcommands.Add(DeleteCommand());
        dead.Subcommands.Add(PurgeCommand());
        return dead;
    }

    private Command RequeueCommand()
    {
        var command = new Command("requeue", "Move one dead job (by id) or many (--all, --route, --task) back to their queues, attempts reset.");
        var id = new Argument<string?>("id") { Description = "The dead job's id (omit with --all, --route or --task).", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Every dead job." };
        var route = RouteOption("Every dead job of this route.");
        var task = TaskOption("Every dead job of this task name.");
        var yes = YesOption();
        command.Arguments.Add(id);
        foreach (var o in new Option[] { all, route, task, yes }) command.Options.Add(o);
        SetAction(command, async run =>
        {
            var idText = run.Parse.GetValue(id);
            var selection = Selection(run.Parse.GetValue(all), run.Parse.GetValue(route), run.Parse.GetValue(task), idText is not null, "requeue");
            if (selection is null)
            {
                var jobId = ParseId(idText);
                var session = await run.SessionAsync();
                if (!await session.Admin.RequeueDeadAsync(jobId, run.Token))
                    throw CliException.NotFound($"Job '{jobId}' is not in the dead letter queue under prefix '{run.Prefix}'.");
                if (run.Json) run.WriteJson(w => { w.WriteStartObject(); w.WriteString("id", jobId.Value); w.WriteBoolean("requeued", true); w.WriteEndObject(); });
                else run.Console.WriteLine($"Requeued dead job {jobId}.");
                return ExitCodes.Ok;
            }
            return await BatchAsync(run, selection, requeue: true, run.Parse.GetValue(yes));
        });
        return command;
    }

    private Command DeleteCommand()
    {
        var command = new Command("delete", "Delete one dead job: its record, result and dead letter entry.");
        var id = new Argument<string>("id") { Description = "The dead job's id." };
        var yes = YesOption();
        command.Arguments.Add(id);
        command.Options.Add(yes);
        SetAction(command, async run =>
        {
            var jobId = ParseId(run.Parse.GetValue(id));
            var session = await run.SessionAsync();
            if (!run.Confirm(run.Parse.GetValue(yes), $"Delete dead job {jobId} for good?", $"delete dead job {jobId}")) return ExitCodes.Ok;
            if (!await session.Admin.DeleteDeadAsync(jobId, run.Token))
                throw CliException.NotFound($"Job '{jobId}' is not in the dead letter queue under prefix '{run.Prefix}'.");
            if (run.Json) run.WriteJson(w => { w.WriteStartObject(); w.WriteString("id", jobId.Value); w.WriteBoolean("deleted", true); w.WriteEndObject(); });
            else run.Console.WriteLine($"Deleted dead job {jobId}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private Command PurgeCommand()
    {
        var command = new Command("purge", "Delete every dead job (or those of --route / --task): records, results and entries.");
        var route = RouteOption("Only dead jobs of this route.");
        var task = TaskOption("Only dead jobs of this task name.");
        var yes = YesOption();
        foreach (var o in new Option[] { route, task, yes }) command.Options.Add(o);
        SetAction(command, run =>
        {
            var selection = new DeadLetterSelection { Route = ParseRoute(run.Parse.GetValue(route)), TaskName = CheckTask(run.Parse.GetValue(task)) };
            return BatchAsync(run, selection, requeue: false, run.Parse.GetValue(yes));
        });
        return command;
    }

    /// <summary>The bulk selection of <c>dead requeue</c>, or null for the one-id form; usage errors for a mix or nothing.</summary>
    private static DeadLetterSelection? Selection(bool all, string? route, string? task, bool hasId, string verb)
    {
        var bulk = all || route is not null || task is not null;
        if (hasId && bulk) throw CliException.Usage($"Give either a job id or --all/--route/--task to {verb}, not both.");
        if (!hasId && !bulk) throw CliException.Usage($"Nothing to {verb}: give a dead job's id, or --all, --route or --task.");
        if (!bulk) return null;
        if (all && (route is not null || task is not null)) throw CliException.Usage("--all takes every dead job; leave out --route and --task, or leave out --all.");
        return new DeadLetterSelection { Route = ParseRoute(route), TaskName = CheckTask(task) };
    }

    private static string? CheckTask(string? task) =>
        task is not null && task.Length == 0 ? throw CliException.Usage("Invalid --task '': expected a task name such as 'send_email'.") : task;

    private static async Task<int> BatchAsync(Run run, DeadLetterSelection selection, bool requeue, bool yes)
    {
        var session = await run.SessionAsync();
        var overview = await session.Admin.GetOverviewAsync(run.Token);
        var what = selection switch
        {
            { Route: { } r, TaskName: { } t } => $"the dead jobs of task '{t}' on route '{r.Value}' (route has {overview.Routes.FirstOrDefault(x => x.Route == r)?.Dead ?? 0} dead)",
            { Route: { } r } => $"the {overview.Routes.FirstOrDefault(x => x.Route == r)?.Dead ?? 0} dead jobs of route '{r.Value}'",
            { TaskName: { } t } => $"the dead jobs of task '{t}' (of {overview.Dead} dead in all)",
            _ => $"all {overview.Dead} dead jobs",
        };
        var verb = requeue ? "requeue" : "delete";
        if (!run.Confirm(yes, $"{(requeue ? "Requeue" : "Delete")} {what}{(requeue ? "" : " for good")}?", $"{verb} {what}")) return ExitCodes.Ok;

        int done = 0, scanned = 0, skipped = 0, calls = 0;
        string? cursor = null;
        DeadLetterBatchResult result;
        do
        {
            result = requeue
                ? await session.Admin.RequeueDeadAsync(selection, Batch, cursor, run.Token)
                : await session.Admin.DeleteDeadAsync(selection, Batch, cursor, run.Token);
            done += result.Done;
            scanned += result.Scanned;
            skipped += result.Skipped;
            cursor = result.Cursor;
            calls++;
        }
        while (result.MoreRemain);

        if (run.Json)
        {
            run.WriteJson(w =>
            {
                w.WriteStartObject();
                w.WriteString("action", verb);
                w.Text("route", selection.Route?.Value);
                w.Text("task", selection.TaskName);
                w.WriteNumber(requeue ? "requeued" : "deleted", done);
                w.WriteNumber("skipped", skipped);
                w.WriteNumber("scanned", scanned);
                w.WriteNumber("batches", calls);
                w.WriteEndObject();
            });
        }
        else
        {
            run.Console.WriteLine($"{(requeue ? "Requeued" : "Deleted")} {done} dead job{(done == 1 ? "" : "s")} (examined {scanned} entries in {calls} batch{(calls == 1 ? "" : "es")})."
                + (skipped > 0 ? $" {skipped} could not be requeued (malformed route or priority) and stay dead; 'bananas dead delete <id>' removes them." : ""));
        }
        return ExitCodes.Ok;
    }

    // ----- enqueue -----

    private Command EnqueueCommand()
    {
        var command = new Command("enqueue", "Enqueue one job of a task with a JSON payload.");
        var task = new Argument<string>("task") { Description = "The task name, e.g. send_email." };
        var payload = new Option<string>("--payload") { Description = "The arguments as a JSON object, e.g. '{\"to\":\"a@b.c\"}'.", DefaultValueFactory = _ => "{}", HelpName = "json" };
        var route = RouteOption("Route to enqueue on (default: default).");
        var priority = PriorityOption("Priority within the route (default: normal).");
        var delay = new Option<string?>("--delay") { Description = "Run no earlier than this long from now: " + GoDuration.Form + ".", HelpName = "duration" };
        var maxRetries = new Option<int?>("--max-retries") { Description = "Retries after the first failure (default: the client's, 3).", HelpName = "n" };
        command.Arguments.Add(task);
        foreach (var o in new Option[] { payload, route, priority, delay, maxRetries }) command.Options.Add(o);
        SetAction(command, async run =>
        {
            var routeText = run.Parse.GetValue(route);
            ParseRoute(routeText);
            TimeSpan? delayValue = null;
            if (run.Parse.GetValue(delay) is { } delayText)
            {
                if (!GoDuration.TryParse(delayText, out var d) || d < TimeSpan.Zero)
                    throw CliException.Usage($"Invalid --delay '{delayText}': expected {GoDuration.Form}.");
                delayValue = d;
            }
            var retries = run.Parse.GetValue(maxRetries);
            if (retries is < 0) throw CliException.Usage($"Invalid --max-retries {retries}: expected 0 or more.");
            var options = new JobOptions
            {
                Route = routeText,
                Priority = ParsePriority(run.Parse.GetValue(priority)),
                Delay = delayValue,
                MaxRetries = retries,
            };
            var session = await run.SessionAsync();
            var id = await session.Client.EnqueueAsync(run.Parse.GetValue(task)!, run.Parse.GetValue(payload) ?? "{}", options, run.Token);
            var job = await session.Client.GetJobAsync(id, run.Token);
            if (run.Json)
            {
                run.WriteJson(w =>
                {
                    if (job is not null) w.Job(job);
                    else { w.WriteStartObject(); w.WriteString("id", id.Value); w.WriteEndObject(); }
                });
            }
            else
            {
                run.Console.WriteLine(job is null
                    ? $"Enqueued job {id}."
                    : $"Enqueued job {id}: task {job.Name}, route {job.RoutingKey.Value}, priority {job.Priority.ToWireName()}, status {job.Status.ToWireName()}"
                      + (job.ScheduledFor is { } due ? $", due {Render.Time(due)}." : "."));
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    // ----- workers -----

    private Command WorkersCommand()
    {
        var command = new Command("workers", "Live workers (registered, last heartbeat within their TTL), most recent heartbeat first.");
        SetAction(command, async run =>
        {
            var session = await run.SessionAsync();
            var workers = await session.Admin.ListWorkersAsync(run.Token);
            if (run.Json)
            {
                run.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteStartArray("workers");
                    foreach (var worker in workers) w.Worker(worker);
                    w.WriteEndArray();
                    w.WriteEndObject();
                });
                return ExitCodes.Ok;
            }
            if (workers.Count == 0)
            {
                run.Console.WriteLine("No live workers.");
                return ExitCodes.Ok;
            }
            var now = DateTimeOffset.UtcNow;
            var table = Render.Table("ID", "HOST", "PID", "ROUTES", "CONCURRENCY", "IN FLIGHT", "STARTED", "LAST HEARTBEAT");
            foreach (var w in workers)
                table.Row(w.Id, w.Host, Render.N(w.ProcessId), string.Join(",", w.Routes.Select(r => r.Value)), Render.N(w.Concurrency), Render.N(w.InFlight),
                    Render.Time(w.StartedAt), Render.Ago(w.LastHeartbeat, now));
            Render.Show(run.Console, table);
            run.Console.WriteLine($"{workers.Count} live worker{(workers.Count == 1 ? "" : "s")}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    // ----- pause / resume -----

    private Command PauseCommand(bool pause)
    {
        var command = pause
            ? new Command("pause", "Pause a route: every worker skips it (jobs still enqueue, running jobs finish); survives restarts.")
            : new Command("resume", "Resume a paused route: idle workers fetch from it at once.");
        var route = new Argument<string>("route") { Description = "The route, e.g. default." };
        command.Arguments.Add(route);
        SetAction(command, async run =>
        {
            var key = ParseRoute(run.Parse.GetValue(route), "route")!.Value;
            var session = await run.SessionAsync();
            var changed = pause ? await session.Admin.PauseRouteAsync(key, run.Token) : await session.Admin.ResumeRouteAsync(key, run.Token);
            if (run.Json)
            {
                run.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("route", key.Value);
                    w.WriteBoolean("paused", pause);
                    w.WriteBoolean("changed", changed);
                    w.WriteEndObject();
                });
            }
            else if (pause)
            {
                run.Console.WriteLine(changed
                    ? $"Paused route '{key.Value}': workers stop fetching its jobs; jobs still enqueue. Resume with 'bananas resume {key.Value}'."
                    : $"Route '{key.Value}' was already paused.");
            }
            else
            {
                run.Console.WriteLine(changed ? $"Resumed route '{key.Value}': workers fetch its jobs again." : $"Route '{key.Value}' was not paused.");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    // ----- stats -----

    private Command StatsCommand()
    {
        var command = new Command("stats", "Throughput: processed and failed executions per route, per minute for the last hour and per day.");
        var route = RouteOption("Only this route (the per-minute and per-day tables show it; default: all routes summed).");
        var days = new Option<int>("--days") { Description = $"Days of daily counts, 1 to {BananasAdmin.MaxDays}.", DefaultValueFactory = _ => 7, HelpName = "n" };
        InRange(days, 1, BananasAdmin.MaxDays);
        command.Options.Add(route);
        command.Options.Add(days);
        SetAction(command, async run =>
        {
            var only = ParseRoute(run.Parse.GetValue(route));
            var dayCount = run.Parse.GetValue(days);
            var session = await run.SessionAsync();
            var total = await session.Admin.GetThroughputAsync(null, dayCount, run.Token);
            IReadOnlyList<RoutingKey> routes = only is { } r
                ? [r]
                : (await session.Admin.GetOverviewAsync(run.Token)).Routes.Select(x => x.Route).ToList();
            var perRoute = new List<ThroughputStats>();
            foreach (var key in routes) perRoute.Add(await session.Admin.GetThroughputAsync(key, dayCount, run.Token));

            if (run.Json)
            {
                run.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteNumber("days", dayCount);
                    w.WritePropertyName("total");
                    w.Throughput(total);
                    w.WriteStartArray("routes");
                    foreach (var s in perRoute) w.Throughput(s);
                    w.WriteEndArray();
                    w.WriteEndObject();
                });
                return ExitCodes.Ok;
            }

            var console = run.Console;
            var summary = Render.Table("ROUTE", "LAST HOUR", "FAILED", "TODAY", "FAILED", $"{dayCount} DAYS", "FAILED");
            void Summary(string name, ThroughputStats s)
            {
                var today = s.Days.Count > 0 ? s.Days[^1] : default;
                summary.Row(name, Render.N(s.Minutes.Sum(p => p.Processed)), Render.N(s.Minutes.Sum(p => p.Failed)),
                    Render.N(today.Processed), Render.N(today.Failed), Render.N(s.Days.Sum(p => p.Processed)), Render.N(s.Days.Sum(p => p.Failed)));
            }
            foreach (var s in perRoute) Summary(s.Route?.Value ?? "?", s);
            if (only is null) Summary("(all routes)", total);
            foreach (var i in Enumerable.Range(1, 6)) summary.Columns[i].RightAligned();
            Render.Show(console, summary);

            var selected = only is null ? total : perRoute[0];
            var label = only is { } o ? $"route '{o.Value}'" : "all routes";
            var minutes = selected.Minutes.Where(p => p.Processed > 0 || p.Failed > 0).ToList();
            console.WriteLine();
            if (minutes.Count == 0)
            {
                console.WriteLine($"Last hour per minute ({label}): no executions.");
            }
            else
            {
                console.WriteLine($"Last hour per minute ({label}; minutes without executions left out):");
                var table = Render.Table("MINUTE (UTC)", "PROCESSED", "FAILED");
                foreach (var p in minutes) table.Row(p.Start.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), Render.N(p.Processed), Render.N(p.Failed));
                table.Columns[1].RightAligned();
                table.Columns[2].RightAligned();
                Render.Show(console, table);
            }
            console.WriteLine();
            console.WriteLine($"Per day ({label}):");
            var daily = Render.Table("DAY (UTC)", "PROCESSED", "FAILED");
            foreach (var p in selected.Days) daily.Row(p.Start.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Render.N(p.Processed), Render.N(p.Failed));
            daily.Columns[1].RightAligned();
            daily.Columns[2].RightAligned();
            Render.Show(console, daily);
            return ExitCodes.Ok;
        });
        return command;
    }

    // ----- schedules -----

    private Command SchedulesCommand()
    {
        var command = new Command("schedules", "Periodic schedules: next and last occurrence, last job and its status, runs.");
        SetAction(command, async run =>
        {
            var session = await run.SessionAsync();
            var names = await session.Cron.ListAsync(run.Token);
            var rows = new List<(string Name, Periodic.CronState? State, JobStatus? Status)>();
            foreach (var name in names)
            {
                var state = await session.Cron.GetAsync(name, run.Token);
                JobStatus? status = state?.LastJobId is { } job ? await session.Admin.GetStatusAsync(job, run.Token) : null;
                rows.Add((name, state, status));
            }
            if (run.Json)
            {
                run.WriteJson(w =>
                {
                    w.WriteStartObject();
                    w.WriteStartArray("schedules");
                    foreach (var (name, state, status) in rows) w.Schedule(name, state, status);
                    w.WriteEndArray();
                    w.WriteEndObject();
                });
                return ExitCodes.Ok;
            }
            if (rows.Count == 0)
            {
                run.Console.WriteLine("No periodic schedules: no scheduler has run under this prefix.");
                return ExitCodes.Ok;
            }
            var table = Render.Table("SCHEDULE", "NEXT", "LAST", "LAST JOB", "LAST JOB STATUS", "RUNS");
            foreach (var (name, state, status) in rows)
                table.Row(name, Render.Time(state?.NextOccurrence), Render.Time(state?.LastOccurrence), state?.LastJobId?.Value,
                    state?.LastJobId is null ? null : status?.ToWireName() ?? "expired", Render.N(state?.RunCount ?? 0));
            table.Columns[5].RightAligned();
            Render.Show(run.Console, table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
