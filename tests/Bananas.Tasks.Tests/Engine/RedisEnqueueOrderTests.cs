using Bananas.Tasks.Engine;
using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>
/// A batch larger than one enqueue chunk keeps its order even when the server does not have the script (after a
/// restart or SCRIPT FLUSH): before, every pipelined chunk failed with NOSCRIPT, was sent again from its own
/// continuation, and the chunks were queued in whatever order those ran — a sequence's jobs included.
/// </summary>
public sealed class RedisEnqueueOrderTests
{
    [Fact]
    public async Task A_multi_chunk_batch_is_queued_in_its_order_after_a_script_flush()
    {
        await using var redis = new RedisProcess(persistent: false); // its own server: SCRIPT FLUSH must not disturb other tests
        await redis.StartAsync();
        await using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redis.Port},allowAdmin=true");
        var prefix = RedisServer.NewPrefix();
        var engine = new RedisQueueEngine(connection, new QueueEngineOptions { Prefix = prefix });
        var db = connection.GetDatabase();
        for (int round = 0; round < 5; round++)
        {
            await connection.GetServer($"127.0.0.1:{redis.Port}").ScriptFlushAsync();
            var jobs = Enumerable.Range(0, 10 * RedisQueueEngine.EnqueueChunk).Select(_ => new JobRecord { Id = JobId.New(), Name = "work", Payload = "{}" }).ToList();

            await engine.EnqueueManyAsync(jobs);

            var queue = $"{prefix}:route:default:queue:normal";
            var consumerOrder = (await db.ListRangeAsync(queue)).Reverse().Select(v => v.ToString()).ToList();
            Assert.Equal(jobs.Select(j => j.Id.Value), consumerOrder);
            await db.KeyDeleteAsync(queue);
        }
    }
}
