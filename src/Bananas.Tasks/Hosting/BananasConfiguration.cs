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

    public static void Apply(IConfiguration config, BananasOptions options)
    {
        var url = First(config, "REDIS_URL", Section + ":RedisUrl");
        if (url is not null) options.RedisUrl = url.Value.Text.Length == 0 ? null : url.Value.Text;
        if (First(config, Section + ":Prefix") is { } prefix)
        {
            if (prefix.Text.Length == 0 || prefix.Text.Any(char.IsWhiteSpace))
                options.ConfigurationErrors.Add($"{prefix.Name}='{prefix.Text}' is not valid: expected a non-empty key prefix without whitespace, such as 'bananas'.");
            else options.Prefix = prefix.Text;
        }
        if (First(config, "MAX_RETRIES", Section + ":MaxRetries") is { } retries)
        {
            if (int.TryParse(retries.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 1000) options.DefaultMaxRetries = n;
            else options.ConfigurationErrors.Add($"{retries.Name}='{retries.Text}' is not valid: expected a whole number from 0 to 1000.");
        }
        if (First(config, "RESULT_TTL", Section + ":ResultTtl") is { } ttl)
        {
            if (GoDuration.TryParse(ttl.Text, out var d) && d > TimeSpan.Zero) options.ResultTtl = d;
            else options.ConfigurationErrors.Add($"{ttl.Name}='{ttl.Text}' is not valid: expected {GoDuration.PositiveForm}.");
        }
        if (First(config, "LOG_LEVEL") is { } level && ParseLogLevel(level.Text) is null)
            options.ConfigurationErrors.Add($"LOG_LEVEL='{level.Text}' is not valid: expected debug, info, warn or error.");
        if (First(config, "LOG_FORMAT") is { } format && format.Text is not ("json" or "text"))
            options.ConfigurationErrors.Add($"LOG_FORMAT='{format.Text}' is not valid: expected json or text.");
    }

    public static void ApplyWorker(IConfiguration config, BananasWorkerOptions options, List<string> errors)
    {
        if (First(config, "WORKER_ROUTING_KEYS", Section + ":Worker:RoutingKeys") is { } keys)
        {
            var list = keys.Text.Split(',').Select(k => k.Trim()).ToList();
            var bad = list.Select(BananasRules.ValidateRoutingKey).FirstOrDefault(e => e is not null);
            // bad ends with "expected <the routing-key form>"; the sentence goes on to say how the list is written.
            if (bad is not null) errors.Add($"{keys.Name}='{keys.Text}' is not valid: {bad} for each route of a comma-separated list such as 'gpu,default'.");
            else options.RoutingKeys = list;
        }
        if (First(config, "WORKER_CONCURRENCY", Section + ":Worker:Concurrency") is { } conc)
        {
            if (int.TryParse(conc.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 10_000) options.Concurrency = n;
            else errors.Add($"{conc.Name}='{conc.Text}' is not valid: expected a whole number from 1 to 10000.");
        }
        if (First(config, "JOB_TIMEOUT", Section + ":Worker:JobTimeout") is { } timeout)
        {
            if (GoDuration.TryParse(timeout.Text, out var d) && d > TimeSpan.Zero) options.JobTimeout = d;
            else errors.Add($"{timeout.Name}='{timeout.Text}' is not valid: expected {GoDuration.PositiveForm}.");
        }
    }

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

    private static (string Name, string Text)? First(IConfiguration config, params string[] names)
    {
        foreach (var name in names)
        {
            var value = config[name];
            if (value is not null) return (name, value.Trim());
        }
        return null;
    }
}

/// <summary>Applies configuration to <see cref="BananasOptions"/>.</summary>
internal sealed class BananasOptionsSetup(IConfiguration? configuration = null) : IConfigureOptions<BananasOptions>
{
    public void Configure(BananasOptions options)
    {
        if (configuration is not null) BananasConfiguration.Apply(configuration, options);
    }
}

/// <summary>Applies configuration to <see cref="BananasWorkerOptions"/>; parse errors are kept for the validator.</summary>
internal sealed class BananasWorkerOptionsSetup(IConfiguration? configuration = null) : IConfigureOptions<BananasWorkerOptions>, IValidateOptions<BananasWorkerOptions>
{
    private readonly List<string> _errors = new();

    public void Configure(BananasWorkerOptions options)
    {
        if (configuration is null) return;
        lock (_errors)
        {
            _errors.Clear();
            BananasConfiguration.ApplyWorker(configuration, options, _errors);
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

/// <summary>Validates <see cref="BananasOptions"/>, including configuration parse errors.</summary>
internal sealed class BananasOptionsValidator : IValidateOptions<BananasOptions>
{
    public ValidateOptionsResult Validate(string? name, BananasOptions options)
    {
        var errors = new List<string>(options.ConfigurationErrors);
        if (options.DefaultMaxRetries < 0) errors.Add($"DefaultMaxRetries (MAX_RETRIES) is {options.DefaultMaxRetries}: expected 0 or more.");
        if (options.MaxPayloadBytes < 2) errors.Add($"MaxPayloadBytes is {options.MaxPayloadBytes}: expected at least 2 (the payload is a JSON object).");
        if (options.ResultTtl <= TimeSpan.Zero) errors.Add($"ResultTtl (RESULT_TTL) is {options.ResultTtl}: expected a positive duration.");
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
