using Bananas.Tasks.Periodic;

namespace Bananas.Tasks.Tests.Periodic;

public class PeriodicTaskDefinitionTests
{
    private static readonly DateTimeOffset Jan1 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void FiveFields_AreMinuteBased()
    {
        var d = new PeriodicTaskDefinition("nightly-cleanup", "0 2 * * *", "cleanup");
        Assert.False(d.IncludesSeconds);
        Assert.Equal(TimeZoneInfo.Utc, d.TimeZone);
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 2, 0, 0, TimeSpan.Zero), d.GetNextOccurrence(Jan1));
        Assert.Equal("{}", d.PayloadJson);
        Assert.Equal(RoutingKey.Default, d.Route);
        Assert.Equal(Priority.Normal, d.Priority);
        Assert.Equal(MissedOccurrencePolicy.Skip, d.MissedOccurrences);
        Assert.Equal(TimeSpan.FromMinutes(1), d.MisfireThreshold);
        Assert.False(d.PreventOverlap);
    }

    [Fact]
    public void SixFields_AreSecondBased()
    {
        var d = new PeriodicTaskDefinition("tick", "*/10 * * * * *", "tick");
        Assert.True(d.IncludesSeconds);
        Assert.Equal(
            [Jan1, Jan1.AddSeconds(10), Jan1.AddSeconds(20)],
            d.GetOccurrences(Jan1, Jan1.AddSeconds(30)).ToArray());
    }

    [Fact]
    public void ExtraWhitespace_IsAccepted()
    {
        var d = new PeriodicTaskDefinition("tick", "  0   2 * *  * ", "tick");
        Assert.Equal("0   2 * *  *", d.Cron);
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 2, 0, 0, TimeSpan.Zero), d.GetNextOccurrence(Jan1));
    }

    [Fact]
    public void Macro_IsAccepted()
    {
        var d = new PeriodicTaskDefinition("daily", "@daily", "tick");
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 0, 0, 0, TimeSpan.Zero), d.GetNextOccurrence(Jan1));
    }

    /// <summary>The forms the scheduler accepts, as every cron message ends (CronRules.AcceptedForms, shared with BNT100).</summary>
    private const string Accepted = "expected 5 fields 'minute hour day-of-month month day-of-week' (e.g. '0 2 * * *'), 6 fields with seconds first (e.g. '*/10 * * * * *'), or a macro such as '@daily'";

    [Theory]
    [InlineData("* * * *", "4 fields")]
    [InlineData("* * * * * * *", "7 fields")]
    [InlineData("every minute", "2 fields")]
    public void WrongFieldCount_IsRejected_NamingExpressionAndCount(string cron, string count)
    {
        var ex = Assert.Throws<ArgumentException>(() => new PeriodicTaskDefinition("s", cron, "t"));
        Assert.Equal($"Invalid cron expression '{cron}' for periodic schedule 's': it has {count}; {Accepted}. (Parameter 'cron')", ex.Message);
    }

    [Fact]
    public void InvalidField_IsRejected_WithCronosMessage()
    {
        var ex = Assert.Throws<ArgumentException>(() => new PeriodicTaskDefinition("nightly", "61 * * * *", "t"));
        Assert.Contains("'61 * * * *'", ex.Message);
        Assert.Contains("nightly", ex.Message);
        Assert.Contains("Minutes: Value must be a number between 0 and 59", ex.Message);
        Assert.IsType<Cronos.CronFormatException>(ex.InnerException);
    }

    [Fact]
    public void SixFieldsWithBadSeconds_IsRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new PeriodicTaskDefinition("s", "75 * * * * *", "t"));
        Assert.Contains("Seconds", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void EmptyCron_IsRejected(string cron)
    {
        var ex = Assert.Throws<ArgumentException>(() => new PeriodicTaskDefinition("s", cron, "t"));
        Assert.Equal($"Invalid cron expression '{cron}' for periodic schedule 's': it is empty; {Accepted}. (Parameter 'cron')", ex.Message);
    }

    [Fact]
    public void CronThatNeverOccurs_IsRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new PeriodicTaskDefinition("s", "0 0 30 2 *", "t"));
        Assert.Equal("Invalid cron expression '0 0 30 2 *' for periodic schedule 's': it never occurs (e.g. February 30); fix the day-of-month and month fields. (Parameter 'cron')", ex.Message);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("nightly cleanup", "' ' at position 7")]
    [InlineData("a{b}", "'{' at position 1")]
    [InlineData("a:b", "':' at position 1")]
    public void InvalidScheduleName_IsRejected(string name, string expected)
    {
        var ex = Assert.Throws<ArgumentException>(() => new PeriodicTaskDefinition(name, "* * * * *", "t"));
        Assert.Contains(expected, ex.Message);
        Assert.Contains("[A-Za-z0-9_.-]", ex.Message);
    }

    [Fact]
    public void TooLongScheduleName_IsRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new PeriodicTaskDefinition(new string('a', 101), "* * * * *", "t"));
        Assert.Contains("101 characters long", ex.Message);
    }

    [Fact]
    public void ScheduleNameWithDotsAndUnderscores_IsAccepted() =>
        Assert.Equal("billing.monthly_report-v2", new PeriodicTaskDefinition("billing.monthly_report-v2", "* * * * *", "t").ScheduleName);

    [Fact]
    public void InvalidTaskName_IsRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => new PeriodicTaskDefinition("s", "* * * * *", "bad name"));
        Assert.Contains("'s'", ex.Message);
        Assert.Contains("task name 'bad name'", ex.Message);
    }

    /// <summary>
    /// The success path of time-zone resolution, with no branch that can skip it: these ids come from the tz database
    /// (/usr/share/zoneinfo on Linux), which .NET reads without ICU, so they resolve under the repo-wide
    /// InvariantGlobalization. January and July differ where the zone has daylight saving time, which proves the
    /// zone's rules were read, not just its name.
    /// </summary>
    [Theory]
    [InlineData("UTC", 2, 2)]
    [InlineData("Europe/Berlin", 1, 0)]      // UTC+1 in winter, UTC+2 in summer
    [InlineData("America/New_York", 7, 6)]   // UTC-5 in winter, UTC-4 in summer
    [InlineData("Etc/GMT-1", 1, 1)]          // a fixed UTC+1 (POSIX sign)
    public void TimeZone_IsResolved_AndItsRulesApply(string id, int januaryUtcHour, int julyUtcHour)
    {
        var d = new PeriodicTaskDefinition("s", "0 2 * * *", "t", options: new PeriodicTaskOptions { TimeZone = id });
        Assert.Equal(id, d.TimeZone.Id);
        Assert.Equal(new DateTimeOffset(2025, 1, 1, januaryUtcHour, 0, 0, TimeSpan.Zero), d.GetNextOccurrence(Jan1));
        var lateJune30 = new DateTimeOffset(2025, 6, 30, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2025, 7, 1, julyUtcHour, 0, 0, TimeSpan.Zero), d.GetNextOccurrence(lateJune30));
        Assert.Equal($"s: '0 2 * * *' ({id}) -> t", d.ToString());
    }

    [Fact]
    public void UnknownTimeZone_IsRejected_NamingItAndTheAcceptedForms()
    {
        var ex = Assert.Throws<ArgumentException>(() => new PeriodicTaskDefinition("s", "0 2 * * *", "t", options: new PeriodicTaskOptions { TimeZone = "Mars/Olympus_Mons" }));
        Assert.Contains("Unknown time zone 'Mars/Olympus_Mons'", ex.Message);
        Assert.Contains("'s'", ex.Message);
        Assert.Contains("IANA id such as 'Europe/Berlin'", ex.Message);
        Assert.Contains("Windows id", ex.Message);
    }

    [Fact]
    public void WindowsTimeZone_FailsClearly_UnderInvariantGlobalization()
    {
        // The premise, asserted rather than branched on: this test project runs with InvariantGlobalization
        // (Directory.Build.props), so on Linux there is no ICU to map a Windows id to an IANA one. The success path
        // of resolution is TimeZone_IsResolved_AndItsRulesApply, which always runs.
        Assert.True(AppContext.TryGetSwitch("System.Globalization.Invariant", out var invariant) && invariant,
            "This test pins the InvariantGlobalization behaviour; the test project must run with InvariantGlobalization=true.");
        Assert.True(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "Windows resolves Windows ids without ICU; this test pins Linux and macOS.");
        var ex = Assert.Throws<ArgumentException>(() => new PeriodicTaskDefinition("s", "0 2 * * *", "t", options: new PeriodicTaskOptions { TimeZone = "W. Europe Standard Time" }));
        // The lookup's own words stay in the inner exception; the message is one sentence, with no "(Parameter 'id')":
        // id is not a parameter of the public API.
        Assert.IsType<TimeZoneNotFoundException>(ex.InnerException);
        Assert.Null(ex.ParamName);
        Assert.Equal(
            "Unknown time zone 'W. Europe Standard Time' for periodic schedule 's': expected an IANA id such as 'Europe/Berlin' or 'America/New_York', or a Windows id such as 'W. Europe Standard Time' " +
            "(Windows ids on Linux and macOS need ICU, so they fail when InvariantGlobalization is on; IANA ids work everywhere the tz database is installed).",
            ex.Message);
    }

    [Theory]
    [InlineData("[1,2]", "must be a JSON object")]
    [InlineData("42", "must be a JSON object")]
    [InlineData("{\"a\":", "not valid JSON")]
    [InlineData("{} {}", "invalid after a single JSON value")]
    public void BadPayload_IsRejected(string payload, string expected)
    {
        var ex = Assert.Throws<ArgumentException>(() => new PeriodicTaskDefinition("s", "* * * * *", "t", payload));
        Assert.Contains(expected, ex.Message);
        Assert.Contains("'s'", ex.Message);
    }

    [Fact]
    public void Options_AreCarried()
    {
        var d = new PeriodicTaskDefinition("s", "* * * * *", "t", "{\"days\":30}", new PeriodicTaskOptions
        {
            Route = "maintenance",
            Priority = Priority.Low,
            MaxRetries = 0,
            Timeout = TimeSpan.FromMinutes(10),
            Description = "cleanup",
            MissedOccurrences = MissedOccurrencePolicy.FireOnce,
            MisfireThreshold = TimeSpan.FromSeconds(5),
            PreventOverlap = true,
        });
        Assert.Equal("maintenance", d.Route.Value);
        Assert.Equal(Priority.Low, d.Priority);
        Assert.Equal(0, d.MaxRetries);
        Assert.Equal(TimeSpan.FromMinutes(10), d.Timeout);
        Assert.Equal("cleanup", d.Description);
        Assert.Equal(MissedOccurrencePolicy.FireOnce, d.MissedOccurrences);
        Assert.Equal(TimeSpan.FromSeconds(5), d.MisfireThreshold);
        Assert.True(d.PreventOverlap);
        Assert.Equal("{\"days\":30}", d.PayloadJson);
    }

    [Fact]
    public void BadOptions_AreRejected()
    {
        Assert.Contains("routing key 'a b'", Assert.Throws<ArgumentException>(() => Make(o => o.Route = "a b")).Message);
        Assert.Contains("priority 7", Assert.Throws<ArgumentException>(() => Make(o => o.Priority = (Priority)7)).Message);
        Assert.Contains("MaxRetries is -1", Assert.Throws<ArgumentException>(() => Make(o => o.MaxRetries = -1)).Message);
        Assert.Contains("Timeout is 00:00:00", Assert.Throws<ArgumentException>(() => Make(o => o.Timeout = TimeSpan.Zero)).Message);
        Assert.Contains("MissedOccurrences is 9", Assert.Throws<ArgumentException>(() => Make(o => o.MissedOccurrences = (MissedOccurrencePolicy)9)).Message);
        Assert.Contains("MisfireThreshold is -00:00:01", Assert.Throws<ArgumentException>(() => Make(o => o.MisfireThreshold = TimeSpan.FromSeconds(-1))).Message);

        static PeriodicTaskDefinition Make(Action<PeriodicTaskOptions> configure)
        {
            var options = new PeriodicTaskOptions();
            configure(options);
            return new PeriodicTaskDefinition("s", "* * * * *", "t", "{}", options);
        }
    }
}
