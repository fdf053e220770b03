using Bananas.Tasks.Engine;
using Bananas.Tasks.Generators.Tests.Infrastructure;
using Bananas.Tasks.InMemory;

namespace Bananas.Tasks.Generators.Tests;

/// <summary>
/// A <see cref="TaskContext"/> parameter is injected by the invoker like a CancellationToken: the handler sees its
/// job, the proxy and the codec never carry it (issue 16, bug 1).
/// </summary>
[Collection(DefaultClientCollection.Name)]
public sealed class TaskContextTests
{
    private const string Driver = """
        using Bananas.Tasks;
        using Bananas.Tasks.Client;
        using Bananas.Tasks.Engine;
        using Microsoft.Extensions.DependencyInjection;

        public static class AuditScenario
        {
            public static async Task<string> RunAsync(Func<IServiceProvider, IQueueEngine> engine)
            {
                using var host = await TestHost.StartAsync(engine);
                try
                {
                    var client = host.Services.GetRequiredService<IBananasClient>();
                    var wait = TimeSpan.FromSeconds(30);
                    var lines = new List<string>();
                    var handle = await Audit.Inspect.EnqueueAsync(client, 7, options: new JobOptions { TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" });
                    lines.Add(await handle.WaitAsync(wait));
                    var job = (await client.GetJobAsync(handle.Id))!;
                    var seen = Audit.AuditTasks.Last!;
                    lines.Add($"id={seen.JobId == handle.Id} enqueued={seen.EnqueuedAt == job.CreatedAt && seen.EnqueuedAt != default}");
                    lines.Add(await Audit.Who.EnqueueAndWaitAsync(client, wait));
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
    public void InjectedParameterNames_AreFree_ForTheProxysOwnParameters()
    {
        // Inspect(int seq, TaskContext context, CancellationToken cancellationToken, string label = "x"): the injected
        // names are not proxy parameters, so the proxy's own token is plain cancellationToken (was cancellationToken_).
        using var scenario = ScenarioAssembly.Build("InjectedNames", TestSources.InjectedContext);
        // GetHandle(id) reads nothing and Call(…) only describes a workflow step, so neither takes a token: every other
        // public method ends with the proxy's own token.
        var all = scenario.Type("Audit.Inspect").GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.DeclaredOnly);
        var methods = all.Where(m => m.Name is not ("GetHandle" or "Call")).ToArray();
        var call = all.Single(m => m.Name == "Call" && m.GetParameters()[0].ParameterType == typeof(int));
        Assert.Equal(["seq", "label", "options"], call.GetParameters().Select(p => p.Name!).ToArray());
        Assert.NotEmpty(methods);
        Assert.All(methods, m => Assert.Equal("cancellationToken", m.GetParameters()[^1].Name));
        var enqueue = methods.Single(m => m.Name == "EnqueueAsync" && m.GetParameters()[0].ParameterType == typeof(Bananas.Tasks.Client.IBananasClient));
        Assert.Equal(["client", "seq", "label", "options", "cancellationToken"], enqueue.GetParameters().Select(p => p.Name!).ToArray());
    }

    [Fact]
    public async Task TaskContextParameter_IsInjected_WithTheJobsValues_AndTheProxyDoesNotTakeIt()
    {
        using var scenario = ScenarioAssembly.Build("AuditInMemory", TestSources.InjectedContext, Scenarios.Hosting, Driver);

        // No generated member asks the caller for a TaskContext: not the proxy, not the codec.
        foreach (var proxy in new[] { "Audit.Inspect", "Audit.Who" })
        {
            var methods = scenario.Type(proxy).GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.DeclaredOnly);
            Assert.Contains(methods, m => m.Name == "EnqueueAsync");
            Assert.DoesNotContain(methods, m => m.Name != "InvokeAsync" && m.GetParameters().Any(p => p.ParameterType == typeof(TaskContext)));
            // EncodeArguments(int seq, string label) / EncodeArguments(): the payload is the other parameters only.
            var encode = methods.Single(m => m.Name == "EncodeArguments");
            Assert.Equal(proxy == "Audit.Inspect" ? ["seq", "label"] : Array.Empty<string>(), encode.GetParameters().Select(p => p.Name!).ToArray());
        }

        var report = await scenario.CallAsync<string>("AuditScenario", "RunAsync", (Func<IServiceProvider, IQueueEngine>)(_ => new InMemoryQueueEngine()));
        var lines = report.Split('\n');
        Assert.Equal("seq=7 label=x task=inspect attempt=1 retries=4 last=False route=reports priority=High trace=00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01 sameToken=True", lines[0]);
        Assert.Equal("id=True enqueued=True", lines[1]);
        Assert.Equal("who@default attempt=1", lines[2]);
    }
}
