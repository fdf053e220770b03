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
}
