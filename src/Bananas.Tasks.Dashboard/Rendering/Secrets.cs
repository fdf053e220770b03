using System.Text.RegularExpressions;

namespace Bananas.Tasks.Dashboard.Rendering;

/// <summary>
/// Removes credentials from texts the dashboard shows that it did not write (exception messages of the Redis client):
/// <c>password=…</c> in a configuration string and <c>user:password@</c> in a URL.
/// </summary>
internal static partial class Secrets
{
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        text = PasswordSetting().Replace(text, "${key}=***");
        return UrlCredentials().Replace(text, "${scheme}://***@");
    }

    [GeneratedRegex(@"(?<key>password|pwd|user|username)\s*=\s*[^,;\s]*", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordSetting();

    [GeneratedRegex(@"(?<scheme>rediss?)://[^@/\s]*@", RegexOptions.IgnoreCase)]
    private static partial Regex UrlCredentials();
}
