using System.Text.Json;
using Bananas.Tasks;
using Bananas.Tasks.Admin;
using Bananas.Tasks.Client;

namespace HttpApi;

/// <summary>The four endpoints of the example: submit, status, list and stats.</summary>
internal static class TasksApi
{
    /// <summary>Longest accepted <c>payload</c>, in characters.</summary>
    public const int MaxPayloadLength = 10_000;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/tasks/submit", SubmitAsync);
        app.MapGet("/tasks/status", StatusAsync);
        app.MapGet("/tasks/list", ListAsync);
        app.MapGet("/tasks/stats", StatsAsync);
    }

    /// <summary>A JSON error body: <c>{"error": "…", "status": 400}</c>.</summary>
    public static IResult Error(int status, string message) => Results.Json(new ErrorBody(message, status), statusCode: status);

    // POST /tasks/submit {"type":"email","payload":"user@example.com"} -> 202 {"id":…,"type":"email","status":"pending",…}
    private static async Task<IResult> SubmitAsync(HttpRequest request, IBananasClient client, CancellationToken cancellationToken)
    {
        JsonDocument body;
        try
        {
            body = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException ex)
        {
            return Error(400, $"the body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}); expected {{\"type\":\"email\",\"payload\":\"user@example.com\"}}");
        }
        using (body)
        {
            if (body.RootElement.ValueKind != JsonValueKind.Object)
                return Error(400, $"the body is a JSON {body.RootElement.ValueKind.ToString().ToLowerInvariant()}; expected an object such as {{\"type\":\"email\",\"payload\":\"user@example.com\"}}");
            if (ReadString(body.RootElement, "type", out var type) is { } typeProblem) return Error(400, typeProblem);
            if (!TaskTypes.IsKnown(type)) return Error(400, $"unknown task type '{type}'; expected one of {string.Join(", ", TaskTypes.Names)}");
            if (ReadString(body.RootElement, "payload", out var payload) is { } payloadProblem) return Error(400, payloadProblem);
            if (payload.Length > MaxPayloadLength) return Error(400, $"'payload' has {payload.Length} characters; at most {MaxPayloadLength} are accepted");

            var handle = await TaskTypes.EnqueueAsync(client, type, payload, cancellationToken);
            var statusUrl = $"/tasks/status?id={handle.Id}";
            return Results.Json(new Submitted(handle.Id, type, "pending", statusUrl), statusCode: StatusCodes.Status202Accepted);
        }
    }

    // GET /tasks/status?id=… -> the job, its status and (once completed) its typed result
    private static async Task<IResult> StatusAsync(string? id, IBananasClient client, IBananasAdmin admin, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(id)) return Error(400, "missing query parameter 'id'; use /tasks/status?id=<the id /tasks/submit returned>");
        if (!Guid.TryParseExact(id, "D", out _) || !JobId.TryParse(id, out var jobId))
            return Error(400, $"'{Shorten(id)}' is not a task id; expected the id /tasks/submit returned, a UUID such as {Guid.Empty:D}");
        var details = await admin.GetJobAsync(jobId, cancellationToken);
        if (details is null) return Error(404, $"no task {id} (never submitted, or expired after it finished)");
        var job = details.Job;
        TaskOutcome? result = null;
        if (job.Status == JobStatus.Completed && TaskTypes.HandleFor(client, job.Name, jobId) is { } handle)
            result = (await handle.TryGetResultAsync(cancellationToken))?.Value;
        return Results.Json(new TaskStatusView(
            job.Id, job.Name, job.Status.ToWireName(), PayloadText(job), job.Attempts, job.MaxRetries,
            job.CreatedAt, job.StartedAt, job.CompletedAt, job.WorkerId, details.LeaseDeadline, result, job.Error));
    }

    // GET /tasks/list[?state=pending|scheduled|processing|completed|failed|dead][&type=email][&limit=20][&cursor=…]
    private static async Task<IResult> ListAsync(string? state, string? type, string? limit, string? cursor, IBananasAdmin admin, CancellationToken cancellationToken)
    {
        int size = 20;
        if (limit is not null && (!int.TryParse(limit, out size) || size is < 1 or > 100))
            return Error(400, $"limit '{Shorten(limit)}' is not valid; expected a whole number from 1 to 100 (default 20)");
        if (type is not null && !TaskTypes.IsKnown(type))
            return Error(400, $"unknown task type '{Shorten(type)}'; expected one of {string.Join(", ", TaskTypes.Names)}");
        if (state is null)
        {
            if (cursor is not null) return Error(400, "a cursor continues one state's listing; pass the state too (the 'next' link of a page has both)");
            var states = new Dictionary<string, ListPage>();
            foreach (var s in Enum.GetValues<JobListState>())
                states[Name(s)] = await PageAsync(admin, s, type, size, null, cancellationToken);
            return Results.Json(states);
        }
        if (!Enum.GetValues<JobListState>().Any(s => Name(s) == state))
            return Error(400, $"unknown state '{Shorten(state)}'; expected one of {string.Join(", ", Enum.GetValues<JobListState>().Select(Name))}");
        var listState = Enum.GetValues<JobListState>().First(s => Name(s) == state);
        try
        {
            return Results.Json(await PageAsync(admin, listState, type, size, cursor, cancellationToken));
        }
        catch (ArgumentException ex) when (cursor is not null)
        {
            return Error(400, $"cursor '{Shorten(cursor)}' is not valid here: {ex.Message.Replace($" (Parameter '{ex.ParamName}')", "", StringComparison.Ordinal)}");
        }
    }

    private static async Task<ListPage> PageAsync(IBananasAdmin admin, JobListState state, string? type, int size, string? cursor, CancellationToken cancellationToken)
    {
        var page = await admin.ListJobsAsync(new JobListQuery { State = state, TaskName = type, Limit = size, Cursor = cursor }, cancellationToken);
        string? next = null;
        if (page.NextCursor is { } c)
            next = $"/tasks/list?state={Name(state)}&limit={size}" + (type is null ? "" : $"&type={type}") + $"&cursor={Uri.EscapeDataString(c)}";
        var tasks = page.Jobs.Select(i => new ListedTask(
            i.Job.Id, i.Job.Name, i.Job.Status.ToWireName(), PayloadText(i.Job), i.Job.Attempts, i.Job.CreatedAt,
            i.DueAt, i.LeaseDeadline, i.FinishedAt, i.Job.WorkerId, i.Job.Error)).ToList();
        return new ListPage(tasks, page.NextCursor, next);
    }

    // GET /tasks/stats -> queue depths, workers and throughput, the same from every node
    private static async Task<IResult> StatsAsync(IBananasAdmin admin, NodeSettings node, CancellationToken cancellationToken)
    {
        var overview = await admin.GetOverviewAsync(cancellationToken);
        var workers = await admin.ListWorkersAsync(cancellationToken);
        var throughput = await admin.GetThroughputAsync(null, days: 1, cancellationToken);
        var lastMinute = throughput.Minutes[^1];
        var lastHour = new ThroughputPoint(throughput.Minutes[0].Start, throughput.Minutes.Sum(m => m.Processed), throughput.Minutes.Sum(m => m.Failed));
        return Results.Json(new Stats(
            node.NodeId,
            admin.EngineName,
            overview.Routes.Sum(r => r.Pending), overview.Scheduled, overview.Processing, overview.Dead,
            overview.Routes.Select(r => new RouteStats(r.Route.Value, r.High, r.Normal, r.Low, r.Pending, r.Dead, r.Paused)).ToList(),
            workers.Select(w => new WorkerStats(w.Id, w.Host, w.ProcessId, w.Routes.Select(r => r.Value).ToList(), w.Concurrency, w.InFlight, w.LastHeartbeat)).ToList(),
            new ThroughputView(Counts(lastMinute), Counts(lastHour), Counts(throughput.Days[^1]),
                throughput.Minutes.TakeLast(10).Select(m => new MinuteCounts(m.Start, m.Processed, m.Failed)).ToList())));
    }

    private static Counts Counts(ThroughputPoint p) => new(p.Processed, p.Failed);

    /// <summary>Reads a required string property; returns the problem, or null when it is there.</summary>
    private static string? ReadString(JsonElement body, string name, out string value)
    {
        value = "";
        if (!body.TryGetProperty(name, out var element))
            return $"missing field '{name}'; expected {{\"type\":\"email\",\"payload\":\"user@example.com\"}}";
        if (element.ValueKind != JsonValueKind.String)
            return $"field '{name}' is a JSON {element.ValueKind.ToString().ToLowerInvariant()}; expected a string";
        value = element.GetString()!;
        if (value.Trim().Length == 0) return $"field '{name}' is empty; expected a non-empty string";
        return null;
    }

    /// <summary>The job's <c>payload</c> argument (the jobs of this API carry one string), else its payload JSON.</summary>
    private static string PayloadText(JobRecord job)
    {
        try
        {
            using var doc = JsonDocument.Parse(job.Payload);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("payload", out var p) && p.ValueKind == JsonValueKind.String)
                return p.GetString()!;
        }
        catch (JsonException)
        {
            // a job of another producer: show its payload as stored
        }
        return job.Payload;
    }

    private static string Name(JobListState state) => state.ToString().ToLowerInvariant();

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}

internal sealed record ErrorBody(string Error, int Status);
internal sealed record Submitted(string Id, string Type, string Status, string StatusUrl);
internal sealed record TaskStatusView(
    string Id, string Type, string Status, string Payload, int Attempts, int MaxRetries,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt, string? Worker, DateTimeOffset? LeaseDeadline,
    TaskOutcome? Result, string? Error);
internal sealed record ListedTask(
    string Id, string Type, string Status, string Payload, int Attempts, DateTimeOffset CreatedAt,
    DateTimeOffset? DueAt, DateTimeOffset? LeaseDeadline, DateTimeOffset? FinishedAt, string? Worker, string? Error);
internal sealed record ListPage(IReadOnlyList<ListedTask> Tasks, string? NextCursor, string? Next);
internal sealed record RouteStats(string Route, long High, long Normal, long Low, long Pending, long Dead, bool Paused);
internal sealed record WorkerStats(string Id, string Host, int Pid, IReadOnlyList<string> Routes, int Concurrency, int InFlight, DateTimeOffset LastHeartbeat);
internal sealed record Counts(long Processed, long Failed);
internal sealed record MinuteCounts(DateTimeOffset Start, long Processed, long Failed);
internal sealed record ThroughputView(Counts LastMinute, Counts LastHour, Counts Today, IReadOnlyList<MinuteCounts> Minutes);
internal sealed record Stats(
    string Node, string Engine, long Pending, long Scheduled, long Processing, long Dead,
    IReadOnlyList<RouteStats> Queues, IReadOnlyList<WorkerStats> Workers, ThroughputView Throughput);
