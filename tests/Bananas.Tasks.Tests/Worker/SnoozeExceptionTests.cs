namespace Bananas.Tasks.Tests.Worker;

public sealed class SnoozeExceptionTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(30)]
    [InlineData(365 * 24 * 3600)]
    public void Snooze_keeps_a_delay_from_zero_to_365_days(long seconds)
    {
        var snooze = new Snooze(TimeSpan.FromSeconds(seconds));
        Assert.Equal(TimeSpan.FromSeconds(seconds), snooze.Delay);
        Assert.Equal(Snooze.MaxDelay, TimeSpan.FromDays(365));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(365L * 24 * 3600 * 1000 + 1)]
    public void Snooze_refuses_a_negative_delay_or_one_past_365_days_naming_the_value_and_the_range(long ms)
    {
        var delay = TimeSpan.FromMilliseconds(ms);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Snooze(delay));
        Assert.Equal("delay", ex.ParamName);
        Assert.Equal(delay, ex.ActualValue);
        Assert.Contains(delay.ToString(), ex.Message);
        Assert.Contains("from 00:00:00 to 365.00:00:00", ex.Message);
    }
}
