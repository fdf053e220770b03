using System.Net;
using Bananas.Tasks.Redis;
using StackExchange.Redis;

namespace Bananas.Tasks.Cli;

/// <summary>
/// The Redis the tool talks to: <c>--redis</c>, else <c>REDIS_URL</c>. Knows its secrets (the password, as given and as
/// decoded) so that no message the tool prints can show them, and describes itself by host and port only.
/// </summary>
internal sealed class RedisTarget
{
    private readonly string[] _secrets;

    private RedisTarget(ConfigurationOptions options, string[] secrets)
    {
        Options = options;
        _secrets = secrets;
        Endpoints = string.Join(", ", options.EndPoints.Select(Describe));
    }

    /// <summary>The connection options (fail fast: the tool does not keep retrying like a worker does).</summary>
    public ConfigurationOptions Options { get; }

    /// <summary>Host:port of each endpoint, without credentials, for messages.</summary>
    public string Endpoints { get; }

    /// <summary>Resolves <c>--redis</c> or <c>REDIS_URL</c>; a usage error when neither is set or the value is malformed.</summary>
    public static RedisTarget Resolve(string? option, CliIO io)
    {
        var text = !string.IsNullOrWhiteSpace(option) ? option : io.GetEnvironmentVariable("REDIS_URL");
        if (string.IsNullOrWhiteSpace(text))
            throw CliException.Usage("No Redis to connect to: pass --redis redis://host:6379 or set the REDIS_URL environment variable.");
        var secrets = SecretsOf(text);
        ConfigurationOptions options;
        try
        {
            options = RedisConnectionString.Parse(text);
        }
        catch (ArgumentException ex)
        {
            // The parser's message names the value with its password redacted; scrub anyway.
            throw CliException.Usage(Scrub(Messages.Sentence(ex), secrets));
        }
        if (!string.IsNullOrEmpty(options.Password)) secrets = [.. secrets, options.Password];
        options.AbortOnConnectFail = true;
        options.ConnectRetry = 1;
        options.ConnectTimeout = 5000;
        options.SyncTimeout = 10_000;
        options.AsyncTimeout = 10_000;
        options.ClientName = "bananas-cli";
        return new RedisTarget(options, secrets.Where(s => s.Length > 0).Distinct().OrderByDescending(s => s.Length).ToArray());
    }

    /// <summary>The text with every secret of this target replaced by <c>***</c>.</summary>
    public string Scrub(string text) => Scrub(text, _secrets);

    /// <summary>Connects; a <see cref="CliException"/> with exit 3 when Redis cannot be reached.</summary>
    public async Task<ConnectionMultiplexer> ConnectAsync()
    {
        try
        {
            return await ConnectionMultiplexer.ConnectAsync(Options).ConfigureAwait(false);
        }
        catch (RedisConnectionException ex)
        {
            throw Unreachable(ex);
        }
    }

    /// <summary>The exit-3 error for a connection failure, in the tool's words (never the driver's, which may echo the configuration).</summary>
    public CliException Unreachable(Exception ex) => new(ExitCodes.RedisUnreachable, ex switch
    {
        RedisConnectionException { FailureType: ConnectionFailureType.AuthenticationFailure } =>
            $"Redis at {Endpoints} rejected the credentials; check the user and password in --redis or REDIS_URL.",
        RedisTimeoutException => $"Redis at {Endpoints} did not answer in time; check that it is running and not overloaded.",
        _ => $"Cannot reach Redis at {Endpoints}; check --redis or REDIS_URL and that Redis is running.",
    });

    private static string Describe(EndPoint endpoint) => endpoint switch
    {
        DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        IPEndPoint ip => ip.ToString(),
        _ => endpoint.ToString() ?? "?",
    };

    /// <summary>Every form the password may take in the given text: raw (configuration string), percent-encoded and decoded (URL).</summary>
    private static string[] SecretsOf(string text)
    {
        var secrets = new List<string>();
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            var at = text.LastIndexOf('@');
            var start = scheme + 3;
            if (at > start)
            {
                var userInfo = text[start..at];
                var colon = userInfo.IndexOf(':');
                var password = colon < 0 ? userInfo : userInfo[(colon + 1)..];
                secrets.Add(password);
                try { secrets.Add(Uri.UnescapeDataString(password)); } catch (UriFormatException) { }
                if (colon < 0) secrets.Add(userInfo);
            }
        }
        else
        {
            foreach (var part in text.Split(','))
            {
                var eq = part.IndexOf('=');
                if (eq > 0 && part[..eq].Trim().Equals("password", StringComparison.OrdinalIgnoreCase))
                    secrets.Add(part[(eq + 1)..].Trim());
            }
        }
        return secrets.Where(s => s.Length > 0).ToArray();
    }

    private static string Scrub(string text, IEnumerable<string> secrets)
    {
        foreach (var secret in secrets)
            if (secret.Length > 0) text = text.Replace(secret, "***", StringComparison.Ordinal);
        return text;
    }
}
