extern alias BananasGenerator;

using BananasGenerator::Bananas.Tasks.Generators.Parsing;
using Bananas.Tasks.Periodic;

namespace Bananas.Tasks.Generators.Tests;

/// <summary>The schedule name a declarative periodic task gets: its task name when valid, else a stable derived one the runtime accepts.</summary>
public class ScheduleNameTests
{
    [Theory]
    [InlineData("cleanup")]
    [InlineData("reports.weekly-v2_A")]
    public void ValidTaskName_IsTheScheduleName(string taskName) => Assert.Equal(taskName, ScheduleNames.For(taskName));

    [Theory]
    [InlineData("reports:weekly", "reports_weekly-da928c43")]
    [InlineData("reports/weekly", "reports_weekly-")]
    [InlineData("média", "m_dia-")]
    public void OtherCharacters_BecomeUnderscores_PlusAHashOfTheTaskName(string taskName, string expectedStart)
    {
        var name = ScheduleNames.For(taskName);
        Assert.StartsWith(expectedStart, name);
        Assert.Matches("-[0-9a-f]{8}$", name);
        Assert.Equal(name, ScheduleNames.For(taskName)); // stable
        _ = new PeriodicTaskDefinition(name, "* * * * *", "t"); // the runtime accepts it
    }

    [Fact]
    public void TaskNames_DifferingOnlyInReplacedCharacters_GetDistinctScheduleNames() =>
        Assert.NotEqual(ScheduleNames.For("reports:weekly"), ScheduleNames.For("reports/weekly"));

    [Fact]
    public void LongTaskName_IsCutTo100Characters()
    {
        var taskName = new string('a', 150);
        var name = ScheduleNames.For(taskName);
        Assert.Equal(100, name.Length);
        Assert.StartsWith(new string('a', 91) + "-", name);
        Assert.NotEqual(name, ScheduleNames.For(new string('a', 151)));
        _ = new PeriodicTaskDefinition(name, "* * * * *", "t");
    }
}
