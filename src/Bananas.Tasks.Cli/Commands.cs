using System.CommandLine;
using System.Text.Json;
using Bananas.Tasks.Admin;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Hosting;
using Spectre.Console;

namespace Bananas.Tasks.Cli;

/// <summary>The command tree and what each command does (docs/cli.md is the user's view of it).</summary>
internal sealed partial class Commands(CliIO io)
{
    private static readonly string[] States = ["pending", "scheduled", "processing", "dead", "completed", "failed", "waiting"];

    private readonly Option<string?> _redis = new("--redis")
    {
        Description = "Redis to use: redis://[user][:password]@host[:port][/db], rediss://… or host:port,password=…; default: the REDIS_URL environment variable.",
        HelpName = "url",
        Recursive = true,
    };

    private readonly Option<string> _prefix = new("--prefix")
    {
        Description = "Key prefix of the deployment.",
        HelpName = "prefix",
        DefaultValueFactory = _ => "bananas",
        Recursive = true,
    };

    private readonly Option<string?> _layout = new("--layout")
    {
        Description = "Key layout of the deployment: classic, cluster or cluster-per-route (docs/scaling.md); default: the REDIS_LAYOUT environment variable, else cluster on a Redis Cluster and classic elsewhere.",
        HelpName = "classic|cluster",
        Recursive = true,
    };

    private readonly Option<bool> _json = new("--json")
    {
        Description = "Print stable JSON for scripts instead of tables (shapes in docs/cli.md).",
        Recursive = true,
    };

    public RootCommand Build()
    {
        var root = new RootCommand("bananas: inspect and operate a Bananas.Tasks deployment on Redis.");
        root.Options.Add(_redis);
        root.Options.Add(_prefix);
        root.Options.Add(_layout);
        root.Options.Add(_json);
        root.Subcommands.Add(QueuesCommand());
        root.Subcommands.Add(JobsCommand());
        root.Subcommands.Add(JobCommand());
        root.Subcommands.Add(WorkflowCommand());
        root.Subcommands.Add(DeadCommand());
        root.Subcommands.Add(EnqueueCommand());
        root.Subcommands.Add(WorkersCommand());
        root.Subcommands.Add(PauseCommand(pause: true));
        root.Subcommands.Add(PauseCommand(pause: false));
        root.Subcommands.Add(StatsCommand());
        root.Subcommands.Add(SchedulesCommand());
        return root;
    }

    /// <summary>What every command's action gets: the parsed global options, the output and (on demand) a connected session.</summary>
    private sealed class Run(CliIO io, ParseResult parse, Commands commands, CancellationToken cancellationToken) : IAsyncDisposable
    {
        private Session? _session;

        public CliIO IO { get; } = io;
        public ParseResult Parse { get; } = parse;
        public CancellationToken Token { get; } = cancellationToken;
        public bool Json => Parse.GetValue(commands._json);
        public string Prefix => Parse.GetValue(commands._prefix) ?? "bananas";
        public RedisTarget? Target { get; private set; }
        /// <summary>The layout given by --layout or REDIS_LAYOUT; null: the session picks it from the server.</summary>
        public RedisKeyLayout? Layout { get; private set; }
        public IAnsiConsole Console => _console ??= Render.Console(IO);
        private IAnsiConsole? _console;

        /// <summary>Checks the prefix and resolves the Redis target: usage errors before any connection is tried.</summary>
        public void Resolve()
        {
            var prefix = Prefix;
            if (string.IsNullOrEmpty(prefix) || prefix.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '{' or '}'))
                throw CliException.Usage($"Invalid --prefix '{prefix}': expected non-empty text without whitespace, control characters or braces, e.g. 'bananas'.");
            var (layoutName, layoutText) = Parse.GetValue(commands._layout) is { } given ? ("--layout", given) : ("REDIS_LAYOUT", IO.GetEnvironmentVariable("REDIS_LAYOUT"));
            if (!string.IsNullOrWhiteSpace(layoutText))
                Layout = RedisKeyLayouts.Parse(layoutText)
                    ?? throw CliException.Usage($"Invalid {layoutName} '{layoutText}': expected {RedisKeyLayouts.Expected}.");
            Target = RedisTarget.Resolve(Parse.GetValue(commands._redis), IO);
        }

        public async Task<Session> SessionAsync()
        {
            if (Target is null) Resolve();
            return _session ??= await Session.OpenAsync(Target!, Prefix, Layout).ConfigureAwait(false);
        }

        public void WriteJson(Action<Utf8JsonWriter> write) => JsonOut.Write(IO.Out, write);

        /// <summary>
        /// True when the user confirmed (--yes, or "y" at the prompt on a terminal); a usage error when there is no
        /// terminal to ask on; false when the user declined.
        /// </summary>
        public bool Confirm(bool yes, string question, string action)
        {
            if (yes) return true;
            if (!IO.InputIsTerminal)
                throw CliException.Usage($"Refusing to {action} without confirmation: standard input is not a terminal, so pass --yes to confirm.");
            IO.Error.Write(question + " [y/N] ");
            IO.Error.Flush();
            var answer = IO.In.ReadLine()?.Trim();
            if (answer is not null && (answer.Equals("y", StringComparison.OrdinalIgnoreCase) || answer.Equals("yes", StringComparison.OrdinalIgnoreCase)))
                return true;
            IO.Error.WriteLine("Cancelled: nothing was changed.");
            return false;
        }

        public async ValueTask DisposeAsync()
        {
            if (_session is not null) await _session.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void SetAction(Command command, Func<Run, Task<int>> body) =>
        command.SetAction(async (parse, token) =>
        {
            await using var run = new Run(io, parse, this, token);
            return await BananasCli.GuardAsync(io, () => run.Target, async () =>
            {
                run.Resolve();
                return await body(run).ConfigureAwait(false);
            }).ConfigureAwait(false);
        });

    // ----- shared options and parsing -----

    private static Option<string?> RouteOption(string description) => new("--route") { Description = description, HelpName = "route" };

    private static Option<string?> TaskOption(string description) => new("--task") { Description = description, HelpName = "name" };

    private static Option<int> LimitOption()
    {
        var limit = new Option<int>("--limit") { Description = $"Most jobs to list, 1 to {JobListQuery.MaxLimit}.", DefaultValueFactory = _ => 50, HelpName = "n" };
        InRange(limit, 1, JobListQuery.MaxLimit);
        return limit;
    }

    /// <summary>A range check on an integer option (a value that is not an integer is left to the parser's own error).</summary>
    internal static void InRange(Option<int> option, int min, int max) =>
        option.Validators.Add(r =>
        {
            if (r.Tokens.Count == 1 && int.TryParse(r.Tokens[0].Value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value)
                && (value < min || value > max))
                r.AddError($"{option.Name} is {value}; expected {min} to {max}");
        });

    private static Option<string?> CursorOption() => new("--cursor") { Description = "The next cursor a previous page printed.", HelpName = "cursor" };

    private static Option<bool> YesOption() => new("--yes", "-y") { Description = "Do it without asking for confirmation." };

    private static Option<string?> PriorityOption(string description)
    {
        var priority = new Option<string?>("--priority") { Description = description, HelpName = "high|normal|low" };
        priority.AcceptOnlyFromAmong("high", "normal", "low");
        return priority;
    }

    private static RoutingKey? ParseRoute(string? text, string option = "--route")
    {
        if (text is null) return null;
        if (!RoutingKey.TryParse(text, out var route))
            throw CliException.Usage($"Invalid {option} '{text}': expected 1-64 characters of [A-Za-z0-9_-], e.g. 'default'.");
        return route;
    }

    private static Priority? ParsePriority(string? text) =>
        text is null ? null : PriorityExtensions.TryParseWireName(text, out var p) ? p : throw CliException.Usage($"Invalid --priority '{text}': expected high, normal or low.");

    private static JobId ParseId(string? text) =>
        JobId.TryParse(text, out var id) ? id : throw CliException.Usage($"Invalid job id '{text}': expected 1-128 characters without whitespace, e.g. a UUID.");

    private static JobListState ParseState(string text) => text switch
    {
        "pending" => JobListState.Pending,
        "scheduled" => JobListState.Scheduled,
        "processing" => JobListState.Processing,
        "dead" => JobListState.Dead,
        "completed" => JobListState.Completed,
        "failed" => JobListState.Failed,
        "waiting" => JobListState.Waiting,
        _ => throw CliException.Usage($"Unknown state '{text}': expected {string.Join(", ", States)}."),
    };

    // ----- queues -----

    private Command QueuesCommand()
    {
        var command = new Command("queues", "Depth per route and priority, dead per route, paused routes, and the scheduled, processing and dead totals.");
        SetAction(command, async run =>
        {
            var session = await run.SessionAsync();
            var overview = await session.Admin.GetOverviewAsync(run.Token);
            if (run.Json) run.WriteJson(w => w.Overview(overview));
            else Render.Overview(run.Console, overview);
            return ExitCodes.Ok;
        });
        return command;
    }

    // ----- jobs / dead list -----

    private Command JobsCommand()
    {
        var command = new Command("jobs", "One page of jobs in a state, from that state's index (no scan of the whole keyspace).");
        var state = new Argument<string>("state") { Description = "pending, scheduled, processing, dead, completed or failed.", HelpName = "state" };
        state.AcceptOnlyFromAmong(States);
        var route = RouteOption("Only this route.");
        var task = TaskOption("Only jobs of this task name (a bounded scan: a page may hold fewer jobs than --limit; follow the cursor).");
        var priority = PriorityOption("pending only: just this priority's queue.");
        var limit = LimitOption();
        var cursor = CursorOption();
        command.Arguments.Add(state);
        foreach (var o in new Option[] { route, task, priority, limit, cursor }) command.Options.Add(o);
        SetAction(command, run =>
        {
            var stateText = run.Parse.GetValue(state)!;
            return ListAsync(run, ParseState(stateText), run.Parse.GetValue(route), run.Parse.GetValue(task), run.Parse.GetValue(priority),
                run.Parse.GetValue(limit), run.Parse.GetValue(cursor), $"bananas jobs {stateText}");
        });
        return command;
    }

    private static async Task<int> ListAsync(Run run, JobListState state, string? routeText, string? task, string? priorityText, int limit, string? cursor, string command)
    {
        var query = new JobListQuery
        {
            State = state,
            Route = ParseRoute(routeText),
            Priority = ParsePriority(priorityText),
            TaskName = task,
            Limit = limit,
            Cursor = cursor,
        };
        var session = await run.SessionAsync();
        var page = await session.Admin.ListJobsAsync(query, run.Token);
        if (run.Json)
        {
            run.WriteJson(w => w.Page(Render.StateName(state), page));
        }
        else
        {
            var again = command + (routeText is null ? "" : $" --route {routeText}") + (task is null ? "" : $" --task {task}")
                + (priorityText is null ? "" : $" --priority {priorityText}") + (limit == 50 ? "" : $" --limit {limit}");
            Render.Page(run.Console, state, page, again);
        }
        return ExitCodes.Ok;
    }

    // ----- workflow -----

    private Command WorkflowCommand()
    {
        var command = new Command("workflow", "One workflow: its status, counts and every step's state, input and result (docs/workflows.md).");
        var id = new Argument<string>("id") { Description = "The workflow id." };
        command.Arguments.Add(id);
        SetAction(command, async run =>
        {
            var workflowId = run.Parse.GetValue(id)!;
            if (!JobId.TryParse(workflowId, out _)) throw CliException.Usage($"'{workflowId}' is not a workflow id: expected 1-128 characters without whitespace.");
            var session = await run.SessionAsync();
            var workflow = await session.Admin.GetWorkflowAsync(workflowId, run.Token)
                ?? throw CliException.NotFound($"No workflow '{workflowId}' under prefix '{run.Prefix}': it never existed, or its record expired after it finished.");
            if (run.Json) run.WriteJson(w => w.Workflow(workflow));
            else Render.Workflow(run.Console, workflow);
            return ExitCodes.Ok;
        });
        return command;
    }

    // ----- job -----

    private Command JobCommand()
    {
        var command = new Command("job", "One job: its record, result or error, attempts and timeline.");
        var id = new Argument<string>("id") { Description = "The job id." };
        command.Arguments.Add(id);
        SetAction(command, async run =>
        {
            var jobId = ParseId(run.Parse.GetValue(id));
            var session = await run.SessionAsync();
            var details = await session.Admin.GetJobAsync(jobId, run.Token)
                ?? throw CliException.NotFound($"No job '{jobId}' under prefix '{run.Prefix}': it never existed, or its record expired after it finished.");
            if (run.Json) run.WriteJson(w => w.Details(details));
            else Render.Details(run.Console, details);
            return ExitCodes.Ok;
        });
        return command;
    }
}
