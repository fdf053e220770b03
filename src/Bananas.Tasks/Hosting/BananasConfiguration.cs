using System.Globalization;
using Bananas.Tasks.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Bananas.Tasks.Hosting;

/// <summary>
/// Reads the Bananas environment variables and the <c>Bananas</c> configuration section. Values are read by
/// hand (no reflection binding, so it stays AOT-safe) and every bad value is recorded with the variable, the
/// value and the accepted form; the validators turn those into a start-up failure.
/// </summary>
internal static class BananasConfiguration
{
    public const string Section = "Bananas";

    public static void Apply(IConfiguration? root, IConfiguration? section, BananasOptions options)
    {
        var from = Sources.Of(root, section);
        var url = from.Read("REDIS_URL", "RedisUrl");
        if (url is not null) options.RedisUrl = url.Value.Text.Length == 0 ? null : url.Value.Text;
        if (from.Read(null, "Prefix") is { } prefix)
        {
            if (prefix.Text.Length == 0 || prefix.Text.Any(char.IsWhiteSpace))
                options.ConfigurationErrors.Add(Invalid(prefix, "a non-empty key prefix without whitespace, such as 'bananas'"));
            else options.Prefix = prefix.Text;
        }
        if (from.Read("MAX_RETRIES", "MaxRetries") is { } retries)
        {
            if (int.TryParse(retries.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 1000) options.DefaultMaxRetries = n;
            else options.ConfigurationErrors.Add(Invalid(retries, "a whole number from 0 to 1000"));
        }
        if (from.Read("RESULT_TTL", "ResultTtl") is { } ttl)
        {
            if (GoDuration.TryParse(ttl.Text, out var d) && d > TimeSpan.Zero) options.ResultTtl = d;
            else options.ConfigurationErrors.Add(Invalid(ttl, GoDuration.PositiveForm));
        }
        if (from.Read(null, "MaxPayloadBytes") is { } bytes)
        {
            if (int.TryParse(bytes.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 2) options.MaxPayloadBytes = n;
            else options.ConfigurationErrors.Add(Invalid(bytes, "a whole number of bytes, at least 2"));
        }
        if (from.Read("LOG_LEVEL", null) is { } level && ParseLogLevel(level.Text) is null)
            options.ConfigurationErrors.Add(Invalid(level, "debug, info, warn or error"));
        if (from.Read("LOG_FORMAT", null) is { } format && format.Text is not ("json" or "text"))
            options.ConfigurationErrors.Add(Invalid(format, "json or text"));
    }

    public static void ApplyWorker(IConfiguration? root, IConfiguration? section, BananasWorkerOptions options, List<string> errors)
    {
        var from = Sources.Of(root, section).Child("Worker");
        if (from.Read("WORKER_ROUTING_KEYS", "RoutingKeys") is { } keys)
        {
            var list = keys.Text.Split(',').Select(k => k.Trim()).ToList();
            var bad = list.Select(BananasRules.ValidateRoutingKey).FirstOrDefault(e => e is not null);
            // bad ends with "expected <the routing-key form>"; the sentence goes on to say how the list is written.
            if (bad is not null) errors.Add($"{keys.Name}='{keys.Text}' is not valid: {bad} for each route of a comma-separated list such as 'gpu,default'.");
            else options.RoutingKeys = list;
        }
        if (from.Read("WORKER_CONCURRENCY", "Concurrency") is { } conc)
        {
            if (int.TryParse(conc.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 10_000) options.Concurrency = n;
            else errors.Add(Invalid(conc, "a whole number from 1 to 10000"));
        }
        if (from.Read("JOB_TIMEOUT", "JobTimeout") is { } timeout)
        {
            if (GoDuration.TryParse(timeout.Text, out var d) && d > TimeSpan.Zero) options.JobTimeout = d;
            else errors.Add(Invalid(timeout, GoDuration.PositiveForm));
        }
    }

    /// <summary>The one sentence of every bad value: "NAME='text' is not valid: expected <paramref name="expected"/>."</summary>
    private static string Invalid((string Name, string Text) value, string expected) => $"{value.Name}='{value.Text}' is not valid: expected {expected}.";

    /// <summary>Go slog level names (and the .NET ones) to a minimum log level.</summary>
    public static LogLevel? ParseLogLevel(string text) => text.Trim().ToLowerInvariant() switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "info" or "information" => LogLevel.Information,
        "warn" or "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        _ => null,
    };

    /// <summary>
    /// Where values come from: the Bananas environment variables (REDIS_URL, …) on the root configuration win; then
    /// keys of the Bananas section (<c>Bananas</c>, or the one passed to <c>AddBananas(section)</c>).
    /// </summary>
    private readonly record struct Sources(IConfiguration? Root, IConfiguration? Section, string? Path)
    {
        public static Sources Of(IConfiguration? root, IConfiguration? section)
        {
            if (section is not null) return new(root, section, (section as IConfigurationSection)?.Path);
            return new(root, root?.GetSection(BananasConfiguration.Section), BananasConfiguration.Section);
        }

        public Sources Child(string key) => new(Root, Section?.GetSection(key), Path is null ? key : Path + ":" + key);

        public (string Name, string Text)? Read(string? variable, string? key)
        {
            if (variable is not null && Root?[variable] is { } env) return (variable, env.Trim());
            if (key is not null && Section?[key] is { } value) return (Path is null ? key : Path + ":" + key, value.Trim());
            return null;
        }
    }
}

/// <summary>The section passed to <c>AddBananas(section)</c>, read in place of the <c>Bananas</c> section.</summary>
internal sealed record BananasConfigurationSection(IConfiguration Section);

/// <summary>Applies configuration to <see cref="BananasOptions"/>.</summary>
internal sealed class BananasOptionsSetup(IConfiguration? configuration = null, BananasConfigurationSection? section = null) : IConfigureOptions<BananasOptions>
{
    public void Configure(BananasOptions options) => BananasConfiguration.Apply(configuration, section?.Section, options);
}

/// <summary>Applies configuration to <see cref="BananasWorkerOptions"/>; parse errors are kept for the validator.</summary>
internal sealed class BananasWorkerOptionsSetup(IConfiguration? configuration = null, BananasConfigurationSection? section = null) : IConfigureOptions<BananasWorkerOptions>, IValidateOptions<BananasWorkerOptions>
{
    private readonly List<string> _errors = new();

    public void Configure(BananasWorkerOptions options)
    {
        lock (_errors)
        {
            _errors.Clear();
            BananasConfiguration.ApplyWorker(configuration, section?.Section, options, _errors);
        }
    }

    public ValidateOptionsResult Validate(string? name, BananasWorkerOptions options)
    {
        List<string> errors;
        lock (_errors) errors = _errors.ToList();
        errors.AddRange(BananasWorkerOptionsValidator.Check(options));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

}

/// <summary>
/// Reports the values configuration could not read, and a <see cref="BananasOptions.RedisUrl"/> that does not parse.
/// The ranges of the options themselves are checked by the generated <see cref="BananasOptionsValidator"/>.
/// </summary>
internal sealed class BananasConfigurationValidator : IValidateOptions<BananasOptions>
{
    public ValidateOptionsResult Validate(string? name, BananasOptions options)
    {
        var errors = new List<string>(options.ConfigurationErrors);
        if (options.RedisUrl is { } url)
        {
            try
            {
                Redis.RedisConnectionString.Parse(url);
            }
            catch (ArgumentException ex)
            {
                errors.Add(ex.Message); // names REDIS_URL and the value with its password redacted
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>LOG_LEVEL → minimum level of every logger.</summary>
internal sealed class BananasLogLevelSetup(IConfiguration? configuration = null) : IConfigureOptions<LoggerFilterOptions>
{
    public void Configure(LoggerFilterOptions options)
    {
        if (configuration?["LOG_LEVEL"] is { } text && BananasConfiguration.ParseLogLevel(text) is { } level) options.MinLevel = level;
    }
}

/// <summary>LOG_FORMAT=json → the console logger writes JSON lines; text → the simple formatter.</summary>
internal sealed class BananasLogFormatSetup(IConfiguration? configuration = null) : IConfigureOptions<ConsoleLoggerOptions>
{
    public void Configure(ConsoleLoggerOptions options)
    {
        switch (configuration?["LOG_FORMAT"]?.Trim())
        {
            case "json": options.FormatterName = ConsoleFormatterNames.Json; break;
            case "text": options.FormatterName = ConsoleFormatterNames.Simple; break;
        }
    }
}
