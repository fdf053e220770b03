using Bananas.Tasks;
using Bananas.Tasks.Client;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Hosting;
using Bananas.Tasks.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TaskRouting.Tasks;

namespace TaskRouting;

/// <summary>The three modes of the sample: a worker for some routes, a client, and an all-in-one demo.</summary>
internal static class RoutingApp
{
    private static readonly TimeSpan ResultWait = TimeSpan.FromSeconds(30);

    /// <summary>A worker serving <c>WORKER_ROUTING_KEYS</c> (default <c>default</c>) on Redis until Ctrl+C.</summary>
    public static async Task<int> RunWorkerAsync(string[] args)
    {
        if (!HasRedis()) return Usage("worker mode needs REDIS_URL (workers and the client are separate processes); try the demo mode without Redis");
        var keys = Environment.GetEnvironmentVariable("WORKER_ROUTING_KEYS") ?? BananasRules.DefaultRoutingKey;
        using var host = BuildHost(args, WorkerName(keys), routingKeys: null, engine: null);
        Console.WriteLine($"{WorkerName(keys)}: serving {Describe(keys)}. Ctrl+C to stop.");
        await host.RunAsync();
        return 0;
    }

    /// <summary>Enqueues image, e-mail and report jobs through the generated proxies and waits for their results.</summary>
    public static async Task<int> RunClientAsync(string[] args)
    {
        if (!HasRedis()) return Usage("client mode needs REDIS_URL (workers and the client are separate processes); try the demo mode without Redis");
        using var host = BuildHost(args, "client", routingKeys: null, engine: null, worker: false);
        await host.StartAsync();
        try
        {
            // The host set the default client, so the static proxy methods need no client argument.
            return await SubmitAndReportAsync(BananasClient.RequireDefault(), useDefaultClient: true);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>A gpu worker, an email worker, a default worker and the client in one process, sharing one engine.</summary>
    public static async Task<int> RunDemoAsync(string[] args)
    {
        IQueueEngine? shared = HasRedis() ? null : new InMemoryQueueEngine();
        Console.WriteLine(shared is null ? "demo: all workers share Redis (REDIS_URL)." : "demo: all workers share one in-memory engine (set REDIS_URL to use Redis).");
        var workers = new List<IHost>();
        try
        {
            foreach (var keys in new[] { "gpu", "email", "default,gpu,email" })
            {
                var host = BuildHost(args, WorkerName(keys), keys, shared);
                await host.StartAsync();
                Console.WriteLine($"{WorkerName(keys)}: serving {Describe(keys)}");
                workers.Add(host);
            }
            var client = workers[0].Services.GetRequiredService<IBananasClient>();
            return await SubmitAndReportAsync(client, useDefaultClient: false);
        }
        finally
        {
            foreach (var host in workers)
            {
                await host.StopAsync();
                host.Dispose();
            }
        }
    }

    public static int Usage(string problem)
    {
        Console.Error.WriteLine($"TaskRouting: {problem}.");
        Console.Error.WriteLine("usage: TaskRouting worker | client | demo   (see samples/TaskRouting/README.md)");
        return 2;
    }

    private static async Task<int> SubmitAndReportAsync(IBananasClient client, bool useDefaultClient)
    {
        var images = new List<(string Url, JobHandle<Thumbnail> Handle)>();
        foreach (var (url, width) in new[] { ("https://img.example/cat.png", 640), ("https://img.example/dog.png", 320), ("https://img.example/owl.png", 1024) })
        {
            var handle = useDefaultClient ? await ProcessImage.EnqueueAsync(url, width) : await ProcessImage.EnqueueAsync(client, url, width);
            Console.WriteLine($"client: enqueued process_image({url}, {width})  -> route gpu, high     job {handle.Id}");
            images.Add((url, handle));
        }
        var mails = new List<(string To, JobHandle Handle)>();
        foreach (var to in new[] { "ada@example.com", "grace@example.com" })
        {
            var message = new EmailMessage(to, "Your thumbnails are ready", "Hi! See attached.");
            var handle = useDefaultClient ? await SendEmail.EnqueueAsync(message) : await SendEmail.EnqueueAsync(client, message);
            Console.WriteLine($"client: enqueued send_email({to})  -> route email, normal   job {handle.Id}");
            mails.Add((to, handle));
        }
        var reports = new List<(string Id, JobHandle<string> Handle)>();
        foreach (var (id, pages) in new[] { ("q3-sales", 12), ("q3-costs", 4) })
        {
            var handle = useDefaultClient ? await GenerateReport.EnqueueAsync(id, pages) : await GenerateReport.EnqueueAsync(client, id, pages);
            Console.WriteLine($"client: enqueued generate_report({id})  -> route default, normal   job {handle.Id}");
            reports.Add((id, handle));
        }

        // Wait for every job at once, so the whole wait is at most ResultWait.
        var waits = new List<Task<string>>();
        waits.AddRange(images.Select(i => Outcome($"process_image({i.Url})", "gpu", async () =>
        {
            var thumb = await i.Handle.WaitAsync(ResultWait);
            return $"{thumb.Width}x{thumb.Height} rendered by the {thumb.RenderedBy}";
        })));
        waits.AddRange(mails.Select(m => Outcome($"send_email({m.To})", "email", async () =>
        {
            await m.Handle.WaitForCompletionAsync(ResultWait);
            return "sent";
        })));
        waits.AddRange(reports.Select(r => Outcome($"generate_report({r.Id})", "default", () => r.Handle.WaitAsync(ResultWait))));
        var outcomes = await Task.WhenAll(waits);
        foreach (var line in outcomes) Console.WriteLine(line);
        int unfinished = outcomes.Count(o => o.Contains(" not finished ", StringComparison.Ordinal));

        var depths = await client.Engine.GetQueueDepthsAsync([RoutingKey.Parse("gpu"), RoutingKey.Parse("email"), RoutingKey.Default]);
        foreach (var (route, depth) in depths.Routes.OrderBy(r => r.Key.Value, StringComparer.Ordinal))
            Console.WriteLine($"queue {route}: high={depth.High} normal={depth.Normal} low={depth.Low}");
        Console.WriteLine(unfinished == 0 ? "client: all 7 jobs finished." : $"client: {unfinished} of 7 jobs did not finish in time.");
        return unfinished == 0 ? 0 : 1;
    }

    private static async Task<string> Outcome(string job, string route, Func<Task<string>> wait)
    {
        try
        {
            return $"client: {job} -> {await wait()}";
        }
        catch (TimeoutException)
        {
            return $"client: {job} not finished after {ResultWait.TotalSeconds:0} s: is a worker serving '{route}' running?";
        }
    }

    /// <summary>
    /// A host with Bananas, the generated tasks and (unless <paramref name="worker"/> is false) a worker.
    /// <paramref name="routingKeys"/> null: the worker reads <c>WORKER_ROUTING_KEYS</c>. <paramref name="engine"/> null:
    /// Redis from <c>REDIS_URL</c>.
    /// </summary>
    private static IHost BuildHost(string[] args, string name, string? routingKeys, IQueueEngine? engine, bool worker = true)
    {
        var builder = Host.CreateApplicationBuilder(args);
        if (Environment.GetEnvironmentVariable("LOG_LEVEL") is null) builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(new WorkerIdentity(name));
        var bananas = builder.Services.AddBananas().AddGeneratedTasks();
        if (engine is not null) bananas.UseEngine(_ => engine);
        if (worker)
        {
            bananas.AddWorker(o =>
            {
                if (routingKeys is not null) o.RoutingKeys = routingKeys.Split(',').ToList();
            });
        }
        return builder.Build();
    }

    private static bool HasRedis() => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("REDIS_URL"));

    private static string WorkerName(string keys) => keys switch
    {
        "gpu" => "gpu worker",
        "email" => "email worker",
        _ when keys.StartsWith("default", StringComparison.Ordinal) => "default worker",
        _ => keys + " worker",
    };

    /// <summary>The serving order: <c>gpu:high → gpu:normal → gpu:low → …</c>.</summary>
    private static string Describe(string keys) =>
        string.Join(" → ", keys.Split(',').SelectMany(k => new[] { k + ":high", k + ":normal", k + ":low" }));
}
