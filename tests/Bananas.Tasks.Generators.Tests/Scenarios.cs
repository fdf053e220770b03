namespace Bananas.Tasks.Generators.Tests;

/// <summary>Driver code compiled together with <see cref="TestSources"/>: it hosts Bananas with the real worker and enqueues through the generated proxies.</summary>
internal static class Scenarios
{
    /// <summary>A host with the given engine, <c>AddGeneratedTasks()</c> and the hosted worker serving gpu, email and default.</summary>
    public const string Hosting = """
        using Bananas.Tasks.Engine;
        using Bananas.Tasks.Hosting;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        public static class TestHost
        {
            public static async Task<IHost> StartAsync(Func<IServiceProvider, IQueueEngine> engine, Action<IServiceCollection>? services = null)
            {
                var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
                services?.Invoke(builder.Services);
                builder.Services.AddBananas().UseEngine(engine).AddGeneratedTasks().AddWorker(o =>
                {
                    o.RoutingKeys = ["gpu", "email", "reports", "default"];
                    o.Concurrency = 4;
                    o.IdlePollInterval = TimeSpan.FromMilliseconds(200);
                    o.MaintenanceInterval = TimeSpan.FromMilliseconds(200);
                });
                var host = builder.Build();
                await host.StartAsync();
                return host;
            }
        }
        """;

    /// <summary>
    /// Retention per task on the worker: a KeepCompletedSeconds = 0 job is gone once it completes, unless it was waited
    /// for (then the waiter gets it); a 3600 one is kept; the report lists what GetJobAsync sees after each.
    /// </summary>
    public const string Retention = """
        using Bananas.Tasks;
        using Bananas.Tasks.Client;
        using Bananas.Tasks.Engine;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        namespace Cleanup;

        public static class Scenario
        {
            public static async Task<string> RunAsync(Func<IServiceProvider, IQueueEngine> engine)
            {
                using var host = await TestHost.StartAsync(engine);
                try
                {
                    var client = host.Services.GetRequiredService<IBananasClient>();
                    var lines = new List<string>();
                    await Forget.EnqueueAndWaitAsync(1, TimeSpan.FromSeconds(30));
                    lines.Add("waited forget=done");
                    var forgotten = await Forget.EnqueueAsync(2);
                    var remembered = await Remember.EnqueueAsync(21);
                    var usual = await Usual.EnqueueAsync(3);
                    lines.Add("remember=" + await remembered.WaitAsync(TimeSpan.FromSeconds(30)));
                    await usual.WaitForCompletionAsync(TimeSpan.FromSeconds(30));
                    var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
                    while (await client.GetJobAsync(forgotten.Id) is not null && DateTime.UtcNow < deadline) await Task.Delay(20);
                    lines.Add("forget record=" + ((await client.GetJobAsync(forgotten.Id))?.Status.ToString() ?? "gone"));
                    lines.Add("remember record=" + (await client.GetJobAsync(remembered.Id))!.Status);
                    lines.Add("usual record=" + (await client.GetJobAsync(usual.Id))!.Status);
                    return string.Join("\n", lines);
                }
                finally
                {
                    await host.StopAsync();
                }
            }
        }
        """;

    /// <summary>The issue's example end to end: static-default and explicit-client proxies, typed result, attribute defaults, a bad payload.</summary>
    public const string Media = """
        using Bananas.Tasks;
        using Bananas.Tasks.Client;
        using Bananas.Tasks.Engine;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        namespace Media;

        public sealed class RecordingThumbnailer : IThumbnailer
        {
            public static List<string> Calls { get; } = new();

            public Thumbnail Make(string url, int width)
            {
                lock (Calls) Calls.Add(url + "@" + width);
                return new Thumbnail(url + "?w=" + width, width, width * 3 / 4);
            }
        }

        public static class Scenario
        {
            public static async Task<string> RunAsync(Func<IServiceProvider, IQueueEngine> engine)
            {
                using var host = await TestHost.StartAsync(engine, s => s.AddSingleton<IThumbnailer, RecordingThumbnailer>());
                try
                {
                    var client = host.Services.GetRequiredService<IBananasClient>();
                    var lines = new List<string>();

                    // Static form through the host's default client, typed result.
                    var thumb = await ProcessImage.EnqueueAndWaitAsync("https://img/cat.png", 640, TimeSpan.FromSeconds(30));
                    lines.Add("thumb=" + thumb);

                    // Explicit client, handle, attribute defaults on the stored job.
                    var handle = await ProcessImage.EnqueueAsync(client, "https://img/dog.png", 320);
                    var second = await handle.WaitAsync(TimeSpan.FromSeconds(30));
                    var job = await client.GetJobAsync(handle.Id);
                    lines.Add($"second={second} route={job!.RoutingKey} priority={job.Priority} retries={job.MaxRetries} timeout={job.Timeout}");

                    // Per-call options override the attribute's.
                    var low = await ProcessImage.EnqueueAsync(client, "https://img/low.png", 10, new JobOptions { Priority = Priority.Low, MaxRetries = 1 });
                    await low.WaitAsync(TimeSpan.FromSeconds(30));
                    var lowJob = await client.GetJobAsync(low.Id);
                    lines.Add($"override route={lowJob!.RoutingKey} priority={lowJob.Priority} retries={lowJob.MaxRetries}");

                    // A static handler with a record argument and no result.
                    var mail = await SendEmail.EnqueueAsync(new EmailMessage("ada@example.com", "Hello", "Body text"));
                    await mail.WaitForCompletionAsync(TimeSpan.FromSeconds(30));
                    var mailJob = await client.GetJobAsync(mail.Id);
                    lines.Add($"mail route={mailJob!.RoutingKey} description={mailJob.Description} sent={string.Join(",", MailTasks.Sent)}");

                    // Delayed enqueue.
                    var delayed = await ProcessImage.EnqueueInAsync(client, TimeSpan.FromMilliseconds(300), "https://img/later.png", 1);
                    var delayedJob = await client.GetJobAsync(delayed.Id);
                    lines.Add($"delayed status={delayedJob!.Status} result={await delayed.WaitAsync(TimeSpan.FromSeconds(30))}");

                    // A payload the codec rejects: the job fails permanently, naming the parameter.
                    var bad = await client.EnqueueAsync(ProcessImage.TaskName, "{\"url\":\"https://img/x.png\",\"width\":\"wide\"}");
                    try
                    {
                        await client.WaitForResultAsync(bad, TimeSpan.FromSeconds(30));
                        lines.Add("bad=completed?!");
                    }
                    catch (JobFailedException ex)
                    {
                        var badJob = await client.GetJobAsync(bad);
                        lines.Add($"bad attempts={badJob!.Attempts} type={ex.ErrorType} error={ex.Error}");
                    }

                    lock (RecordingThumbnailer.Calls) lines.Add("calls=" + string.Join(",", RecordingThumbnailer.Calls));
                    return string.Join("\n", lines);
                }
                finally
                {
                    await host.StopAsync();
                }
            }
        }
        """;

    /// <summary>Optional parameters, every primitive kind and ValueTask tasks through the worker.</summary>
    public const string Kinds = """
        using Bananas.Tasks;
        using Bananas.Tasks.Client;
        using Bananas.Tasks.Engine;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        public static class Scenario
        {
            public static async Task<string> RunAsync(Func<IServiceProvider, IQueueEngine> engine)
            {
                using var host = await TestHost.StartAsync(engine);
                try
                {
                    var client = host.Services.GetRequiredService<IBananasClient>();
                    var wait = TimeSpan.FromSeconds(30);
                    var lines = new List<string>();
                    lines.Add("defaults=" + await Reports.Render.EnqueueAndWaitAsync(client, "T", wait));
                    lines.Add("given=" + await Reports.Render.EnqueueAndWaitAsync(client, "U", wait, pages: 3, draft: false, format: Reports.Format.Html, footer: "end", copies: 2, separator: ','));
                    // A payload from another producer that omits the optional parameters.
                    var raw = await client.EnqueueAsync(Reports.Render.TaskName, "{\"title\":\"raw\"}");
                    lines.Add("raw=" + Reports.Render.DecodeResult((await client.WaitForResultAsync(raw, wait)).ResultJson));

                    var id = Guid.Parse("6f1c2a52-0d8e-4f57-9a3c-3d7c0f5e8b11");
                    var at = new DateTime(2026, 11, 26, 15, 4, 5, 123, DateTimeKind.Utc);
                    var atOffset = new DateTimeOffset(2026, 11, 26, 16, 4, 5, TimeSpan.FromHours(1));
                    lines.Add("all=" + await Kinds.Everything.EnqueueAndWaitAsync(client,
                        "s\"q", true, 'x', (byte)255, (sbyte)-128, short.MinValue, ushort.MaxValue, int.MinValue, uint.MaxValue, long.MinValue, ulong.MaxValue,
                        1.5f, 0.1, 79228162514264337593543950335m, id, at, atOffset, TimeSpan.FromMinutes(90.5), Kinds.Flags.Big,
                        null, false, -1, null, id, null, TimeSpan.Zero, null, wait));
                    var noFlags = await Kinds.MaybeFlags.EnqueueAndWaitAsync(client, false, wait);
                    lines.Add("flags=" + await Kinds.MaybeFlags.EnqueueAndWaitAsync(client, true, wait) + "," + (noFlags?.ToString() ?? "null"));
                    lines.Add("add=" + await Calc.Add.EnqueueAndWaitAsync(client, 40, 2, wait));
                    await Calc.Ping.EnqueueAndWaitAsync(client, wait);
                    var ping = await Calc.Ping.EnqueueAsync(client);
                    await ping.WaitForCompletionAsync(wait);
                    lines.Add("ping priority=" + (await client.GetJobAsync(ping.Id))!.Priority);
                    return string.Join("\n", lines);
                }
                finally
                {
                    await host.StopAsync();
                }
            }
        }
        """;

    /// <summary>The services of <see cref="TestSources.Periodic"/>, with <c>AddGeneratedTasks()</c> called twice (the second call must change nothing).</summary>
    public const string Periodic = """
        using Bananas.Tasks.Hosting;
        using Microsoft.Extensions.DependencyInjection;

        public static class PeriodicScenario
        {
            public static ServiceProvider Services()
            {
                var services = new ServiceCollection();
                services.AddBananas().UseInMemory().AddGeneratedTasks().AddGeneratedTasks();
                return services.BuildServiceProvider();
            }
        }
        """;
    /// <summary>
    /// Jobs in the old shape of <see cref="TestSources.RenamedParameters"/>, as the code before the rename wrote them
    /// (<c>{"url":…,"size":…}</c>), enqueued as raw payloads and run by the new handler; then a new-shape job, and a
    /// payload that carries both the old and the new name (rejected).
    /// </summary>
    public const string OldShapes = """
        using Bananas.Tasks;
        using Bananas.Tasks.Client;
        using Bananas.Tasks.Engine;
        using Microsoft.Extensions.DependencyInjection;

        namespace Gallery;

        public static class Scenario
        {
            public static async Task<string> RunAsync(Func<IServiceProvider, IQueueEngine> engine)
            {
                using var host = await TestHost.StartAsync(engine);
                try
                {
                    var client = host.Services.GetRequiredService<IBananasClient>();
                    var lines = new List<string>();
                    foreach (var payload in new[]
                    {
                        "{\"url\":\"https://img/old.png\",\"size\":640}",
                        "{\"image_url\":\"https://img/older.png\",\"size\":10}",
                        "{\"size\":320,\"url\":\"https://img/reordered.png\",\"quality\":50}",
                    })
                    {
                        var id = await client.EnqueueAsync(ProcessImage.TaskName, payload);
                        lines.Add("old: " + ProcessImage.DecodeResult((await client.WaitForResultAsync(id, TimeSpan.FromSeconds(30))).ResultJson));
                    }
                    lines.Add("new: " + await ProcessImage.EnqueueAndWaitAsync("https://img/new.png", 1, TimeSpan.FromSeconds(30), 99));
                    lines.Add("new payload: " + ProcessImage.EncodeArguments("s", 2, 3));

                    var both = await client.EnqueueAsync(ProcessImage.TaskName, "{\"url\":\"a\",\"source\":\"b\",\"size\":1}");
                    try
                    {
                        await client.WaitForResultAsync(both, TimeSpan.FromSeconds(30));
                        lines.Add("both=completed?!");
                    }
                    catch (JobFailedException ex)
                    {
                        lines.Add("both: " + ex.Error);
                    }
                    return string.Join("\n", lines);
                }
                finally
                {
                    await host.StopAsync();
                }
            }
        }
        """;
}
