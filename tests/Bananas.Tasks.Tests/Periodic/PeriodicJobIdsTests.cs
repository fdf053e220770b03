using Bananas.Tasks.Periodic;

namespace Bananas.Tasks.Tests.Periodic;

public class PeriodicJobIdsTests
{
    [Fact]
    public void NameBasedUuid_MatchesTheRfcVersion5Vector()
    {
        // RFC 9562 appendix A.4: UUIDv5 of "www.example.com" in the DNS namespace.
        var dns = new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        Assert.Equal("2ed6657d-e927-568b-95e1-2665a8aea6a2", PeriodicJobIds.NameBasedUuid(dns, "www.example.com"));
    }

    [Fact]
    public void SameOccurrence_SameId_InAnyOffset()
    {
        var utc = new DateTimeOffset(2025, 3, 30, 1, 0, 0, TimeSpan.Zero);
        var berlin = utc.ToOffset(TimeSpan.FromHours(2));
        Assert.Equal(PeriodicJobIds.For("nightly", utc), PeriodicJobIds.For("nightly", berlin));
    }

    [Fact]
    public void Id_IsALowercaseVersion5Uuid_OfScheduleAndUnixSeconds()
    {
        var at = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var id = PeriodicJobIds.For("nightly", at).Value;
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", id);
        Assert.Equal(PeriodicJobIds.NameBasedUuid(PeriodicJobIds.Namespace, "nightly/1735689600"), id);
    }

    [Fact]
    public void DifferentOccurrencesOrSchedules_DifferentIds()
    {
        var at = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var ids = new HashSet<JobId>();
        for (int i = 0; i < 1000; i++) Assert.True(ids.Add(PeriodicJobIds.For("a", at.AddSeconds(i))));
        Assert.True(ids.Add(PeriodicJobIds.For("b", at)));
    }
}
