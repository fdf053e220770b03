using System.Diagnostics.CodeAnalysis;
using Bananas.Tasks.Redis;

namespace Bananas.Tasks.Tests.Engine;

public sealed class JobHashCodecTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(9L)]
    [InlineData(12_345_603L)]
    [InlineData(12_345_677L)]
    [InlineData(5_000_000L)]
    [InlineData(9_999_999L)]
    public void A_scheduled_score_reads_back_no_earlier_than_it_was_written_and_within_a_microsecond(long extraTicks)
    {
        var due = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero).AddTicks(extraTicks);
        var score = JobHashCodec.ToUnixSeconds(due);

        var back = JobHashCodec.FromUnixSeconds(score);

        Assert.True(JobHashCodec.ToUnixSeconds(back) >= score);
        Assert.InRange(back - due, TimeSpan.FromTicks(-9), TimeSpan.FromTicks(10));
        if (extraTicks % 10 == 0) Assert.Equal(due, back);
    }

    [Theory]
    [InlineData("2026-11-25T02:14:07.1234567Z", true)]
    [InlineData("2026-11-25T02:14:07Z", true)]
    [InlineData("2026-11-25T03:14:07.5+01:00", true)]
    [InlineData("2026-11-25T02:14:07", false)]
    [InlineData("2026-11-25", false)]
    [InlineData("yesterday", false)]
    public void Timestamps_need_an_offset(string text, bool accepted) => Assert.Equal(accepted, JobHashCodec.TryParseTime(text, out _));

    [Fact]
    public void Timestamps_are_written_as_rfc3339_utc_with_seven_digits()
    {
        var time = new DateTimeOffset(2026, 11, 25, 3, 14, 7, TimeSpan.FromHours(1)).AddTicks(1234567);
        Assert.Equal("2026-11-25T02:14:07.1234567Z", JobHashCodec.FormatTime(time));
    }

    private static Dictionary<string, string> Record(string? history)
    {
        var fields = new Dictionary<string, string> { ["name"] = "x", ["payload"] = "{}", ["priority"] = "normal", ["status"] = "completed" };
        if (history is not null) fields["error_history"] = history;
        return fields;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{}")]
    [InlineData("[1, \"two\", null]")]
    public void A_record_without_a_readable_error_history_decodes_with_an_empty_one(string? history)
    {
        var id = JobId.New();
        Assert.True(JobHashCodec.TryDecode("k", id, Record(history), out var job, out var error), error);
        Assert.Empty(job!.ErrorHistory);
    }

    [Fact]
    public void The_error_history_reads_back_attempt_type_message_and_time()
    {
        var text = "[{\"attempt\":1,\"error_type\":\"X\",\"error\":\"boom\",\"at\":\"2026-11-25T02:14:07.1234567Z\"},{\"attempt\":99999999999,\"error\":\"no type\"}]";
        Assert.True(JobHashCodec.TryDecode("k", JobId.New(), Record(text), out var job, out _));
        Assert.Equal(new JobError(1, "X", "boom", new DateTimeOffset(2026, 11, 25, 2, 14, 7, TimeSpan.Zero).AddTicks(1234567)), job!.ErrorHistory[0]);
        Assert.Equal(new JobError(0, "", "no type", default), job.ErrorHistory[1]);
    }

    [Fact]
    public void The_decoders_read_exactly_the_record_fields_a_listing_fetches()
    {
        var strict = new RecordingFields();
        JobHashCodec.TryDecode("bananas:job:x", JobId.New(), strict, out _, out _);
        var lenient = new RecordingFields();
        JobHashCodec.DecodeLenient(JobId.New(), lenient);

        Assert.Equal(JobHashCodec.RecordFields.Order(StringComparer.Ordinal), strict.Read.Order(StringComparer.Ordinal));
        Assert.Equal(JobHashCodec.RecordFields.Order(StringComparer.Ordinal), lenient.Read.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_hmget_reply_of_the_record_fields_reads_as_the_fields_present()
    {
        var reply = JobHashCodec.RecordFields.Select(f => f switch
        {
            "name" => StackExchange.Redis.RedisResult.Create((StackExchange.Redis.RedisValue)"work"),
            "payload" => StackExchange.Redis.RedisResult.Create((StackExchange.Redis.RedisValue)""),
            _ => StackExchange.Redis.RedisResult.Create(StackExchange.Redis.RedisValue.Null),
        }).ToArray();

        var fields = JobHashCodec.ToDictionary(reply, JobHashCodec.RecordFields);

        Assert.Equal(new Dictionary<string, string> { ["name"] = "work", ["payload"] = "" }, fields);
    }

    /// <summary>An empty hash that remembers every field the decoder looked up.</summary>
    private sealed class RecordingFields : IReadOnlyDictionary<string, string>
    {
        public HashSet<string> Read { get; } = new(StringComparer.Ordinal);
        public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
        {
            Read.Add(key);
            value = null;
            return false;
        }
        public bool ContainsKey(string key) => TryGetValue(key, out _);
        public string this[string key] => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException(key);
        public IEnumerable<string> Keys => [];
        public IEnumerable<string> Values => [];
        public int Count => 0;
        public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => Enumerable.Empty<KeyValuePair<string, string>>().GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
