extern alias BananasGenerator;

using Bananas.Tasks.Periodic;

namespace Bananas.Tasks.Generators.Tests;

using ScheduleNames = BananasGenerator::Bananas.Tasks.ScheduleNames;

/// <summary>
/// The schedule name a declarative periodic task gets: its task name when valid, else a stable derived one the runtime
/// accepts. These run the copy of <c>Shared/ScheduleNames.cs</c> linked into the generator; the runtime's own tests
/// (<c>Bananas.Tasks.Tests/Periodic/ScheduleNamesTests</c>) run the compiled-in one.
/// </summary>
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

/// <summary>The generator's linked copy of the grammar and the runtime's compiled-in one judge names alike, in the same words.</summary>
public class ScheduleNameGrammarAgreementTests
{
    [Theory]
    [InlineData("cleanup")]
    [InlineData("billing.monthly_report-v2")]
    [InlineData("")]
    [InlineData("nightly cleanup")]
    [InlineData("a:b")]
    [InlineData("tab\there")]
    [InlineData("média")]
    public void GeneratorVerdict_IsTheRuntimes(string name)
    {
        var generatorError = ScheduleNames.Validate(name);
        var runtimeError = Record.Exception(() => new PeriodicTaskDefinition(name, "* * * * *", "t"));
        if (generatorError is null)
        {
            Assert.Null(runtimeError);
        }
        else
        {
            Assert.Equal($"Invalid periodic task: {generatorError}. (Parameter 'scheduleName')", Assert.IsType<ArgumentException>(runtimeError).Message);
        }
    }

    [Fact]
    public void TooLongName_VerdictIsTheRuntimes()
    {
        var name = new string('x', ScheduleNames.MaxLength + 1);
        var runtime = Assert.Throws<ArgumentException>(() => new PeriodicTaskDefinition(name, "* * * * *", "t"));
        Assert.Equal($"Invalid periodic task: {ScheduleNames.Validate(name)}. (Parameter 'scheduleName')", runtime.Message);
        _ = new PeriodicTaskDefinition(name[..ScheduleNames.MaxLength], "* * * * *", "t");
    }
}
