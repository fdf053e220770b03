namespace Bananas.Tasks.Cli;

/// <summary>The tool's exit codes (docs/cli.md).</summary>
public static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>The job, dead job or route asked for does not exist.</summary>
    public const int NotFound = 1;

    /// <summary>Bad command line: unknown command or option, a bad value, no Redis given, or a destructive command without confirmation.</summary>
    public const int Usage = 2;

    /// <summary>Redis could not be reached (refused, timed out, or the credentials were rejected).</summary>
    public const int RedisUnreachable = 3;

    /// <summary>Anything else: Redis answered with an error, or the data in it could not be read.</summary>
    public const int Failed = 4;
}

/// <summary>An error the tool reports as one sentence on stderr with its exit code.</summary>
public sealed class CliException(int exitCode, string message) : Exception(message)
{
    /// <summary>The exit code.</summary>
    public int ExitCode { get; } = exitCode;

    /// <summary>A usage error (exit 2).</summary>
    public static CliException Usage(string message) => new(ExitCodes.Usage, message);

    /// <summary>A not-found error (exit 1).</summary>
    public static CliException NotFound(string message) => new(ExitCodes.NotFound, message);
}
