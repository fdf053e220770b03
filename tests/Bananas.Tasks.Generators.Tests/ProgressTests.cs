using Bananas.Tasks.Engine;
using Bananas.Tasks.Generators.Tests.Infrastructure;
using Bananas.Tasks.InMemory;

namespace Bananas.Tasks.Generators.Tests;

/// <summary>
/// An <c>IProgress&lt;T&gt;</c> parameter is injected by the invoker (issue 14, part 2): the proxy and the codec never
/// carry it, and the handler's reports arrive on the job, encoded by the generated <c>EncodeProgress</c>.
/// </summary>
[Collection(DefaultClientCollection.Name)]
public sealed class ProgressTests
{
    private const string Driver = """
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

        var report = await scenario.CallAsync<string>("ProgressScenario", "RunAsync", (Func<IServiceProvider, IQueueEngine>)(_ => new InMemoryQueueEngine()));
        var lines = report.Split('\n');
        Assert.Equal("result=4", lines[0]);
        Assert.Equal("progress={\"Done\":4,\"Total\":4,\"Stage\":\"done\"}", lines[1]);
        Assert.Equal("percent=100", lines[2]);
        Assert.Equal("watched=100", lines[3]);
    }
}
