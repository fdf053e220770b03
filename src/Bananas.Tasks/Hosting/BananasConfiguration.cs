using System.Globalization;
using Bananas.Tasks.Engine;
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
        if (from.Read("REDIS_LAYOUT", "RedisLayout") is { } layout)
        {
            if (ParseLayout(layout.Text) is { } parsed) options.RedisLayout = parsed;
            else options.ConfigurationErrors.Add(Invalid(layout, RedisKeyLayouts.Expected));
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
        if (from.Read("KEEP_COMPLETED", "KeepCompleted") is { } keep)
        {
            if (GoDuration.TryParse(keep.Text, out var d)) options.KeepCompleted = d;
            else options.ConfigurationErrors.Add(Invalid(keep, GoDuration.Form + ", or 0 to delete completed jobs at once"));
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
        ApplyRouteConcurrency(from, options, errors);
    }

    /// <summary>The accepted form of <c>WORKER_ROUTE_CONCURRENCY</c>, ending the sentence of a malformed value.</summary>
    public const string RouteConcurrencyForm = "route=limit pairs separated by commas, such as 'image=2,email=10'";

    /// <summary>
    /// <c>WORKER_ROUTE_CONCURRENCY=image=2,email=10</c>, else <c>…:Worker:RouteConcurrency</c> as the same list or as one child
    /// per route (<c>"RouteConcurrency": { "image": 2 }</c> in appsettings.json). What is read replaces the default (no limits)
    /// whole. Malformed entries are reported here; a whole number below 1 or a route the worker does not serve is left to
    /// <see cref="BananasWorkerOptionsValidator"/>, so it reads as it does when set in code.
    /// </summary>
    private static void ApplyRouteConcurrency(Sources from, BananasWorkerOptions options, List<string> errors)
    {
        if (from.Read("WORKER_ROUTE_CONCURRENCY", "RouteConcurrency") is { } list)
        {
            var (limits, reason) = ParseRouteConcurrency(list.Text);
            if (reason is not null) errors.Add($"{list.Name}='{list.Text}' is not valid: {reason}; expected {RouteConcurrencyForm}.");
            else options.RouteConcurrency = limits;
            return;
        }
        var children = from.Children("RouteConcurrency");
        if (children.Count == 0) return;
        var fromChildren = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (route, child) in children)
        {
            if (int.TryParse(child.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) fromChildren[route] = n;
            else errors.Add(Invalid(child, $"a whole number, the most jobs of route '{route}' running at once"));
        }
        if (fromChildren.Count == children.Count) options.RouteConcurrency = fromChildren;
    }

    /// <summary>Parses <c>image=2,email=10</c>; blank is no limits. The reason names the first bad entry.</summary>
    internal static (Dictionary<string, int> Limits, string? Reason) ParseRouteConcurrency(string text)
    {
        var limits = new Dictionary<string, int>(StringComparer.Ordinal);
        if (text.Trim().Length == 0) return (limits, null);
        var entries = text.Split(',');
        for (int i = 0; i < entries.Length; i++)
        {
            var entry = entries[i].Trim();
            if (entry.Length == 0) return (limits, $"entry {i + 1} is empty");
            var eq = entry.IndexOf('=');
            if (eq < 0) return (limits, $"the entry '{entry}' has no '='");
            var route = entry[..eq].Trim();
            var limit = entry[(eq + 1)..].Trim();
            if (route.Length == 0) return (limits, $"the entry '{entry}' has no route before '='");
            if (limit.Length == 0) return (limits, $"the entry '{entry}' has no limit after '='");
            if (!int.TryParse(limit, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
                return (limits, $"the limit '{limit}' of route '{route}' is not a whole number");
            if (!limits.TryAdd(route, n)) return (limits, $"route '{route}' is listed twice");
        }
        return (limits, null);
    }

    /// <summary>How users name <paramref name="key"/> of the Bananas section (or of the section passed to <c>AddBananas(section)</c>).</summary>
    public static string KeyPath(IConfiguration? section, string key) => Sources.Of(null, section).Path is { } path ? path + ":" + key : key;

    /// <summary>The one sentence of every bad value: "NAME='text' is not valid: expected <paramref name="expected"/>."</summary>
    private static string Invalid((string Name, string Text) value, string expected) => $"{value.Name}='{value.Text}' is not valid: expected {expected}.";

    /// <summary>A <see cref="RedisKeyLayout"/> name (<c>classic</c>, <c>cluster</c>) in any case; null for anything else, numbers included.</summary>
    public static RedisKeyLayout? ParseLayout(string text) => RedisKeyLayouts.Parse(text);

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

        /// <summary>The children of <paramref name="key"/> in the section, each with its path for messages.</summary>
        public List<(string Key, (string Name, string Text) Value)> Children(string key)
        {
            var list = new List<(string, (string, string))>();
            if (Section is null) return list;
            var prefix = (Path is null ? key : Path + ":" + key) + ":";
            foreach (var child in Section.GetSection(key).GetChildren())
            {
                if (child.Value is { } value) list.Add((child.Key, (prefix + child.Key, value.Trim())));
            }
            return list;
        }

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
                // Names REDIS_URL and the value with its password redacted. The sentence without the " (Parameter 'redisUrl')"
                // ArgumentException.Message appends: the parameter means nothing to someone who set an environment variable.
                errors.Add(ex.ParamName is { } param ? ex.Message.Replace($" (Parameter '{param}')", "", StringComparison.Ordinal) : ex.Message);
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
