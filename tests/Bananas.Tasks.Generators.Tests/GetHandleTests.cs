using System.Reflection;
using Bananas.Tasks.Client;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Generators.Tests.Infrastructure;
using Bananas.Tasks.InMemory;

namespace Bananas.Tasks.Generators.Tests;

/// <summary>
/// The generated <c>GetHandle(JobId)</c> / <c>GetHandle(IBananasClient, JobId)</c>: a typed handle rebuilt from an id
/// string (another process, an HTTP request) reads the typed result (issue 10, "typed handles from an id").
/// </summary>
[Collection(DefaultClientCollection.Name)]
public sealed class GetHandleTests
{
    /// <summary>A task whose payload parameters take the names <c>GetHandle</c> would use for itself.</summary>
    private const string Lookup = """
        using Bananas.Tasks;

        namespace People;

        public static class DirectoryTasks
        {
            [BananaTask]
            public static Task<string> Find(string id, int client) => Task.FromResult(id + "#" + client);
        }
        """;

    private const string Driver = """
        using Bananas.Tasks;
        using Bananas.Tasks.Client;
        using Bananas.Tasks.Engine;
        using Microsoft.Extensions.DependencyInjection;

        namespace Media;

        public sealed class FixedThumbnailer : IThumbnailer
        {
            public Thumbnail Make(string url, int width) => new(url + "?w=" + width, width, width / 2);
        }

        public static class HandleScenario
        {
            public static async Task<string> RunAsync(Func<IServiceProvider, IQueueEngine> engine)
            {
                using var host = await TestHost.StartAsync(engine, s => s.AddSingleton<IThumbnailer, FixedThumbnailer>());
                try
                {
                    var client = host.Services.GetRequiredService<IBananasClient>();
                    var wait = TimeSpan.FromSeconds(30);
                    var lines = new List<string>();

                    // Enqueue, keep only the id text (what an HTTP API hands out), rebuild a typed handle from it.
                    var enqueued = await ProcessImage.EnqueueAsync(client, "https://img/cat.png", 640);
                    string text = enqueued.Id.ToString();
                    JobHandle<Thumbnail> rebuilt = ProcessImage.GetHandle(client, JobId.Parse(text));
                    var thumb = await rebuilt.WaitAsync(wait);
                    lines.Add($"typed={thumb} same={rebuilt.Id == enqueued.Id}");

                    // The default-client form: the host's client, the same typed result.
                    JobHandle<Thumbnail> viaDefault = ProcessImage.GetHandle(JobId.Parse(text));
                    var done = await viaDefault.TryGetResultAsync();
                    lines.Add($"default status={done!.Status} value={done.Value}");

                    // A task without a result: an untyped handle, for status and completion.
                    var mail = await SendEmail.EnqueueAsync(client, new EmailMessage("ada@example.com", "Hi", "Body"));
                    JobHandle mailHandle = SendEmail.GetHandle(client, JobId.Parse(mail.Id.ToString()));
                    await mailHandle.WaitForCompletionAsync(wait);
                    lines.Add($"mail status={await mailHandle.GetStatusAsync()} default={await SendEmail.GetHandle(JobId.Parse(mail.Id.ToString())).GetStatusAsync()}");

                    // An id with no job: nothing is read to build the handle; its status is null.
                    var missing = ProcessImage.GetHandle(client, JobId.Parse("no-such-job"));
                    lines.Add($"missing status={(await missing.GetStatusAsync())?.ToString() ?? "null"}");

                    // Payload parameters named id and client do not clash with GetHandle's own.
                    var found = await global::People.Find.EnqueueAsync(client, "ada", 3);
                    lines.Add("find=" + await global::People.Find.GetHandle(client, JobId.Parse(found.Id.ToString())).WaitAsync(wait));
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
    public async Task GetHandle_FromAnIdString_ReadsTheTypedResult_InMemory()
    {
        using var scenario = ScenarioAssembly.Build("HandlesInMemory", TestSources.Media, Lookup, Scenarios.Hosting, Driver);
        var report = await scenario.CallAsync<string>("Media.HandleScenario", "RunAsync", (Func<IServiceProvider, IQueueEngine>)(_ => new InMemoryQueueEngine()));
        var lines = report.Split('\n');
        Assert.Equal("typed=Thumbnail { Url = https://img/cat.png?w=640, Width = 640, Height = 320 } same=True", lines[0]);
        Assert.Equal("default status=Completed value=Thumbnail { Url = https://img/cat.png?w=640, Width = 640, Height = 320 }", lines[1]);
        Assert.Equal("mail status=Completed default=Completed", lines[2]);
        Assert.Equal("missing status=null", lines[3]);
        Assert.Equal("find=ada#3", lines[4]);
    }

    [Fact]
    public void GetHandle_Signatures_ReturnTheTaskHandle_AndAvoidPayloadNames()
    {
        using var scenario = ScenarioAssembly.Build("HandleSignatures", TestSources.Media, Lookup);

        string Shape(string proxy) => string.Join(" | ", scenario.Type(proxy)
            .GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(m => m.Name == "GetHandle")
            .OrderBy(m => m.GetParameters().Length)
            .Select(m => $"{Name(m.ReturnType)}({string.Join(", ", m.GetParameters().Select(p => Name(p.ParameterType) + " " + p.Name))})"));

        Assert.Equal("JobHandle<Thumbnail>(JobId id) | JobHandle<Thumbnail>(IBananasClient client, JobId id)", Shape("Media.ProcessImage"));
        Assert.Equal("JobHandle(JobId id) | JobHandle(IBananasClient client, JobId id)", Shape("Media.SendEmail"));
        Assert.Equal("JobHandle<String>(JobId id_) | JobHandle<String>(IBananasClient client_, JobId id_)", Shape("People.Find"));

        // default(JobId) is refused with the runtime's message, not a handle that reads nothing.
        var getHandle = scenario.Type("Media.ProcessImage").GetMethod("GetHandle", [typeof(IBananasClient), typeof(JobId)])!;
        var client = new BananasClient(new InMemoryQueueEngine());
        var ex = Assert.Throws<TargetInvocationException>(() => getHandle.Invoke(null, [client, default(JobId)]));
        Assert.Contains("default(JobId)", Assert.IsType<ArgumentException>(ex.InnerException).Message);
    }

    private static string Name(Type t) => t.IsGenericType
        ? t.Name[..t.Name.IndexOf('`')] + "<" + string.Join(", ", t.GetGenericArguments().Select(Name)) + ">"
        : t.Name;
}
