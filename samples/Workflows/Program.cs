// Bananas.Tasks typed workflows: chains, a group with a join, and a compensation (docs/workflows.md).
// Without REDIS_URL it runs on the embedded in-memory engine; with REDIS_URL (redis://host:port) on Redis.
using Bananas.Tasks;
using Bananas.Tasks.Client;
using Bananas.Tasks.InMemory;
using Bananas.Tasks.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Workflows;

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services
    .AddBananas()
    .AddWorker(o => o.RoutingKeys = ["images", "billing"])
    .AddGeneratedTasks();
using var host = builder.Build();
await host.StartAsync();
var client = host.Services.GetRequiredService<IBananasClient>();
Console.WriteLine(client.Engine is InMemoryQueueEngine
    ? "Workflows: using the embedded in-memory engine (set REDIS_URL=redis://localhost:6379 to use Redis)."
    : $"Workflows: using the {client.Engine.Name} engine from REDIS_URL.");
var wait = TimeSpan.FromSeconds(30);

// 1. A chain: the thumbnail ResizeImage returns is Watermark's first argument (checked by the compiler, BNT170).
var chain = await client.StartWorkflowAsync(
    ResizeImage.Call("https://img.example/cat.png", 640)
        .Then(t => Watermark.Call(t, "(c) bananas")));
Thumbnail marked = await chain.WaitAsync(wait);
Console.WriteLine($"chain: {marked.Url} at {marked.Width}px, watermark '{marked.Watermark}'");

// 2. A group with a join: three resizes in parallel, their thumbnails in this order to PublishAlbum.
var album = await client.StartWorkflowAsync(
    Workflow.All(
            ResizeImage.Call("https://img.example/beach.png", 320),
            ResizeImage.Call("https://img.example/sunset.png", 320),
            ResizeImage.Call("https://img.example/boat.png", 320))
        .Then(photos => PublishAlbum.Call(photos, "Holiday")),
    new WorkflowOptions { Name = "holiday-album" });
Album published = await album.WaitAsync(wait);
Console.WriteLine($"join: album '{published.Title}' with {string.Join(", ", published.Photos.Select(p => p.Url))}");

// 3. A compensation: the charge fails, so the refund runs and the invoice is cancelled with the workflow.
var billing = await client.StartWorkflowAsync(
    ChargeCustomer.Call("declined-co", 4200)
        .CompensateWith(RefundCustomer.Call("declined-co", 4200))
        .Then(SendInvoice.Call));
try
{
    await billing.WaitAsync(wait);
}
catch (JobFailedException failed)
{
    Console.WriteLine($"compensation: the invoice did not go out ({failed.ErrorType})");
}
WorkflowRecord? record = null;
for (var until = DateTime.UtcNow + wait; DateTime.UtcNow < until; await Task.Delay(50))
{
    record = await billing.GetAsync();
    if (record?.Steps.All(s => s.Status is JobStatus.Completed or JobStatus.Failed) == true) break;
}
Console.WriteLine($"compensation: workflow {record!.Status.ToWireName()}, steps: "
    + string.Join(", ", record.Steps.Select(s => $"{s.Name} {s.Status.ToWireName()}")));

await host.StopAsync();
Console.WriteLine("done.");
