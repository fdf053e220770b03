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

    protected override async Task<IQueueEngine> CreateEngineAsync(FakeTimeProvider time)
    {
        var server = await RedisServer.GetAsync();
        return new RedisQueueEngine(server.Connection, new QueueEngineOptions { Prefix = RedisServer.NewPrefix(), TimeProvider = time });
    }
}
