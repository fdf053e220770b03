// Bananas.Tasks quick start: one process that is both client and worker.
// Without REDIS_URL it runs on the embedded in-memory engine; with REDIS_URL (redis://host:port) on Redis.
using Bananas.Tasks;
using Bananas.Tasks.Client;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QuickStart;

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services
    .AddBananas()
    .AddWorker()
    .AddTask("greet", QuickStartJson.Default.GreetArgs, QuickStartJson.Default.Greeting, async (args, job, ct) =>
    {
        await Task.Delay(50, ct);
        Console.WriteLine($"  worker: greeting {args.Name} (job {job.Job.Id}, attempt {job.Job.Attempts})");
        return new Greeting($"Hello, {args.Name}!", args.Name.Length);
    });

using var host = builder.Build();
await host.StartAsync();

var client = host.Services.GetRequiredService<IBananasClient>();
Console.WriteLine(client.Engine is Bananas.Tasks.InMemory.InMemoryQueueEngine
    ? "Bananas quick start: using the embedded in-memory engine (set REDIS_URL=redis://localhost:6379 to use Redis)."
    : $"Bananas quick start: using the {client.Engine.Name} engine from REDIS_URL.");

var names = new[] { "Ada", "Grace", "Linus" };
var ids = new List<JobId>();
foreach (var name in names)
{
    var id = await client.EnqueueAsync("greet", System.Text.Json.JsonSerializer.Serialize(new GreetArgs(name), QuickStartJson.Default.GreetArgs),
        new JobOptions { Priority = name == "Grace" ? Priority.High : Priority.Normal });
    Console.WriteLine($"client: enqueued greet({name}) as job {id}");
    ids.Add(id);
}

foreach (var id in ids)
{
    var result = await client.WaitForResultAsync(id, TimeSpan.FromSeconds(30));
    var greeting = System.Text.Json.JsonSerializer.Deserialize(result.ResultJson!, QuickStartJson.Default.Greeting)!;
    Console.WriteLine($"client: job {id} -> \"{greeting.Message}\" in {result.Duration.TotalMilliseconds:0} ms");
}

var depths = await client.Engine.GetQueueDepthsAsync();
Console.WriteLine($"queues: {depths.Routes.Values.Sum(r => r.Total)} pending, {depths.Processing} processing, {depths.Dead} dead");
await host.StopAsync();
Console.WriteLine("done.");

namespace QuickStart
{
    public sealed record GreetArgs(string Name);
    public sealed record Greeting(string Message, int Letters);

    [System.Text.Json.Serialization.JsonSerializable(typeof(GreetArgs))]
    [System.Text.Json.Serialization.JsonSerializable(typeof(Greeting))]
    internal sealed partial class QuickStartJson : System.Text.Json.Serialization.JsonSerializerContext;
}
