using Bananas.Tasks.Engine;
using Bananas.Tasks.InMemory;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>The conformance suite on the in-memory engine.</summary>
public sealed class InMemoryQueueEngineConformanceTests : QueueEngineConformanceTests
{
    public InMemoryQueueEngineConformanceTests(ITestOutputHelper output) => Output = output;

    protected override Task<IQueueEngine> CreateEngineAsync(QueueEngineOptions options) =>
        Task.FromResult<IQueueEngine>(new InMemoryQueueEngine(options));
}
