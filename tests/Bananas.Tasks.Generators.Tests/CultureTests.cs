using System.Globalization;
using Bananas.Tasks.Generators.Tests.Infrastructure;

namespace Bananas.Tasks.Generators.Tests;

/// <summary>
/// Generated code is the same whatever culture the compiler runs in: every number the emitters write is formatted
/// invariantly. <c>InvariantGlobalization</c> is on repo-wide, so the hostile culture is built by hand from the
/// invariant one (another minus sign, decimal separator and native digits), which exists in every process.
/// </summary>
public sealed class CultureTests
{
    // Negative parameter defaults reach the generated literals as they are (a culture's minus sign or decimal separator
    // would show there), and the attribute's numbers reach the registration and the proxy's defaults. Attribute values
    // the analyzers reject (negative retries, say) make the generator skip the task (TaskShape), so they are valid here.
    private const string Source = """
        namespace Culture;

        public static class Jobs
        {
            [Bananas.Tasks.BananaTask(Route = "reports", Priority = Bananas.Tasks.Priority.Low, MaxRetries = 12, TimeoutSeconds = 1234567, Cron = "0 2 * * *")]
            public static Task Nightly(double ratio = -1.5, int count = -7, decimal amount = -2.25m) => Task.CompletedTask;

            [Bananas.Tasks.BananaTask(MaxRetries = 0, TimeoutSeconds = 90)]
            public static Task Plain(long big = -9000000000, float f = -0.5f) => Task.CompletedTask;
        }
        """;

    [Fact]
    public void GeneratedCode_UnderACultureWithOtherDigitsAndSeparators_EqualsTheInvariantOutput()
    {
        var invariant = Generate(CultureInfo.InvariantCulture);
        // The test sees negative and fractional numbers and the attribute's numbers, so it can fail.
        Assert.Contains("MaxRetries = 12", invariant[RegistrationHint]);
        Assert.Contains(invariant.Values, text => text.Contains("-1.5", StringComparison.Ordinal));
        Assert.Contains(invariant.Values, text => text.Contains("-9000000000", StringComparison.Ordinal));

        var hostile = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        hostile.NumberFormat.NegativeSign = "\u2212";            // U+2212 MINUS SIGN
        hostile.NumberFormat.NumberDecimalSeparator = ",";
        hostile.NumberFormat.NumberGroupSeparator = ".";
        hostile.NumberFormat.NativeDigits = ["٠", "١", "٢", "٣", "٤", "٥", "٦", "٧", "٨", "٩"];
        Assert.NotEqual((-2).ToString(CultureInfo.InvariantCulture), (-2).ToString(hostile)); // the culture really differs

        var underHostile = Generate(hostile);
        Assert.Equal(invariant.Keys.Order(StringComparer.Ordinal), underHostile.Keys.Order(StringComparer.Ordinal));
        var differing = invariant.Where(kv => kv.Value != underHostile[kv.Key])
            .Select(kv => kv.Key + ": " + FirstDifference(kv.Value, underHostile[kv.Key])).ToList();
        Assert.True(differing.Count == 0, "culture-dependent output in:\n" + string.Join("\n", differing));
    }

    private static string FirstDifference(string expected, string actual)
    {
        int i = 0;
        while (i < expected.Length && i < actual.Length && expected[i] == actual[i]) i++;
        int lineStart = expected.LastIndexOf('\n', Math.Max(0, i - 1)) + 1;
        string Line(string s) { int end = s.IndexOf('\n', lineStart); return s[lineStart..(end < 0 ? s.Length : end)].Trim(); }
        return "expected `" + Line(expected) + "`, got `" + Line(actual) + "`";
    }

    private const string RegistrationHint = "BananasTasks.Registration.g.cs";

    private static Dictionary<string, string> Generate(CultureInfo culture)
    {
        var (culture0, ui0) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            var (_, result, _) = TestCompiler.Run(TestCompiler.Compile("Culture", Source), TestCompiler.CreateDriver(withJsonGenerator: false));
            return result.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        }
        finally
        {
            CultureInfo.CurrentCulture = culture0;
            CultureInfo.CurrentUICulture = ui0;
        }
    }
}
