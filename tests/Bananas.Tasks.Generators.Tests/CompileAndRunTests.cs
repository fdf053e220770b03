using Bananas.Tasks.Engine;
using Bananas.Tasks.Generators.Tests.Infrastructure;
using Bananas.Tasks.InMemory;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;

namespace Bananas.Tasks.Generators.Tests;

/// <summary>
/// User code compiled with the generator, loaded, and run on the hosted worker: enqueue through the generated
/// proxies, the handler sees the arguments, the caller gets the typed result.
/// </summary>
/// <remarks>One collection: the static proxy methods use the process-wide default client a running host sets.</remarks>
[Collection(DefaultClientCollection.Name)]
public sealed class CompileAndRunTests
{
    private static readonly Func<IServiceProvider, IQueueEngine> InMemory = _ => new InMemoryQueueEngine();

    [Fact]
    public async Task MediaTasks_RunOnTheWorker_InMemory()
    {
        using var scenario = ScenarioAssembly.Build("MediaInMemory", TestSources.Media, Scenarios.Hosting, Scenarios.Media);
        var report = await scenario.CallAsync<string>("Media.Scenario", "RunAsync", InMemory);
        AssertMediaReport(report);
    }

    [Fact]
    public async Task OptionalParameters_PrimitiveKinds_AndValueTasks_RunOnTheWorker_InMemory()
    {
        using var scenario = ScenarioAssembly.Build("KindsInMemory", TestSources.OptionalParameters, TestSources.AllPrimitives, TestSources.ValueTaskNoToken, Scenarios.Hosting, Scenarios.Kinds);
        var report = await scenario.CallAsync<string>("Scenario", "RunAsync", InMemory);
        AssertKindsReport(report);
    }

    /// <summary>
    /// Payload contracts: jobs written by the code before a rename (<c>url</c>, <c>size</c>; no <c>quality</c>) run on the
    /// renamed handler through its <c>[BananaArgument]</c> old names and the new parameter's default.
    /// </summary>
    [Fact]
    public async Task OldShapePayloads_DecodeThroughOldNamesAndDefaults_InMemory()
    {
        using var scenario = ScenarioAssembly.Build("OldShapesInMemory", TestSources.RenamedParameters, Scenarios.Hosting, Scenarios.OldShapes);
        Assert.Equal(OldShapesReport, await scenario.CallAsync<string>("Gallery.Scenario", "RunAsync", InMemory));
    }

    [Fact]
    public async Task OldShapePayloads_DecodeThroughOldNamesAndDefaults_OnRedis()
    {
        var redis = await RedisServer.GetAsync();
        var prefix = RedisServer.NewPrefix();
        using var scenario = ScenarioAssembly.Build("OldShapesRedis", TestSources.RenamedParameters, Scenarios.Hosting, Scenarios.OldShapes);
        var report = await scenario.CallAsync<string>("Gallery.Scenario", "RunAsync",
            (Func<IServiceProvider, IQueueEngine>)(_ => new RedisQueueEngine(redis.Connection, new QueueEngineOptions { Prefix = prefix })));
        Assert.Equal(OldShapesReport, report);
    }

    private static readonly string OldShapesReport = """
            old: source=https://img/old.png width=640 quality=80
            old: source=https://img/older.png width=10 quality=80
            old: source=https://img/reordered.png width=320 quality=50
            new: source=https://img/new.png width=1 quality=99
            new payload: {"source":"s","width":2,"quality":3}
            both: Cannot decode parameter 'source' of task 'process_image': the property appears twice in the payload
            """.ReplaceLineEndings("\n");

    [Fact]
    public async Task MediaTasks_RunOnTheWorker_OnRedis()
    {
        var redis = await RedisServer.GetAsync();
        var prefix = RedisServer.NewPrefix();
        using var scenario = ScenarioAssembly.Build("MediaRedis", TestSources.Media, Scenarios.Hosting, Scenarios.Media);
        var report = await scenario.CallAsync<string>("Media.Scenario", "RunAsync",
            (Func<IServiceProvider, IQueueEngine>)(_ => new RedisQueueEngine(redis.Connection, new QueueEngineOptions { Prefix = prefix })));
        AssertMediaReport(report);

        // The jobs really went through Redis under the test's prefix, on the routes the attributes chose.
        var server = redis.Connection.GetServer(redis.Connection.GetEndPoints()[0]);
        var keys = server.Keys(pattern: prefix + ":*").Select(k => k.ToString()).ToList();
        Assert.Contains(keys, k => k.StartsWith(prefix + ":job:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OptionalParameters_PrimitiveKinds_AndValueTasks_RunOnTheWorker_OnRedis()
    {
        var redis = await RedisServer.GetAsync();
        var prefix = RedisServer.NewPrefix();
        using var scenario = ScenarioAssembly.Build("KindsRedis", TestSources.OptionalParameters, TestSources.AllPrimitives, TestSources.ValueTaskNoToken, Scenarios.Hosting, Scenarios.Kinds);
        var report = await scenario.CallAsync<string>("Scenario", "RunAsync",
            (Func<IServiceProvider, IQueueEngine>)(_ => new RedisQueueEngine(redis.Connection, new QueueEngineOptions { Prefix = prefix })));
        AssertKindsReport(report);
    }

    [Fact]
    public async Task Retention_per_task_applies_on_the_worker_InMemory()
    {
        using var scenario = ScenarioAssembly.Build("RetentionInMemory", TestSources.Retention, Scenarios.Hosting, Scenarios.Retention);
        Assert.Equal(RetentionReport, await scenario.CallAsync<string>("Cleanup.Scenario", "RunAsync", InMemory));
    }

    [Fact]
    public async Task Retention_per_task_applies_on_the_worker_OnRedis()
    {
        var redis = await RedisServer.GetAsync();
        var prefix = RedisServer.NewPrefix();
        using var scenario = ScenarioAssembly.Build("RetentionRedis", TestSources.Retention, Scenarios.Hosting, Scenarios.Retention);
        var report = await scenario.CallAsync<string>("Cleanup.Scenario", "RunAsync",
            (Func<IServiceProvider, IQueueEngine>)(_ => new RedisQueueEngine(redis.Connection, new QueueEngineOptions { Prefix = prefix })));
        Assert.Equal(RetentionReport, report);
        // The TTLs are the tasks' own: an hour for remember, the result TTL (24 h) for usual.
        var db = redis.Connection.GetDatabase();
        var server = redis.Connection.GetServer(redis.Connection.GetEndPoints()[0]);
        var ttls = server.Keys(pattern: prefix + ":job:*").Select(k => (Name: (string?)db.HashGet(k, "name"), Ttl: db.KeyTimeToLive(k))).ToList();
        Assert.InRange(Assert.Single(ttls, t => t.Name == "remember").Ttl!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
        Assert.InRange(Assert.Single(ttls, t => t.Name == "usual").Ttl!.Value, TimeSpan.FromHours(23), TimeSpan.FromHours(24));
        Assert.InRange(Assert.Single(ttls, t => t.Name == "forget").Ttl!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)); // the waited one
    }

    private const string RetentionReport = "waited forget=done\nremember=42\nforget record=gone\nremember record=Completed\nusual record=Completed";

    internal static void AssertMediaReport(string report)
    {
        var lines = report.Split('\n');
        Assert.Equal("thumb=Thumbnail { Url = https://img/cat.png?w=640, Width = 640, Height = 480 }", lines[0]);
        Assert.Equal("second=Thumbnail { Url = https://img/dog.png?w=320, Width = 320, Height = 240 } route=gpu priority=High retries=5 timeout=00:05:00", lines[1]);
        Assert.Equal("override route=gpu priority=Low retries=1", lines[2]);
        Assert.Equal("mail route=email description=Sends one email sent=EmailMessage { To = ada@example.com, Subject = Hello, Body = Body text }", lines[3]);
        Assert.Equal("delayed status=Scheduled result=Thumbnail { Url = https://img/later.png?w=1, Width = 1, Height = 0 }", lines[4]);
        Assert.Equal("bad attempts=1 type=Bananas.Tasks.TaskPayloadException error=Cannot decode parameter 'width' of task 'process_image': expected int, got the string \"wide\"", lines[5]);
        Assert.Equal("calls=https://img/cat.png@640,https://img/dog.png@320,https://img/low.png@10,https://img/later.png@1", lines[6]);
    }

    internal static void AssertKindsReport(string report)
    {
        var lines = report.Split('\n');
        Assert.Equal("defaults=T|10|True|Csv|1.5|9.99|5000000000|-|Quarterly \"Q\" report|-|;", lines[0]);
        Assert.Equal("given=U|3|False|Html|1.5|9.99|5000000000|end|Quarterly \"Q\" report|2|,", lines[1]);
        Assert.Equal("raw=raw|10|True|Csv|1.5|9.99|5000000000|-|Quarterly \"Q\" report|-|;", lines[2]);
        Assert.Equal(
            "all=s\"q|True|x|255|-128|-32768|65535|-2147483648|4294967295|-9223372036854775808|18446744073709551615|1.5|0.1|79228162514264337593543950335|"
            + "6f1c2a52-0d8e-4f57-9a3c-3d7c0f5e8b11|2026-11-26T15:04:05.1230000Z|2026-11-26T16:04:05.0000000+01:00|01:30:30|Big|"
            + "null|False|-1|null|6f1c2a52-0d8e-4f57-9a3c-3d7c0f5e8b11|null|00:00:00|null",
            lines[3]);
        Assert.Equal("flags=Big,null", lines[4]);
        Assert.Equal("add=42", lines[5]);
        Assert.Equal("ping priority=Low", lines[6]);
    }
}

/// <summary>Tests that start a host (which sets the process-wide default client) run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DefaultClientCollection
{
    public const string Name = "Default Bananas client";
}
