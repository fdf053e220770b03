// Bananas.Tasks quick start: one process that is both client and worker.
// Without REDIS_URL it runs on the embedded in-memory engine; with REDIS_URL (redis://host:port) on Redis.
using Bananas.Tasks;
using Bananas.Tasks.Client;
using Bananas.Tasks.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QuickStart;

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton<IGreeter, Greeter>();
builder.Services
    .AddBananas()            // Redis when REDIS_URL is set, else the embedded in-memory engine
    .AddWorker()             // run the hosted worker in this process too
    .AddGeneratedTasks();    // every [BananaTask] method of this assembly

using var host = builder.Build();
await host.StartAsync();

var engine = host.Services.GetRequiredService<IBananasClient>().Engine;
Console.WriteLine(engine is InMemoryQueueEngine
    ? "Bananas quick start: using the embedded in-memory engine (set REDIS_URL=redis://localhost:6379 to use Redis)."
    : $"Bananas quick start: using the {engine.Name} engine from REDIS_URL.");

// Fire and forget, through the generated typed proxy.
var handle = await SendWelcome.EnqueueAsync(new Person("Ada", "ada@example.com"));
Console.WriteLine($"client: enqueued send_welcome as job {handle.Id}");

// Enqueue and wait for the typed result (the Bananas SubmitAndWait).
foreach (var name in new[] { "Grace", "Linus" })
{
    Greeting greeting = await Greet.EnqueueAndWaitAsync(name, 2, TimeSpan.FromSeconds(30));
    Console.WriteLine($"client: greet({name}) -> \"{greeting.Message}\" ({greeting.Letters} letters)");
}

await handle.WaitForCompletionAsync(TimeSpan.FromSeconds(30));
Console.WriteLine($"client: job {handle.Id} is {await handle.GetStatusAsync()}");

var depths = await engine.GetQueueDepthsAsync();
Console.WriteLine($"queues: {depths.Routes.Values.Sum(r => r.Total)} pending, {depths.Processing} processing, {depths.Dead} dead");
await host.StopAsync();
Console.WriteLine("done.");
