using System.Text.RegularExpressions;

namespace Bananas.Tasks.Cli;

internal static partial class Messages
{
    /// <summary>An exception's message as one line ending in a period, without .NET's " (Parameter 'x')" suffix.</summary>
    public static string Sentence(Exception ex) => Sentence(ex.Message);

    /// <summary>Text as one line ending in a period.</summary>
    public static string Sentence(string text)
    {
        text = ParameterSuffix().Replace(text, "");
        text = ActualValueSuffix().Replace(text, "");
        text = Whitespace().Replace(text, " ").Trim();
        if (text.Length == 0) return "Failed.";
        return text[^1] is '.' or '!' or '?' ? text : text + ".";
    }

    [GeneratedRegex(@"\s*\(Parameter '[^']*'\)")]
    private static partial Regex ParameterSuffix();

    [GeneratedRegex(@"\s*Actual value was [^\r\n]*")]
    private static partial Regex ActualValueSuffix();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

internal static partial class Messages
{
    /// <summary>Any URL password (<c>://user:pw@</c>) or configuration-string password (<c>password=pw</c>) replaced by <c>***</c>.</summary>
    public static string Redact(string text)
    {
        text = UrlPassword().Replace(text, "$1***@");
        text = UrlUserInfo().Replace(text, "$1***@");
        return ConfigPassword().Replace(text, "$1***");
    }

    [GeneratedRegex(@"(://[^\s:/@]*:)[^\s@]+@")]
    private static partial Regex UrlPassword();

    [GeneratedRegex(@"(://)[^\s:/@*]+@")]
    private static partial Regex UrlUserInfo();

    [GeneratedRegex(@"(password\s*=\s*)[^,\s]+", RegexOptions.IgnoreCase)]
    private static partial Regex ConfigPassword();
}
