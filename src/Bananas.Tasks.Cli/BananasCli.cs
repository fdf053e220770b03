using System.CommandLine;
using System.CommandLine.Parsing;
using StackExchange.Redis;

namespace Bananas.Tasks.Cli;

/// <summary>
/// The <c>bananas</c> tool: parses the command line, runs one command against Redis through the public client, admin API
/// and cron store, and maps every failure to one sentence on stderr and an exit code (<see cref="ExitCodes"/>).
/// </summary>
public static class BananasCli
{
    /// <summary>Runs the tool with <paramref name="args"/>; returns the exit code. The in-process entry point (tests use it).</summary>
    public static async Task<int> RunAsync(string[] args, CliIO io, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(io);
        var commands = new Commands(io);
        var root = commands.Build();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            var path = CommandPath(parse.CommandResult);
            var message = Messages.Sentence(parse.Errors[0].Message);
            io.Error.WriteLine(Messages.Redact($"{message} Run '{path} --help' for usage."));
            return ExitCodes.Usage;
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                Output = io.Out,
                Error = io.Error,
                EnableDefaultExceptionHandler = false,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            io.Error.WriteLine("Cancelled.");
            return 130;
        }
    }

    private static string CommandPath(CommandResult? result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is not null; r = r.Parent)
            if (r is CommandResult c) names.Add(c.Command is RootCommand ? "bananas" : c.Command.Name);
        names.Reverse();
        return names.Count == 0 ? "bananas" : string.Join(' ', names);
    }

    /// <summary>Runs <paramref name="body"/> and turns every failure into its message and exit code.</summary>
    internal static async Task<int> GuardAsync(CliIO io, Func<RedisTarget?> target, Func<Task<int>> body)
    {
        string message;
        int code;
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (CliException ex)
        {
            (code, message) = (ex.ExitCode, ex.Message);
        }
        catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException && target() is { } t)
        {
            var unreachable = t.Unreachable(ex);
            (code, message) = (unreachable.ExitCode, unreachable.Message);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOAUTH", StringComparison.Ordinal) || ex.Message.StartsWith("WRONGPASS", StringComparison.Ordinal))
        {
            var t = target();
            (code, message) = (ExitCodes.RedisUnreachable, $"Redis at {t?.Endpoints ?? "the given address"} rejected the command for lack of valid credentials; check the user and password in --redis or REDIS_URL.");
        }
        catch (RedisServerException ex)
        {
            (code, message) = (ExitCodes.Failed, "Redis answered with an error: " + Messages.Sentence(ex));
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            (code, message) = (ExitCodes.Usage, Messages.Sentence(ex));
        }
        catch (NotSupportedException ex)
        {
            (code, message) = (ExitCodes.Failed, Messages.Sentence(ex));
        }
        catch (InvalidDataException ex)
        {
            (code, message) = (ExitCodes.Failed, "The data in Redis could not be read: " + Messages.Sentence(ex));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            (code, message) = (ExitCodes.Failed, $"Unexpected {ex.GetType().Name}: {Messages.Sentence(ex)}");
        }
        var scrubbed = Messages.Redact(target()?.Scrub(message) ?? message);
        io.Error.WriteLine(Messages.Sentence(scrubbed));
        return code;
    }
}
