using Bananas.Tasks.Chaos.Infrastructure;
using Bananas.Tasks.Hosting;
using Bananas.Tasks.Periodic;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Bananas.Tasks.Chaos.Roles;

/// <summary>
/// <c>scheduler</c>: a host that runs only the <see cref="Periodic.PeriodicScheduler"/> for <c>--schedules n</c> schedules
/// (<c>--schedule</c> name, then name-2 … name-n; <c>--cron</c>, default every second) that enqueue <c>noop</c>, on a clock
/// skewed by <c>--skew-ms</c> (an injected
/// <see cref="TimeProvider"/>, so the process's own clock runs early or late). Ledger: <c>cron-fired</c>,
/// <c>cron-already</c>, <c>cron-skipped</c>, <c>cron-failed</c> from the scheduler's log events; the ledger time is the real clock.
/// </summary>
internal static class SchedulerRole
{
    public static async Task<int> RunAsync(Args args)
    {
        var dir = args.Required("--dir");
        var name = args.Get("--name") ?? "s";
        using var ledger = new LedgerWriter(Path.Combine(dir, LedgerWriter.FileName("scheduler", name)));
        var skew = TimeSpan.FromMilliseconds(args.Int("--skew-ms", 0));
        var schedule = args.Get("--schedule") ?? "chaos-tick";
        var cron = args.Get("--cron") ?? "* * * * * *";
        var count = args.Int("--schedules", 1);

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddFilter<ConsoleLoggerProvider>(null, LogLevel.Warning);
        builder.Logging.AddProvider(new LedgerLoggerProvider(ledger));
        builder.Services.AddSingleton<TimeProvider>(new SkewedClock(skew));
        var bananas = builder.Services
            .AddBananas(o => o.Prefix = ChaosConfig.Prefix)
            .UseRedis(args.Required("--redis"));
        for (int i = 1; i <= count; i++) bananas.AddPeriodic(ScheduleName(schedule, i), cron, ChaosConfig.Noop, "{}", o => o.MaxRetries = 20);
        using var host = builder.Build();
        await host.StartAsync();
        ledger.Write(new LedgerEvent { Ev = "scheduler-ready", Detail = $"skew {skew.TotalMilliseconds} ms", Role = name });
        Console.WriteLine("READY");
        await host.WaitForShutdownAsync();
        return 0;
    }

    /// <summary>The name of schedule <paramref name="i"/> (1-based) of a scheduler started with <c>--schedule</c> <paramref name="first"/>.</summary>
    public static string ScheduleName(string first, int i) => i == 1 ? first : $"{first}-{i}";

    /// <summary>The system clock moved by a fixed offset (wall time only; timestamps for durations are not skewed).</summary>
    private sealed class SkewedClock(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }
}
