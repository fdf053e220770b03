// Periodic tasks: two schedules registered at run time enqueue the "print_tick" task, a third is declared on a
// [BananaTask] method (PrintReport below), and the worker in this same process runs them all.
//   dotnet run --project samples/Periodic                    # in-memory engine, runs until Ctrl+C
//   dotnet run --project samples/Periodic -- --run-for 35    # stop after 35 seconds
//   REDIS_URL=redis://localhost:6379 dotnet run --project samples/Periodic
// With REDIS_URL, start it in two terminals: each occurrence is still printed once in total, not once per process.
using System.Text.Json.Serialization;
using Bananas.Tasks;
using Bananas.Tasks.Hosting;
using Bananas.Tasks.Periodic;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddBananas() // REDIS_URL set: the Redis engine; else the in-memory engine
    .AddTask("print_tick", SampleJson.Default.TickArgs, (tick, context, _) =>
    {
        Console.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {tick.Message,-14} job {context.Job.Id} ({context.Job.Description})");
        return Task.CompletedTask;
    })
    // The [BananaTask] methods of this assembly, and the schedule PrintReport declares with Cron.
    .AddGeneratedTasks()
    .AddWorker()
    // 6 fields: seconds first, so this fires at :00, :10, :20, … of every minute.
    .AddPeriodic("every-10-seconds", "*/10 * * * * *", "print_tick", """{"message":"every 10 s"}""")
    // 5 fields, read in Berlin time; after downtime, one catch-up job instead of none.
    .AddPeriodic("every-minute", "* * * * *", "print_tick", """{"message":"every minute"}""", o =>
    {
        o.TimeZone = "Europe/Berlin";
        o.MissedOccurrences = MissedOccurrencePolicy.FireOnce;
        o.PreventOverlap = true;
    });

using var host = builder.Build();
if (builder.Configuration["run-for"] is { } runFor)
{
    if (!int.TryParse(runFor, out var seconds) || seconds <= 0)
    {
        Console.Error.WriteLine($"--run-for '{runFor}' is not a positive number of seconds, e.g. --run-for 35.");
        return 2;
    }
    await host.StartAsync();
    await Task.Delay(TimeSpan.FromSeconds(seconds));
    await host.StopAsync();
}
else
{
    await host.RunAsync();
}
return 0;

internal sealed record TickArgs(string Message);

/// <summary>A periodic task declared on the method: AddGeneratedTasks() registers its schedule.</summary>
public static class ReportTasks
{
    // Every 15 seconds (6 fields), read in Berlin time. Without CronArgs every job gets the parameters' defaults;
    // CronArgs = """{"title":"...","lines":5}""" would give other constant arguments (BNT102 checks them).
    [BananaTask(Cron = "*/15 * * * * *", TimeZone = "Europe/Berlin", Description = "declared report")]
    public static Task PrintReport(string title = "report", int lines = 3, CancellationToken ct = default)
    {
        Console.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {title} with {lines} lines (declared on the task)");
        return Task.CompletedTask;
    }
}

[JsonSerializable(typeof(TickArgs))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
internal sealed partial class SampleJson : JsonSerializerContext;
