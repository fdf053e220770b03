using Bananas.Tasks.Engine;

namespace Bananas.Tasks.Tests.Engine;

public abstract partial class QueueEngineConformanceTests
{
    public static TheoryData<string, string> OutOfRangeRecords() => new()
    {
        { "timeout of 100 days", "timeout_ms" },
        { "timeout past TimeSpan's ms", "timeout_ms" },
        { "timeout of zero", "timeout_ms" },
        { "negative attempts", "attempts" },
        { "attempts at int.MaxValue", "attempts" },
        { "negative max_retries", "max_retries" },
        { "negative snoozes", "snoozes" },
    };

    private static JobRecord OutOfRange(string name) => name switch
    {
        "timeout of 100 days" => Job() with { Timeout = TimeSpan.FromDays(100) },
        "timeout past TimeSpan's ms" => Job() with { Timeout = TimeSpan.MaxValue },
        "timeout of zero" => Job() with { Timeout = TimeSpan.Zero },
        "negative attempts" => Job() with { Attempts = -5 },
        "attempts at int.MaxValue" => Job() with { Attempts = int.MaxValue },
        "negative max_retries" => Job() with { MaxRetries = -1 },
        "negative snoozes" => Job() with { Snoozes = -1 },
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(OutOfRangeRecords))]
    public async Task A_record_out_of_range_is_fetched_with_a_decode_error_naming_the_field_and_its_batch_reads(string name, string field)
    {
        var (engine, time) = await NewEngineAsync();
        var before = Job();
        var bad = OutOfRange(name);
        var after = Job();
        Assert.Equal(3, await engine.EnqueueManyAsync([before, bad, after]));

        var fetched = await engine.FetchAsync(Request("default"));

        Assert.Equal(new[] { before.Id, bad.Id, after.Id }, fetched.Select(f => f.Id).ToArray());
        Assert.NotNull(fetched[0].Job);
        Assert.NotNull(fetched[2].Job);
        Assert.Null(fetched[1].Job);
        Assert.Contains($"field '{field}'", fetched[1].DecodeError);
        // the worker's path for it: a permanent failure, so it is dead, not retried
        Assert.Equal(FailOutcome.DeadLettered, await engine.FailAsync(new JobFailure(bad.Id, fetched[1].LeaseToken, fetched[1].DecodeError!, "MalformedJobRecord", true, time.GetUtcNow(), TimeSpan.Zero)));
        Assert.Equal(JobStatus.Failed, (await engine.GetJobAsync(bad.Id))!.Status);
    }
}

/// <summary>
/// A payload over <see cref="QueueEngineOptions.MaxPayloadBytes"/> (chaos B3.85: a foreign producer, or a client with a
/// higher limit) is dead-lettered by the fetch as PayloadTooLarge, not handed to a worker; the rest of its batch runs.
/// </summary>
public abstract partial class QueueEngineConformanceTests
{
    [Fact]
    public async Task A_payload_over_the_limit_is_dead_lettered_at_fetch_and_its_batch_runs()
    {
        var (engine, time) = await NewEngineAsync(o => o.MaxPayloadBytes = 64);
        await using var _e = engine;
        var before = Job();
        // 2-byte characters: the limit counts UTF-8 bytes, not characters (40 characters, 88 bytes).
        var big = Job(payload: "{\"s\":\"" + new string('é', 40) + "\"}");
        var atLimit = Job(payload: "{\"s\":\"" + new string('a', 56) + "\"}");
        var waiter = engine.WaitForResultAsync(big.Id, CancellationToken.None);
        Assert.Equal(3, await engine.EnqueueManyAsync([before, big, atLimit]));

        var fetched = await engine.FetchAsync(Request("default"));

        Assert.Equal(new[] { before.Id, atLimit.Id }, fetched.Select(f => f.Id).ToArray());
        Assert.All(fetched, f => Assert.NotNull(f.Job));
        var dead = (await engine.GetJobAsync(big.Id))!;
        Assert.Equal(JobStatus.Failed, dead.Status);
        Assert.Equal("PayloadTooLarge", dead.ErrorType);
        Assert.Equal(JobRecordLimits.PayloadTooLarge(88, 64), dead.Error);
        Assert.Equal(0, dead.Attempts);
        Assert.Equal("PayloadTooLarge", Assert.Single(dead.ErrorHistory).ErrorType);
        Assert.Equal(time.GetUtcNow(), dead.CompletedAt);
        Assert.Equal(big.Id, Assert.Single(await engine.ListDeadAsync(0, 10)).Id);
        Assert.Equal(1, (await engine.GetQueueDepthsAsync()).Dead);
        Assert.Equal(2, (await engine.GetQueueDepthsAsync()).Processing);
        // Someone waiting for it hears that it failed.
        var result = await Within(waiter, "the dead-lettering of an oversized payload");
        Assert.Equal(JobStatus.Failed, result.Status);
        Assert.Equal("PayloadTooLarge", result.ErrorType);
        // Nothing else is left of it: the next fetch finds nothing.
        Assert.Empty(await engine.FetchAsync(Request("default")));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task A_payload_limit_below_two_bytes_is_refused(int limit)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => NewEngineAsync(o => o.MaxPayloadBytes = limit));
        Assert.Contains($"QueueEngineOptions.MaxPayloadBytes is {limit}; expected at least 2", error.Message);
    }
}
