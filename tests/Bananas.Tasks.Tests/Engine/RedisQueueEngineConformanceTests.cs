using Bananas.Tasks.Engine;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>The conformance suite on a real Redis, a fresh key prefix per test.</summary>
public sealed class RedisQueueEngineConformanceTests : QueueEngineConformanceTests
{
    public RedisQueueEngineConformanceTests(ITestOutputHelper output) => Output = output;

    protected override async Task<IQueueEngine> CreateEngineAsync(QueueEngineOptions options)
    {
        var server = await RedisServer.GetAsync();
        options.Prefix = RedisServer.NewPrefix();
        return new RedisQueueEngine(server.Connection, options);
    }
}
