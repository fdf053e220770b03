using System.Globalization;
using StackExchange.Redis;

namespace Bananas.Tasks.Redis;

/// <summary>Turns a <c>REDIS_URL</c> value into StackExchange.Redis <see cref="ConfigurationOptions"/>.</summary>
public static class RedisConnectionString
{
    /// <summary>The accepted forms, for error messages.</summary>
    public const string AcceptedForms =
        "redis://[user][:password]@host[:port][/db], rediss://… (TLS), redis-sentinel://[user][:password]@host[:port][,host[:port]…]/service[/db] (Sentinel; port 26379 by default), or a StackExchange.Redis configuration string such as 'localhost:6379,password=secret' (with serviceName=… for Sentinel)";

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
        if (scheme.Equals("redis-sentinel", StringComparison.OrdinalIgnoreCase) || scheme.Equals("rediss-sentinel", StringComparison.OrdinalIgnoreCase))
            return ParseSentinelUrl(text, scheme);
        bool tls = scheme.Equals("rediss", StringComparison.OrdinalIgnoreCase);
        if (!tls && !scheme.Equals("redis", StringComparison.OrdinalIgnoreCase))
            throw Invalid(text, $"the scheme '{scheme}' is not redis, rediss, redis-sentinel or rediss-sentinel");
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

    /// <summary>
    /// <c>redis-sentinel://[user][:password]@host[:port][,host[:port]…]/service[/db]</c>: the sentinels to ask (port 26379
    /// by default) and the name of the monitored master (<see cref="ConfigurationOptions.ServiceName"/>); user and password
    /// are the master's. StackExchange.Redis asks the sentinels for the master and follows a failover by itself.
    /// <c>rediss-sentinel://</c> is the same over TLS.
    /// </summary>
    private static ConfigurationOptions ParseSentinelUrl(string text, string scheme)
    {
        var rest = text[(scheme.Length + 3)..];
        var options = new ConfigurationOptions();
        var at = rest.LastIndexOf('@');
        var slashSearchFrom = at < 0 ? 0 : at + 1;
        var slash = rest.IndexOf('/', slashSearchFrom);
        if (slash < 0) throw Invalid(text, "it names no service: add the monitored master's name after the hosts, e.g. redis-sentinel://sentinel-1:26379,sentinel-2:26379/mymaster");
        if (rest.Contains('?') || rest.Contains('#')) throw Invalid(text, "query strings and fragments are not supported; put options in a configuration string instead");
        if (at >= 0)
        {
            var userInfo = rest[..at];
            var colon = userInfo.IndexOf(':');
            var user = Uri.UnescapeDataString(colon < 0 ? userInfo : userInfo[..colon]);
            var password = colon < 0 ? null : Uri.UnescapeDataString(userInfo[(colon + 1)..]);
            if (user.Length > 0) options.User = user;
            if (!string.IsNullOrEmpty(password)) options.Password = password;
        }
        var hosts = rest[slashSearchFrom..slash];
        if (hosts.Length == 0) throw Invalid(text, "it names no sentinel host");
        foreach (var part in hosts.Split(','))
        {
            var hostPort = part.Trim();
            if (hostPort.Length == 0) throw Invalid(text, "it has an empty sentinel host between commas");
            var host = hostPort;
            var port = 26379;
            var bracket = hostPort.StartsWith('[') ? hostPort.IndexOf(']') : -1;
            var colon = hostPort.LastIndexOf(':');
            if (colon > bracket && colon >= 0)
            {
                host = hostPort[..colon];
                if (!int.TryParse(hostPort[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
                    throw Invalid(text, $"the port of sentinel '{hostPort}' is not a number from 1 to 65535");
            }
            host = host.Trim('[', ']');
            if (host.Length == 0 || host.Any(char.IsWhiteSpace)) throw Invalid(text, $"the sentinel host '{hostPort}' is not a host name");
            options.EndPoints.Add(host, port);
        }
        var path = rest[(slash + 1)..].Trim('/').Split('/');
        var service = Uri.UnescapeDataString(path[0]);
        if (service.Length == 0) throw Invalid(text, "it names no service after the hosts");
        options.ServiceName = service;
        if (path.Length > 2) throw Invalid(text, "expected /service or /service/db after the hosts");
        if (path.Length == 2)
        {
            if (!int.TryParse(path[1], NumberStyles.None, CultureInfo.InvariantCulture, out var db))
                throw Invalid(text, $"the database '{path[1]}' is not a non-negative integer");
            options.DefaultDatabase = db;
        }
        if (scheme.StartsWith("rediss", StringComparison.OrdinalIgnoreCase)) options.Ssl = true;
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
