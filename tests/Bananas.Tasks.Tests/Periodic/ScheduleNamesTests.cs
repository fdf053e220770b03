namespace Bananas.Tasks.Tests.Periodic;

/// <summary>
/// The schedule-name grammar (<c>Shared/ScheduleNames.cs</c>) as compiled into the runtime: the whole message of each
/// fault, and the names derived for declarative periodic tasks (the generator links the same file; its tests run that copy).
/// </summary>
public class ScheduleNamesTests
{
    private const string Form = "1-100 characters of [A-Za-z0-9_.-]";

    [Theory]
    [InlineData("", "schedule name is empty; expected " + Form)]
    [InlineData(null, "schedule name is empty; expected " + Form)]
    [InlineData("nightly cleanup", "schedule name 'nightly cleanup' has the character ' ' at position 7; expected " + Form + " (the name is part of the Redis key <prefix>:cron:<name>)")]
    [InlineData("a:b", "schedule name 'a:b' has the character ':' at position 1; expected " + Form + " (the name is part of the Redis key <prefix>:cron:<name>)")]
    [InlineData("tab\there", "schedule name 'tab\there' has the character '\\u0009' at position 3; expected " + Form + " (the name is part of the Redis key <prefix>:cron:<name>)")]
    public void InvalidName_MessageSaysWhatAndWhere(string? name, string expected) => Assert.Equal(expected, ScheduleNames.Validate(name));

    [Fact]
    public void TooLongName_MessageGivesTheLength() =>
        Assert.Equal("schedule name '" + new string('a', 101) + "' is 101 characters long; expected " + Form, ScheduleNames.Validate(new string('a', 101)));

    [Theory]
    [InlineData("cleanup")]
    [InlineData("billing.monthly_report-v2")]
    [InlineData("A-Z_0.9")]
    public void ValidName_HasNoFault(string name)
    {
        Assert.Null(ScheduleNames.Validate(name));
        Assert.True(ScheduleNames.IsValid(name));
    }

    [Theory]
    [InlineData("cleanup", "cleanup")]
    [InlineData("reports:weekly", "reports_weekly-da928c43")]
    public void DerivedName_IsTheTaskNameOrAReplacementPlusHash(string taskName, string expected) => Assert.Equal(expected, ScheduleNames.For(taskName));

    [Theory]
    [InlineData("reports/weekly")]
    [InlineData("média")]
    [InlineData("a b c")]
    public void DerivedName_IsAlwaysValid(string taskName)
    {
        var name = ScheduleNames.For(taskName);
        Assert.Null(ScheduleNames.Validate(name));
        Assert.Matches("-[0-9a-f]{8}$", name);
    }

    [Fact]
    public void DerivedName_OfALongTaskName_IsCutToTheMaximum()
    {
        var name = ScheduleNames.For(new string(':', 150));
        Assert.Equal(ScheduleNames.MaxLength, name.Length);
        Assert.True(ScheduleNames.IsValid(name));
    }
}
