// HttpApi: the distributed task queue example (reference/clusterkit-distributed-queue-example.md) over Bananas.Tasks.
// Every node is this program; nodes share one Redis (REDIS_URL), so any node answers for any task.
//
//   REDIS_URL=redis://localhost:6379 NODE_ID=node-1 dotnet run --project samples/HttpApi -- --urls http://localhost:10080
//   REDIS_URL=redis://localhost:6379 NODE_ID=node-2 dotnet run --project samples/HttpApi -- --urls http://localhost:10081
//
// Without REDIS_URL, `dotnet run` (Development profile) uses the embedded in-memory engine: one node only.
using System.Text.Json;
using Bananas.Tasks.Worker;
using HttpApi;
using StackExchange.Redis;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning); // no line per request
var node = NodeSettings.From(builder.Configuration);
builder.Services.AddSingleton(node);
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);

var bananas = builder.Services
    .AddBananas()              // Redis from REDIS_URL; in Development without it, the in-memory engine
    .AddGeneratedTasks();      // the four [BananaTask] methods of QueueTasks
if (node.RunWorker)
    bananas.AddWorker(o => o.WorkerId = $"{node.NodeId}:{Environment.ProcessId}"); // RUN_WORKER=false: an API-only node

var app = builder.Build();

// Errors are JSON, whatever went wrong: bad input is answered by the endpoints (400/404); anything else that throws
// becomes a JSON 503 (Redis unreachable) or 500, and unknown paths or methods get a JSON 404/405.
app.UseExceptionHandler(errors => errors.Run(async context =>
{
    var error = context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>()?.Error;
    var (status, message) = error switch
    {
        RedisConnectionException or RedisTimeoutException => (StatusCodes.Status503ServiceUnavailable, "the task store (Redis) cannot be reached; try again"),
        BadHttpRequestException bad => (bad.StatusCode, bad.Message),
        _ => (StatusCodes.Status500InternalServerError, "internal error; see the node's log"),
    };
    await TasksApi.Error(status, message).ExecuteAsync(context);
}));
app.UseStatusCodePages(async pages =>
{
    var context = pages.HttpContext;
    var message = context.Response.StatusCode switch
    {
        404 => $"no endpoint {context.Request.Method} {context.Request.Path}; see GET /tasks/list, /tasks/stats, /tasks/status?id= and POST /tasks/submit",
        405 => $"{context.Request.Method} is not allowed on {context.Request.Path}",
        var code => $"request failed with status {code}",
    };
    await TasksApi.Error(context.Response.StatusCode, message).ExecuteAsync(context);
});

TasksApi.Map(app);

app.Logger.LogInformation("node {Node}: {Role}, engine {Engine}", node.NodeId,
    node.RunWorker ? "API and worker" : "API only (RUN_WORKER=false)",
    app.Services.GetRequiredService<Bananas.Tasks.Admin.IBananasAdmin>().EngineName);
app.Run();

/// <summary>For <c>WebApplicationFactory</c> and the tests.</summary>
public partial class Program;
