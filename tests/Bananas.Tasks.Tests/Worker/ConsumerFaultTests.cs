using System.Collections.Concurrent;
using System.Reflection;
using Bananas.Tasks.Engine;
using Bananas.Tasks.Hosting;
using Bananas.Tasks.InMemory;

namespace Bananas.Tasks.Tests.Worker;

/// <summary>A fault in recording an outcome must not take a consumer (or the worker) down, nor lose the job.</summary>
public class ConsumerFaultTests
{
    [Fact]
    public async Task An_unexpected_error_while_acking_leaves_the_worker_running_and_the_job_is_recovered()
    {
        var inner = new InMemoryQueueEngine();
        var engine = FaultOnce.Wrap(inner, nameof(IQueueEngine.AckAsync));
        var runs = new ConcurrentDictionary<string, int>();
        await using var host = await WorkerHost.StartAsync(engine, b => b.AddTask("work", ctx =>
        {
            runs.AddOrUpdate(ctx.Payload, 1, (_, n) => n + 1);
            return ValueTask.FromResult<string?>(null);
        }), o =>
        {
            o.Concurrency = 1; // one consumer: if it died, nothing else would run
            o.LeaseDuration = TimeSpan.FromMilliseconds(300);
        });
        var first = await host.Client.EnqueueAsync("work", """{"n":1}""");
        var second = await host.Client.EnqueueAsync("work", """{"n":2}""");
        await host.WaitForStatusAsync(second, JobStatus.Completed);
        await host.WaitForStatusAsync(first, JobStatus.Completed);
        Assert.Equal(2, runs["""{"n":1}"""]); // its first ack failed; recovered after the lease and run again
        // The slot frees as soon as a completion is handed to the ack loop, so the second job may finish before the
        // first ack is sent and share its failed batch: then it is recovered and run again too.
        Assert.InRange(runs["""{"n":2}"""], 1, 2);
    }

    /// <summary>An engine that throws an unexpected exception from one method, once, and otherwise delegates.</summary>
    public class FaultOnce : DispatchProxy
    {
        private IQueueEngine _inner = null!;
        private string _method = "";
        private int _faulted;

        public static IQueueEngine Wrap(IQueueEngine inner, string method)
        {
            var proxy = Create<IQueueEngine, FaultOnce>();
            var self = (FaultOnce)(object)proxy;
            self._inner = inner;
            self._method = method;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod!.Name == _method && Interlocked.Exchange(ref _faulted, 1) == 0)
                throw new OperationCanceledException("simulated fault inside the engine");
            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                throw ex.InnerException;
            }
        }
    }
}
