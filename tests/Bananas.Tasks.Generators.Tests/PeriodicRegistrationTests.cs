using Bananas.Tasks.Engine;
using Bananas.Tasks.Generators.Tests.Infrastructure;
using Bananas.Tasks.InMemory;
using Bananas.Tasks.Periodic;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Bananas.Tasks.Generators.Tests;

/// <summary>
/// <c>[BananaTask(Cron = …)]</c> compiled with the generator: <c>AddGeneratedTasks()</c> registers each schedule as a
/// <see cref="PeriodicTaskDefinition"/> with the attribute's time zone, options and payload, and the scheduler fires it
/// into a job the worker runs with those arguments.
/// </summary>
[Collection(DefaultClientCollection.Name)]
public sealed class PeriodicRegistrationTests
{
    [Fact]
    public async Task CronTasks_AreRegisteredOnce_WithTheirOptionsAndPayload_AndFire()
    {
        using var scenario = ScenarioAssembly.Build("PeriodicInMemory", TestSources.Periodic, Scenarios.Hosting, Scenarios.Periodic);
        await using var services = (ServiceProvider)scenario.Call("PeriodicScenario", "Services")!;

        // AddGeneratedTasks() ran twice: each schedule is there once. NeedsArguments (no defaults, no CronArgs) has none.
        var definitions = services.GetServices<PeriodicTaskDefinition>().OrderBy(d => d.ScheduleName, StringComparer.Ordinal).ToList();
        Assert.Equal(2, definitions.Count);

        var cleanup = definitions[0];
        Assert.Equal("cleanup", cleanup.ScheduleName);
        Assert.Equal("cleanup", cleanup.TaskName);
        Assert.Equal("0 2 * * *", cleanup.Cron);
        Assert.Equal("Europe/Berlin", cleanup.TimeZone.Id);
        Assert.Equal("""{"days":30,"scope":"temp"}""", cleanup.PayloadJson);
        Assert.Equal(RoutingKey.Parse("reports"), cleanup.Route);
        Assert.Equal(Priority.Low, cleanup.Priority);
        Assert.Equal(1, cleanup.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(600), cleanup.Timeout);
        Assert.Equal("Nightly \"cleanup\"", cleanup.Description);

        // "reports:weekly" is no valid schedule name: a derived one, stable and valid.
        var weekly = definitions[1];
        Assert.Matches("^reports_weekly-[0-9a-f]{8}$", weekly.ScheduleName);
        Assert.Equal("reports:weekly", weekly.TaskName);
        Assert.Equal("0 6 * * 1", weekly.Cron);
        Assert.Equal(TimeZoneInfo.Utc.Id, weekly.TimeZone.Id);
        Assert.Equal("""{"format":"pdf"}""", weekly.PayloadJson);
        Assert.Equal(RoutingKey.Default, weekly.Route);
        Assert.Null(weekly.MaxRetries);
        Assert.Null(weekly.Description);

        // 01:59 in Berlin, then 02:00: the nightly schedule fires once.
        var engine = new InMemoryQueueEngine();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 15, 0, 59, 0, TimeSpan.Zero));
        var scheduler = new PeriodicScheduler(definitions, engine, new InMemoryCronStore(), clock);
        Assert.Empty((await scheduler.RunOnceAsync()).Firings);
        clock.Advance(TimeSpan.FromMinutes(1));
        var firing = Assert.Single((await scheduler.RunOnceAsync()).Firings);
        Assert.Equal(("cleanup", PeriodicFiringOutcome.Enqueued), (firing.ScheduleName, firing.Outcome));
        Assert.Equal(new DateTimeOffset(2026, 1, 15, 1, 0, 0, TimeSpan.Zero), firing.Occurrence);

        var job = await engine.GetJobAsync(firing.JobId!.Value);
        Assert.NotNull(job);
        Assert.Equal(("cleanup", """{"days":30,"scope":"temp"}""", "reports", Priority.Low, 1), (job.Name, job.Payload, job.RoutingKey.ToString(), job.Priority, job.MaxRetries));

        // The worker runs it with the declared defaults.
        var host = await scenario.CallAsync<IHost>("TestHost", "StartAsync", (Func<IServiceProvider, IQueueEngine>)(_ => engine), null);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var result = await engine.WaitForResultAsync(firing.JobId.Value, timeout.Token);
            Assert.Equal(JobStatus.Completed, result.Status);
        }
        finally
        {
            await host.StopAsync();
            host.Dispose();
        }
        var calls = (List<string>)scenario.Type("Maintenance.CleanupTasks").GetProperty("Calls")!.GetValue(null)!;
        Assert.Equal(["cleanup 30 temp"], calls);
    }
}
