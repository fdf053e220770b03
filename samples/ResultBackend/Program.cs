// Result backend sample: typed results through the generated proxies (the Bananas SubmitAndWait),
// job handles, a wait that times out, and a job that fails for good.
// In-memory engine by default; set REDIS_URL=redis://localhost:6379 to run it against Redis.
using Bananas.Tasks;
using Bananas.Tasks.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ResultBackend;

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Critical);
builder.Services.AddBananas(o => o.ResultTtl = TimeSpan.FromHours(1)).AddWorker(o => o.Concurrency = 8).AddGeneratedTasks();
using var host = builder.Build();
await host.StartAsync();
Console.WriteLine($"engine: {host.Services.GetRequiredService<IBananasClient>().Engine.Name}");

// 1. Enqueue and wait: the caller gets the handler's typed return value.
Quote quote = await PriceOrder.EnqueueAndWaitAsync(new Order("A-17", 3, 19.99m), TimeSpan.FromSeconds(10));
Console.WriteLine($"1. price_order(A-17) -> {quote.Total:0.00} {quote.Currency}");

// 2. Fan out, then collect through typed handles.
var handles = new List<JobHandle<Quote>>();
for (int i = 1; i <= 5; i++) handles.Add(await PriceOrder.EnqueueAsync(new Order($"B-{i}", i, 10m)));
foreach (var handle in handles)
    Console.WriteLine($"2. job {handle.Id} -> {(await handle.WaitAsync(TimeSpan.FromSeconds(10))).Total:0.00}");

// 3. A wait that times out: the exception names the job and its last status; the job itself goes on.
var slow = await SlowReport.EnqueueAsync(800);
try
{
    await slow.WaitAsync(TimeSpan.FromMilliseconds(200));
}
catch (TimeoutException ex)
{
    Console.WriteLine($"3. {ex.Message}");
}
Console.WriteLine($"3. ...and later: {await slow.WaitAsync(TimeSpan.FromSeconds(10))}");

// 4. A job that fails for good: the waiter gets the handler's message and exception type.
try
{
    await PriceOrder.EnqueueAndWaitAsync(new Order("C-1", -1, 5m), TimeSpan.FromSeconds(10), new JobOptions { MaxRetries = 0 });
}
catch (JobFailedException ex)
{
    Console.WriteLine($"4. failed: {ex.ErrorType}: {ex.Error}");
}

await host.StopAsync();
Console.WriteLine("done.");
