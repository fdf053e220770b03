using System.Globalization;
using StackExchange.Redis;

namespace Bananas.Tasks.Redis;

/// <summary>Turns a <c>REDIS_URL</c> value into StackExchange.Redis <see cref="ConfigurationOptions"/>.</summary>
public static class RedisConnectionString
{
    /// <summary>The accepted forms, for error messages.</summary>
    public const string AcceptedForms =
        "redis://[user][:password]@host[:port][/db], rediss://… (TLS), or a StackExchange.Redis configuration string such as 'localhost:6379,password=secret'";

    /// <summary>
    /// Parses <c>redis://[user][:password]@host[:port][/db]</c>, <c>rediss://…</c> (TLS, server certificate validated)
    /// or a StackExchange.Redis configuration string (<c>host:port,password=…</c>). The port defaults to 6379, the
    /// database to 0; user and password may be percent-encoded. <see cref="ConfigurationOptions.AbortOnConnectFail"/>
    /// is false, so a process started while Redis is down keeps reconnecting instead of failing.
    /// </summary>
    /// <exception cref="ArgumentException">The value is empty or in none of the accepted forms; the message names it (without its password).</exception>
    public static ConfigurationOptions Parse(string redisUrl)
    {
        if (string.IsNullOrWhiteSpace(redisUrl))
            throw new ArgumentException($"REDIS_URL is empty; expected {AcceptedForms}.", nameof(redisUrl));
        var text = redisUrl.Trim();
        var options = text.Contains("://", StringComparison.Ordinal) ? ParseUrl(text) : ParseConfiguration(text);
        options.AbortOnConnectFail = false;
        return options;
    }

    private static ConfigurationOptions ParseUrl(string text)
    {
        var scheme = text[..text.IndexOf("://", StringComparison.Ordinal)];
        bool tls = scheme.Equals("rediss", StringComparison.OrdinalIgnoreCase);
        if (!tls && !scheme.Equals("redis", StringComparison.OrdinalIgnoreCase))
            throw Invalid(text, $"the scheme '{scheme}' is not redis or rediss");
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri))
            throw Invalid(text, "it is not a well-formed URL");
        if (string.IsNullOrEmpty(uri.Host))
            throw Invalid(text, "it has no host");
        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            throw Invalid(text, "query strings and fragments are not supported; put options in a configuration string instead");

        var options = new ConfigurationOptions();
        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.Host;
        options.EndPoints.Add(host, uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port);

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':');
            var user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            var password = colon < 0 ? null : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            if (user.Length > 0) options.User = user;
            if (!string.IsNullOrEmpty(password)) options.Password = password;
        }

        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0)
        {
            if (!int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out var db))
                throw Invalid(text, $"the database '{path}' is not a non-negative integer");
            options.DefaultDatabase = db;
        }

        if (tls)
        {
            options.Ssl = true;
            options.SslHost = host;
        }
        return options;
    }

    private static ConfigurationOptions ParseConfiguration(string text)
    {
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(text);
        }
        catch (ArgumentException ex)
        {
            throw Invalid(text, ex.Message, ex);
        }
        if (options.EndPoints.Count == 0)
            throw Invalid(text, "it names no host");
        foreach (var endpoint in options.EndPoints)
        {
            if (endpoint is System.Net.DnsEndPoint dns && (dns.Host.Length == 0 || dns.Host.Any(char.IsWhiteSpace)))
                throw Invalid(text, $"the host '{dns.Host}' is not a host name");
        }
        return options;
    }

    private static ArgumentException Invalid(string text, string reason, Exception? inner = null) =>
        new($"REDIS_URL '{Redact(text)}' is not usable: {reason}. Expected {AcceptedForms}.", "redisUrl", inner);

    /// <summary>The value with any password replaced by <c>***</c>, safe to log.</summary>
    public static string Redact(string value)
    {
        if (string.IsNullOrEmpty(value)) return value;
        var scheme = value.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            var at = value.LastIndexOf('@');
            var start = scheme + 3;
            if (at > start)
            {
                var userInfo = value[start..at];
                var colon = userInfo.IndexOf(':');
                var redacted = colon < 0 ? "***" : userInfo[..(colon + 1)] + "***";
                return value[..start] + redacted + value[at..];
            }
            return value;
        }
        var parts = value.Split(',');
        for (int i = 0; i < parts.Length; i++)
        {
            var eq = parts[i].IndexOf('=');
            if (eq > 0 && parts[i][..eq].Trim().Equals("password", StringComparison.OrdinalIgnoreCase))
                parts[i] = parts[i][..(eq + 1)] + "***";
        }
        return string.Join(',', parts);
    }
}
