// The time-zone lookup the runtime (PeriodicTaskDefinition), the analyzer (BNT101) and the source generator (which
// emits no task whose TimeZone BNT101 reports) all apply. This ONE file is compiled into Bananas.Tasks and linked into
// Bananas.Tasks.Analyzers and Bananas.Tasks.Generators. It must compile under netstandard2.0 / C# latest without any dependency.
#nullable enable
using System;
using System.Runtime.InteropServices;

namespace Bananas.Tasks
{
    /// <summary>Resolves the time zone of a periodic schedule, and judges a declared one at compile time.</summary>
    internal static class TimeZoneRules
    {
        /// <summary>The forms accepted, which the runtime's fault names (a clause, to follow a colon).</summary>
        public const string AcceptedForms =
            "expected an IANA id such as 'Europe/Berlin' or 'America/New_York', or a Windows id such as 'W. Europe Standard Time' " +
            "(Windows ids on Linux and macOS need ICU, so they fail when InvariantGlobalization is on; IANA ids work everywhere the tz database is installed)";

        /// <summary>
        /// The zone <paramref name="id"/> names on this machine (IANA or Windows id, as <see cref="TimeZoneInfo.FindSystemTimeZoneById"/>
        /// resolves it), or null with the lookup's <paramref name="error"/>. A blank id names no zone.
        /// </summary>
        public static TimeZoneInfo? Find(string id, out Exception? error)
        {
            error = null;
            if (id.Trim().Length == 0)
            {
                error = new TimeZoneNotFoundException("The time zone id is blank.");
                return null;
            }
            try
            {
                return TimeZoneInfo.FindSystemTimeZoneById(id);
            }
            catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                error = ex;
                return null;
            }
        }

        /// <summary>
        /// Compile time (BNT101, and the generator's skip): true when <paramref name="id"/>, written as <c>TimeZone</c>
        /// of <c>[BananaTask]</c>, resolves here as the scheduler will resolve it. A blank one is unknown (leave
        /// <c>TimeZone</c> out for UTC). On a .NET Framework compiler host (Visual Studio), which knows only Windows ids, an
        /// IANA-shaped id cannot be judged and is given the benefit of the doubt rather than a false error: the
        /// scheduler runs on .NET, where it may well resolve, and it still checks at start-up.
        /// </summary>
        public static bool IsKnownAtCompileTime(string id)
        {
            if (Find(id, out var error) is not null) return true;
            return error is TimeZoneNotFoundException && IsNetFrameworkHost && id.IndexOf('/') > 0;
        }

        private static bool IsNetFrameworkHost =>
            RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);
    }
}
