using Bananas.Tasks.Engine;
using Bananas.Tasks.Generators.Tests.Infrastructure;
using Bananas.Tasks.InMemory;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;

namespace Bananas.Tasks.Generators.Tests;

/// <summary>
/// An <c>IProgress&lt;T&gt;</c> parameter is injected by the invoker (issue 14, part 2): the proxy and the codec never
/// carry it, and the handler's reports arrive on the job, encoded by the generated <c>EncodeProgress</c>.
/// </summary>
[Collection(DefaultClientCollection.Name)]
public sealed class ProgressTests
{
    private const string Driver = """
        using System.Linq;
        using Bananas.Tasks;
        using Bananas.Tasks.Client;
        using Bananas.Tasks.Engine;
        using Microsoft.Extensions.DependencyInjection;

        public static class ProgressScenario
        {
            public static async Task<string> RunAsync(Func<IServiceProvider, IQueueEngine> engine)
            {
                using var host = await TestHost.StartAsync(engine);
                try
                {
                    var client = host.Services.GetRequiredService<IBananasClient>();
                    var wait = TimeSpan.FromSeconds(30);
                    var lines = new List<string>();
                    var rows = await Import.ImportRows.EnqueueAsync(client, "a.csv", 4);
                    lines.Add("result=" + await rows.WaitAsync(wait));
                    lines.Add("progress=" + await rows.GetProgressJsonAsync());
                    var percent = await Import.Percent.EnqueueAsync(client);
                    await percent.WaitForCompletionAsync(wait);
                    lines.Add("percent=" + await percent.GetProgressJsonAsync());
                    var watched = new List<string>();
                    await foreach (var json in percent.WatchProgressJsonAsync()) watched.Add(json);
                    lines.Add("watched=" + string.Join("|", watched));

                    // Typed reads with no decoder: the handle's type carries the progress type (a record from the
                    // JsonSerializerContext, a primitive), and the generated DecodeProgress reads it.
                    JobHandle<int, Import.ImportStep> typedRows = rows;
                    Import.ImportStep? step = await typedRows.GetProgressAsync();
                    lines.Add($"typed={step!.Done}/{step.Total}/{step.Stage}");
                    var steps = new List<Import.ImportStep>();
                    await foreach (var s in typedRows.WatchProgressAsync()) steps.Add(s);
                    lines.Add("typedWatched=" + string.Join("|", steps.Select(s => $"{s.Done}/{s.Total}/{s.Stage}")));
                    ProgressJobHandle<int> typedPercent = percent;
                    int value = await typedPercent.GetProgressAsync();
                    lines.Add("typedPercent=" + (value + 1));
                    var values = new List<int>();
                    await foreach (var v in typedPercent.WatchProgressAsync()) values.Add(v);
                    lines.Add("typedPercentWatched=" + string.Join("|", values));

                    // Existing code still compiles: a void task's handle is a JobHandle, a valued one a JobHandle<int>.
                    JobHandle plain = await Import.Percent.EnqueueAsync(client);
                    JobHandle<int> valued = await Import.ImportRows.EnqueueAsync(client, "b.csv", 2);
                    await plain.WaitForCompletionAsync(wait);
                    lines.Add("valued=" + await valued.WaitAsync(wait));

                    // GetHandle from an id is typed too.
                    var again = Import.Percent.GetHandle(client, percent.Id);
                    lines.Add("getHandle=" + await again.GetProgressAsync());
                    var none = Import.Percent.GetHandle(client, plain.Id);
                    lines.Add("fromPlain=" + await none.GetProgressAsync());

                    // A report that does not fit the progress type (Percent's 100 read as an ImportStep) throws, naming the job and the task.
                    var wrong = Import.ImportRows.GetHandle(client, percent.Id);
                    try
                    {
                        await wrong.GetProgressAsync();
                        lines.Add("wrong=decoded");
                    }
                    catch (TaskProgressException ex)
                    {
                        lines.Add($"wrong={ex.JobId == percent.Id}|{ex.TaskName}|{ex.InnerException?.GetType().Name}|{ex.Message.Contains(percent.Id.ToString())}");
                    }
                    try
                    {
                        await foreach (var s in wrong.WatchProgressAsync()) lines.Add("wrongWatch=decoded");
                    }
                    catch (TaskProgressException ex)
                    {
                        lines.Add($"wrongWatch={ex.JobId == percent.Id}");
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

    [Fact]
    public async Task ProgressParameter_TypedHandle_OnRedis()
    {
        var redis = await RedisServer.GetAsync();
        var prefix = RedisServer.NewPrefix();
        using var scenario = ScenarioAssembly.Build("ProgressRedis", TestSources.Progress, Scenarios.Hosting, Driver);
        var report = await scenario.CallAsync<string>("ProgressScenario", "RunAsync",
            (Func<IServiceProvider, IQueueEngine>)(_ => new RedisQueueEngine(redis.Connection, new QueueEngineOptions { Prefix = prefix })));
        AssertReport(report);
    }

    [Fact]
    public async Task ProgressParameter_IsInjected_AndItsReportsArriveOnTheJob()
    {
        using var scenario = ScenarioAssembly.Build("ProgressInMemory", TestSources.Progress, Scenarios.Hosting, Driver);

        foreach (var proxy in new[] { "Import.ImportRows", "Import.Percent" })
        {
            var methods = scenario.Type(proxy).GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.DeclaredOnly);
            Assert.DoesNotContain(methods, m => m.GetParameters().Any(p => p.ParameterType.IsGenericType && p.ParameterType.GetGenericTypeDefinition() == typeof(IProgress<>)));
            var encode = methods.Single(m => m.Name == "EncodeArguments");
            Assert.Equal(proxy == "Import.ImportRows" ? ["file", "rows"] : Array.Empty<string>(), encode.GetParameters().Select(p => p.Name!).ToArray());
            Assert.Contains(methods, m => m.Name == "EncodeProgress");
        }

        foreach (var (proxy, handle) in new[] { ("Import.ImportRows", "JobHandle`2"), ("Import.Percent", "ProgressJobHandle`1") })
        {
            var methods = scenario.Type(proxy).GetMethods().Where(m => m.Name is "GetHandle").ToList();
            Assert.All(methods, m => Assert.Equal(handle, m.ReturnType.Name));
            Assert.Contains(scenario.Type(proxy).GetMethods(System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static), m => m.Name == "DecodeProgress");
        }

        var report = await scenario.CallAsync<string>("ProgressScenario", "RunAsync", (Func<IServiceProvider, IQueueEngine>)(_ => new InMemoryQueueEngine()));
        AssertReport(report);
    }

    private static void AssertReport(string report)
    {
        var lines = report.Split('\n');
        Assert.Equal("result=4", lines[0]);
        Assert.Equal("progress={\"Done\":4,\"Total\":4,\"Stage\":\"done\"}", lines[1]);
        Assert.Equal("percent=100", lines[2]);
        Assert.Equal("watched=100", lines[3]);
        Assert.Equal("typed=4/4/done", lines[4]);
        Assert.Equal("typedWatched=4/4/done", lines[5]);
        Assert.Equal("typedPercent=101", lines[6]);
        Assert.Equal("typedPercentWatched=100", lines[7]);
        Assert.Equal("valued=2", lines[8]);
        Assert.Equal("getHandle=100", lines[9]);
        Assert.Equal("fromPlain=100", lines[10]);
        Assert.Equal("wrong=True|import_rows|TaskResultException|True", lines[11]);
        Assert.Equal("wrongWatch=True", lines[12]);
        Assert.Equal(13, lines.Length);
    }
}
