using System.Text.Json;
using Bananas.Tasks.Chaos.Infrastructure;
using Bananas.Tasks.Hosting;
using Bananas.Tasks.Periodic;
using Bananas.Tasks.Registration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Bananas.Tasks.Chaos.Roles;

/// <summary>
/// <c>worker</c>: a real <c>AddBananas().UseRedis(url).AddWorker()</c> host with the chaos handlers
/// <c>noop</c>, <c>sleep {"ms"}</c>, <c>fail_n {"n"}</c> (throws on attempts 1..n), <c>crash</c> (Environment.FailFast:
/// the poison pill) and <c>hang {"ms","ignoreToken"}</c>. Handlers write <c>started</c>/<c>handler-done</c>/<c>handler-threw</c>;
/// the worker's log events become <c>completed</c>, <c>lease-lost</c>, <c>dead</c>, … (<see cref="LedgerLoggerProvider"/>).
/// </summary>
internal static class WorkerRole
{
    public static async Task<int> RunAsync(Args args)
    {
        var redis = args.Required("--redis");
        var dir = args.Required("--dir");
        var name = args.Get("--name") ?? "w";
        using var ledger = new LedgerWriter(Path.Combine(dir, LedgerWriter.FileName("worker", name)));
        LedgerWriter.Current = ledger;
        var concurrency = args.Int("--concurrency", 8);
        var shutdown = TimeSpan.FromMilliseconds(args.Int("--shutdown-ms", 3000));
        var lease = TimeSpan.FromMilliseconds(args.Int("--lease-ms", (int)ChaosConfig.Lease.TotalMilliseconds));
        var routes = (args.Get("--routes") ?? "default").Split(',', StringSplitOptions.RemoveEmptyEntries).ToList();

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddFilter<ConsoleLoggerProvider>(null, LogLevel.Warning);
        builder.Logging.AddProvider(new LedgerLoggerProvider(ledger));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdown);
        builder.Services
            .AddBananas(o => o.Prefix = ChaosConfig.Prefix)
            .UseRedis(redis)
            .AddTask(ChaosConfig.Noop, ctx => Run(ctx, static (_, _) => ValueTask.CompletedTask))
            .AddTask(ChaosConfig.Sleep, ctx => Run(ctx, static async (c, p) => await Task.Delay(Int(p, "ms", 100), c.CancellationToken)))
            .AddTask(ChaosConfig.FailN, ctx => Run(ctx, static (c, p) =>
                c.Job.Attempts <= Int(p, "n", 1)
                    ? throw new InvalidOperationException($"designed failure on attempt {c.Job.Attempts} of {Int(p, "n", 1)}")
                    : ValueTask.CompletedTask))
            .AddTask(ChaosConfig.Crash, ctx => Run(ctx, static (c, _) =>
            {
                Environment.FailFast($"chaos poison job {c.Job.Id} kills its worker (attempt {c.Job.Attempts})");
                return ValueTask.CompletedTask;
            }))
            .AddTask(ChaosConfig.WfStep, ctx => Run(ctx, static async (c, p) =>
            {
                // a workflow step: k plus its input (a parent's result, or the list of a group's), after ms
                await Task.Delay(Int(p, "ms", 50), c.CancellationToken);
                long sum = Int(p, "k", 0);
                if (p.ValueKind == JsonValueKind.Object && p.TryGetProperty("input", out var input))
                    sum += input.ValueKind == JsonValueKind.Array ? input.EnumerateArray().Sum(e => e.GetInt64()) : input.ValueKind == JsonValueKind.Number ? input.GetInt64() : 0;
                return sum.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }))
            .AddTask(ChaosConfig.Hang, ctx => Run(ctx, static async (c, p) =>
            {
                var ms = Int(p, "ms", 60_000);
                if (p.TryGetProperty("ignoreToken", out var ignore) && ignore.ValueKind == JsonValueKind.True) Thread.Sleep(ms);
                else await Task.Delay(ms, c.CancellationToken);
            }))
            .AddWorker(o =>
            {
                o.WorkerId = $"chaos-{name}:{Environment.ProcessId}";
                o.RoutingKeys = routes;
                o.Concurrency = concurrency;
                o.LeaseDuration = lease;
                o.MaintenanceInterval = ChaosConfig.Maintenance;
                o.IdlePollInterval = ChaosConfig.IdlePoll;
                o.JobTimeout = ChaosConfig.JobTimeout;
                o.TimeoutGrace = ChaosConfig.TimeoutGrace;
                o.RetryBaseDelay = ChaosConfig.RetryBase;
                o.RetryMaxDelay = ChaosConfig.RetryMax;
                o.RetryJitter = ChaosConfig.RetryJitter;
            });
        using var host = builder.Build();
        await host.StartAsync();
        ledger.Write("worker-ready", detail: name);
        Console.WriteLine("READY");
        await host.WaitForShutdownAsync();
        ledger.Write("worker-stopped", detail: name);
        return 0;
    }

    private static ValueTask<string?> Run(TaskContext context, Func<TaskContext, JsonElement, ValueTask> body) =>
        Run(context, async (c, p) =>
        {
            await body(c, p);
            return null;
        });

    private static async ValueTask<string?> Run(TaskContext context, Func<TaskContext, JsonElement, ValueTask<string?>> body)
    {
        var ledger = LedgerWriter.Current!;
        var id = context.Job.Id.Value;
        ledger.Write("started", id, context.Job.Attempts, context.Job.Name);
        JsonElement payload;
        try
        {
            using var doc = JsonDocument.Parse(context.Payload);
            payload = doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            ledger.Write("handler-threw", id, context.Job.Attempts, context.Job.Name, "payload: " + ex.Message);
            throw new TaskPayloadException(context.Job.Name, null, $"chaos handler cannot read the payload of job {id}: {ex.Message}", ex);
        }
        string? result;
        try
        {
            result = await body(context, payload);
        }
        catch (Exception ex)
        {
            ledger.Write("handler-threw", id, context.Job.Attempts, context.Job.Name, ex.GetType().Name);
            throw;
        }
        ledger.Write("handler-done", id, context.Job.Attempts, context.Job.Name);
        return result;
    }

    private static int Int(JsonElement payload, string name, int fallback) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(name, out var v) && v.TryGetInt32(out var n) ? n : fallback;
}
