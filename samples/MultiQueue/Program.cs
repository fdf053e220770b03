// MultiQueue: the RabbitMQ multi-queue guide (reference/rabbitmq-multi-queue-guide.md) on Bananas.Tasks.
// Its queues are routes, its prefetch_count is RouteConcurrency, its DLX/DLQ is the dead letter queue, handled
// here with the admin API (IBananasAdmin): a per-route view, delete what cannot succeed, requeue the rest.
//
//   dotnet run --project samples/MultiQueue                                   (embedded engine, Development profile)
//   REDIS_URL=redis://localhost:6379 dotnet run --project samples/MultiQueue  (Redis)
using Bananas.Tasks;
using Bananas.Tasks.Admin;
using Bananas.Tasks.Client;
using Bananas.Tasks.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MultiQueue;

// appsettings.json (next to the dll) holds the queue configuration: Bananas:Worker:RoutingKeys and RouteConcurrency.
// WORKER_ROUTING_KEYS, WORKER_CONCURRENCY and WORKER_ROUTE_CONCURRENCY win over it.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddSingleton<Demo>();
builder.Services
    .AddBananas()                 // Redis when REDIS_URL is set, else (Development) the embedded in-memory engine
    .AddGeneratedTasks()          // every [BananaTask] of Tasks.cs
    .AddWorker(o =>
    {
        // A short backoff so the demo ends in seconds: retry n waits 100 ms × 2^n (0.2 s, 0.4 s, …).
        // The default base is 1 s (2 s, 4 s, 8 s, … as in Go Bananas), capped at RetryMaxDelay.
        o.RetryBaseDelay = TimeSpan.FromMilliseconds(100);
        o.RetryJitter = 0;
    });

using var host = builder.Build();
await host.StartAsync();
var demo = host.Services.GetRequiredService<Demo>();
var admin = host.Services.GetRequiredService<IBananasAdmin>();
var worker = host.Services.GetRequiredService<IOptions<BananasWorkerOptions>>().Value;
var wait = TimeSpan.FromSeconds(60);

demo.Print(admin.EngineName == "redis"
    ? "MultiQueue: using Redis from REDIS_URL."
    : "MultiQueue: using the embedded in-memory engine (set REDIS_URL=redis://localhost:6379 to use Redis).");

// The guide's start-up log: each queue with its routing key, prefetch and handlers.
var handlers = new Dictionary<string, string[]>
{
    ["notifications"] = [SendEmail.TaskName, SendSms.TaskName, SendPush.TaskName],
    ["reports"] = [GenerateReport.TaskName, ExportData.TaskName],
    ["priority-high"] = [ProcessPayment.TaskName, SendEmail.TaskName + " (JobOptions.Route)"],
    ["priority-low"] = [CleanupOldData.TaskName, GenerateAnalytics.TaskName],
    ["customers"] = [CustomerCreated.TaskName, CustomerUpdated.TaskName],
    ["orders"] = [OrderPlaced.TaskName, OrderShipped.TaskName],
};
foreach (var route in worker.RoutingKeys)
{
    var limit = worker.RouteConcurrency.TryGetValue(route, out var l) ? l.ToString() : $"up to {worker.Concurrency}";
    demo.Print($"route '{route}': concurrency {limit}, tasks [{string.Join(", ", handlers.GetValueOrDefault(route) ?? [])}]");
}
demo.Print($"worker started: {worker.RoutingKeys.Count} route(s) in serving order {string.Join(" > ", worker.RoutingKeys)}, {worker.Concurrency} jobs at most in all");

var jobs = new List<(string Label, JobHandle Handle)>();
async Task Add(string label, Task<JobHandle> enqueue) => jobs.Add((label, await enqueue));
static async Task<JobHandle> Untyped<T>(Task<T> enqueue) where T : JobHandle => await enqueue;

demo.Print("pattern 1, by task type: notifications (quick, 10 at once) and reports (heavy, 1 at once)");
foreach (var to in new[] { "ada", "grace", "linus", "barbara", "ken", "margaret" })
    await Add($"send_email({to})", Untyped(SendEmail.EnqueueAsync($"{to}@example.com", "Welcome!")));
foreach (var phone in new[] { "+15550100", "+15550101" })
    await Add($"send_sms({phone})", Untyped(SendSms.EnqueueAsync(phone, "Your code is 1234")));
for (int customer = 1; customer <= 4; customer++)
    await Add($"send_push({customer})", Untyped(SendPush.EnqueueAsync(customer, "Your order is on its way")));
foreach (var range in new[] { "2024-01", "2024-02", "2024-03" })
    await Add($"generate_report({range})", Untyped(GenerateReport.EnqueueAsync("sales", range)));
await Add("export_data(customers)", Untyped(ExportData.EnqueueAsync("customers")));

demo.Print("pattern 2, by priority: priority-high (served first, 20 at once) and priority-low (served last, 2 at once)");
for (int order = 1; order <= 4; order++)
    await Add($"process_payment({order})", Untyped(ProcessPayment.EnqueueAsync(order, 19.99m * order)));
await Add("send_email(security) on priority-high", Untyped(SendEmail.EnqueueAsync("security@example.com", "Password reset",
    new JobOptions { Route = "priority-high", Priority = Priority.High })));
foreach (var days in new[] { 30, 90 })
    await Add($"cleanup_old_data({days})", Untyped(CleanupOldData.EnqueueAsync(days)));
foreach (var dashboard in new[] { "daily", "weekly" })
    await Add($"generate_analytics({dashboard})", Untyped(GenerateAnalytics.EnqueueAsync(dashboard)));

demo.Print("pattern 3, by domain: customers (5 at once) and orders (10 at once); the shipping carrier is down");
for (int customer = 1; customer <= 3; customer++)
    await Add($"customer_created({customer})", Untyped(CustomerCreated.EnqueueAsync(customer, $"customer{customer}@example.com")));
foreach (var field in new[] { "email", "address" })
    await Add($"customer_updated({field})", Untyped(CustomerUpdated.EnqueueAsync(1, field)));
foreach (var (order, items) in new[] { (101, 2), (102, 1), (103, 5), (104, 0) })
    await Add($"order_placed({order})", Untyped(OrderPlaced.EnqueueAsync(order, items)));
var shipments = new List<JobHandle>();
foreach (var order in new[] { 101, 102, 103 })
{
    var handle = await OrderShipped.EnqueueAsync(order, "ParcelPost");
    shipments.Add(handle);
    jobs.Add(($"order_shipped({order})", handle));
}
demo.Print($"client: enqueued {jobs.Count} jobs on {handlers.Count} routes; waiting for them");

var outcomes = await Task.WhenAll(jobs.Select(async j =>
{
    try
    {
        await j.Handle.WaitForCompletionAsync(wait);
        return (j.Label, Outcome: "completed");
    }
    catch (JobFailedException)
    {
        return (j.Label, Outcome: "dead");
    }
    catch (TimeoutException)
    {
        return (j.Label, Outcome: "unfinished");
    }
}));
var dead = outcomes.Where(o => o.Outcome == "dead").Select(o => o.Label).ToList();
var unfinished = outcomes.Count(o => o.Outcome == "unfinished");
demo.Print($"client: {outcomes.Count(o => o.Outcome == "completed")} completed, {dead.Count} dead ({string.Join(", ", dead)}), {unfinished} unfinished");

// Per-route concurrency, as the handlers measured it.
demo.Print("route           limit  jobs run  most at once");
var overLimit = false;
foreach (var route in worker.RoutingKeys)
{
    var (started, most) = demo.Meters.GetValueOrDefault(route);
    var limit = worker.RouteConcurrency.TryGetValue(route, out var l) ? l : worker.Concurrency;
    overLimit |= most > limit;
    demo.Print($"{route,-15} {limit,5}  {started,8}  {most,11}{(most > limit ? "  OVER THE LIMIT" : "")}");
}

// Dead letter handling with the admin API: a per-route view, then triage.
demo.Print("dead letter queue per route (IBananasAdmin.GetOverviewAsync):");
var overview = await admin.GetOverviewAsync();
foreach (var r in overview.Routes.Where(r => r.Dead > 0))
    demo.Print($"  {r.Route}: {r.Dead} dead");
demo.Print($"  total: {overview.Dead} dead");

var orders = RoutingKey.Parse("orders");
demo.Print("dead letters of route 'orders' (IBananasAdmin.ListJobsAsync, State = Dead, Route = orders), newest first:");
var deadOrders = new List<JobListItem>();
string? cursor = null;
do
{
    var page = await admin.ListJobsAsync(new JobListQuery { State = JobListState.Dead, Route = orders, Limit = 50, Cursor = cursor });
    deadOrders.AddRange(page.Jobs);
    cursor = page.NextCursor;
} while (cursor is not null);
foreach (var item in deadOrders)
    demo.Print($"  {item.Job.Id}  {item.Job.Name,-13} attempts={item.Job.Attempts}  error={item.Job.ErrorType}: {item.Job.Error}");

// order_placed failed permanently (bad data): retrying cannot help, so delete it.
foreach (var item in deadOrders.Where(i => i.Job.Name == OrderPlaced.TaskName))
{
    var deleted = await admin.DeleteDeadAsync(item.Job.Id);
    demo.Print($"dlq: deleted {item.Job.Id} ({item.Job.Name}: {item.Job.Error}): {(deleted ? "gone" : "was not dead any more")}");
}

// order_shipped failed on the carrier outage: once it is over, requeue them all, in bounded batches.
demo.CarrierOnline = true;
demo.Print("carrier: ParcelPost API is back online");
var selection = new DeadLetterSelection { Route = orders, TaskName = OrderShipped.TaskName };
int requeued = 0;
DeadLetterBatchResult batch;
cursor = null;
do
{
    batch = await admin.RequeueDeadAsync(selection, maxJobs: 100, cursor);
    requeued += batch.Done;
    cursor = batch.Cursor;
} while (batch.MoreRemain);
demo.Print($"dlq: requeued {requeued} order_shipped job(s) of route 'orders' (IBananasAdmin.RequeueDeadAsync, route + task selection)");

var shipped = 0;
foreach (var handle in shipments)
{
    try
    {
        await handle.WaitForCompletionAsync(wait);
        shipped++;
    }
    catch (Exception ex) when (ex is JobFailedException or TimeoutException)
    {
        demo.Print($"client: requeued {handle.Id} did not complete: {ex.Message}");
    }
}
demo.Print($"client: {shipped} of {shipments.Count} requeued shipments completed");

var after = await admin.GetOverviewAsync();
demo.Print($"dead letter queue after the triage: orders={after.Routes.FirstOrDefault(r => r.Route == orders)?.Dead ?? 0}, total {after.Dead}");

await host.StopAsync();
var ok = unfinished == 0 && !overLimit && shipped == shipments.Count;
if (!ok) Console.Error.WriteLine("MultiQueue: not every expectation held (see above).");
Console.WriteLine("done.");
return ok ? 0 : 1;
