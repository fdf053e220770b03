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
    };

    private static JobRecord OutOfRange(string name) => name switch
    {
        "timeout of 100 days" => Job() with { Timeout = TimeSpan.FromDays(100) },
        "timeout past TimeSpan's ms" => Job() with { Timeout = TimeSpan.MaxValue },
        "timeout of zero" => Job() with { Timeout = TimeSpan.Zero },
        "negative attempts" => Job() with { Attempts = -5 },
        "attempts at int.MaxValue" => Job() with { Attempts = int.MaxValue },
        "negative max_retries" => Job() with { MaxRetries = -1 },
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
