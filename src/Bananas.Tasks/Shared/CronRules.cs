// The cron-expression rule the runtime (PeriodicTaskDefinition) and the analyzer (BNT100) both apply.
// This ONE file is compiled into Bananas.Tasks and linked into Bananas.Tasks.Analyzers, which ships Cronos.dll
// beside itself, so an expression that builds clean is one the scheduler accepts, with the same words for the fault.
// It must compile under netstandard2.0 / C# latest with Cronos as its only dependency.
#nullable enable
using System;
using Cronos;

namespace Bananas.Tasks
{
    /// <summary>Parses a cron expression the way the periodic scheduler does, and says what is wrong with one it rejects.</summary>
    internal static class CronRules
    {
        /// <summary>The forms accepted, which every fault names.</summary>
        public const string AcceptedForms =
            "expected 5 fields 'minute hour day-of-month month day-of-week' (e.g. '0 2 * * *'), 6 fields with seconds first (e.g. '*/10 * * * * *'), or a macro such as '@daily'";

        /// <summary>The fault of an expression that parses but has no occurrence.</summary>
        public const string NeverOccurs = "it never occurs (e.g. February 30); fix the day-of-month and month fields";

        /// <summary>
        /// Parses <paramref name="expression"/>: 5 fields (minute hour day-of-month month day-of-week), 6 fields (second
        /// first), or a Cronos macro such as <c>@daily</c>; fields may be separated by any whitespace. Returns null with
        /// <paramref name="fault"/> (a clause such as <c>it has 7 fields; expected …</c>, to follow "expression 'x' is
        /// invalid: ") and, when Cronos rejected it, <paramref name="cronosError"/>. An expression with no occurrence
        /// (February 30) is rejected too: the scheduler could never fire it.
        /// </summary>
        public static CronExpression? Parse(string? expression, out bool includesSeconds, out string? fault, out CronFormatException? cronosError)
        {
            includesSeconds = false;
            cronosError = null;
            if (expression is null || expression.Trim().Length == 0)
            {
                fault = "it is empty; " + AcceptedForms;
                return null;
            }
            var fields = expression.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            includesSeconds = fields.Length == 6;
            if (!(fields.Length is 5 or 6 || (fields.Length == 1 && fields[0].StartsWith("@", StringComparison.Ordinal))))
            {
                fault = "it has " + (fields.Length == 1 ? "1 field" : fields.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + " fields") + "; " + AcceptedForms;
                return null;
            }
            CronExpression parsed;
            try
            {
                parsed = CronExpression.Parse(string.Join(" ", fields), includesSeconds ? CronFormat.IncludeSeconds : CronFormat.Standard);
            }
            catch (CronFormatException ex)
            {
                cronosError = ex;
                fault = ex.Message + " (" + AcceptedForms + ")";
                return null;
            }
            if (parsed.GetNextOccurrence(new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc), inclusive: true) is null)
            {
                fault = NeverOccurs;
                return null;
            }
            fault = null;
            return parsed;
        }
    }
}
