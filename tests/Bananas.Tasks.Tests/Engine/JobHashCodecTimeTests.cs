using System.Globalization;
using Bananas.Tasks.Redis;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>The digit-by-digit timestamp writer and reader give exactly what the general .NET formatter and parser give.</summary>
public sealed class JobHashCodecTimeTests
{
    public static TheoryData<string> Times => new()
    {
        "2026-11-25T02:14:07.1234567+00:00", "0001-01-01T00:00:00.0000000+00:00", "9999-12-31T23:59:59.9999999+00:00",
        "2024-02-29T12:00:00.0000001+00:00", "2026-11-25T03:14:07.5000000+01:00",
    };

    [Theory]
    [MemberData(nameof(Times))]
    public void Format_writes_what_the_timestamp_format_writes_and_parse_reads_it_back(string roundTrip)
    {
        var time = DateTimeOffset.Parse(roundTrip, CultureInfo.InvariantCulture);

        var text = JobHashCodec.FormatTime(time);

        Assert.Equal(time.UtcDateTime.ToString(JobHashCodec.TimestampFormat, CultureInfo.InvariantCulture), text);
        Assert.True(JobHashCodec.TryParseTime(text, out var parsed));
        Assert.Equal(time.UtcTicks, parsed.UtcTicks);
        Assert.Equal(TimeSpan.Zero, parsed.Offset);
    }

    [Fact]
    public void Random_times_round_trip()
    {
        var random = new Random(7);
        for (int i = 0; i < 2_000; i++)
        {
            var time = new DateTimeOffset(random.NextInt64(DateTime.MinValue.Ticks, DateTime.MaxValue.Ticks), TimeSpan.Zero);
            Assert.True(JobHashCodec.TryParseTime(JobHashCodec.FormatTime(time), out var parsed));
            Assert.Equal(time, parsed);
        }
    }

    [Theory]
    [InlineData("2026-02-29T00:00:00.0000000Z")] // no such day
    [InlineData("2026-13-01T00:00:00.0000000Z")]
    [InlineData("2026-11-25T24:00:00.0000000Z")]
    [InlineData("2026-11-25T02:14:07.12x4567Z")]
    [InlineData("2026-11-25T02:14:07.1234567")] // no offset
    [InlineData("yesterday")]
    public void Text_the_general_parser_refuses_is_refused(string text)
    {
        Assert.False(JobHashCodec.TryParseTime(text, out _));
    }

    [Theory]
    [InlineData("2026-11-25T02:14:07Z")]
    [InlineData("2026-11-25T02:14:07.1234567z")]
    [InlineData("2026-11-25T03:14:07.1234567+01:00")]
    public void Other_rfc3339_forms_still_parse(string text)
    {
        Assert.True(JobHashCodec.TryParseTime(text, out var parsed));
        Assert.Equal(DateTimeOffset.Parse(text, CultureInfo.InvariantCulture).UtcTicks, parsed.UtcTicks);
    }
}
