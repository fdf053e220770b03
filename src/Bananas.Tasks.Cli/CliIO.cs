namespace Bananas.Tasks.Cli;

/// <summary>
/// Where one run of the tool reads and writes: the process's console (<see cref="FromConsole"/>) or, in tests, captured
/// writers and a given environment. Nothing else in the tool touches <see cref="Console"/> or the process environment.
/// </summary>
public sealed class CliIO
{
    /// <summary>Standard output: tables, or JSON with <c>--json</c>.</summary>
    public required TextWriter Out { get; init; }

    /// <summary>Standard error: one-sentence errors and confirmation prompts.</summary>
    public required TextWriter Error { get; init; }

    /// <summary>Standard input: answers to confirmation prompts.</summary>
    public TextReader In { get; init; } = TextReader.Null;

    /// <summary>True when standard input is a terminal, so a confirmation prompt can be answered.</summary>
    public bool InputIsTerminal { get; init; }

    /// <summary>True when standard output is a terminal: colours and the terminal's width; otherwise plain text, no ANSI.</summary>
    public bool OutputIsTerminal { get; init; }

    /// <summary>Reads an environment variable (<c>REDIS_URL</c>, <c>COLUMNS</c>).</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = _ => null;

    /// <summary>The process's console and environment.</summary>
    public static CliIO FromConsole() => new()
    {
        Out = Console.Out,
        Error = Console.Error,
        In = Console.In,
        InputIsTerminal = !Console.IsInputRedirected,
        OutputIsTerminal = !Console.IsOutputRedirected,
        GetEnvironmentVariable = Environment.GetEnvironmentVariable,
    };
}
