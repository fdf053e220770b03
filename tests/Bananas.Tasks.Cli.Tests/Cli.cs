using System.Diagnostics;
using System.Text.Json;

namespace Bananas.Tasks.Cli.Tests;

/// <summary>One run of the tool: exit code and everything it wrote.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error)
{
    public JsonElement Json()
    {
        Assert.True(ExitCode == 0, $"exit {ExitCode}: {Error}");
        using var doc = JsonDocument.Parse(Out);
        return doc.RootElement.Clone();
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

/// <summary>Runs the real tool: in process through <see cref="BananasCli.RunAsync"/>, or as the built executable in a child process.</summary>
public static class Cli
{
    /// <summary>In process, stdout and stderr captured (so redirected: no ANSI), stdin not a terminal unless <paramref name="terminalInput"/> is given.</summary>
    public static Task<CliResult> RunAsync(string? redisUrl, params string[] args) => RunWithInputAsync(redisUrl, null, args);

    public static async Task<CliResult> RunWithInputAsync(string? redisUrl, string? terminalInput, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var io = new CliIO
        {
            Out = stdout,
            Error = stderr,
            In = new StringReader(terminalInput ?? ""),
            InputIsTerminal = terminalInput is not null,
            OutputIsTerminal = false,
            GetEnvironmentVariable = name => name == "REDIS_URL" ? redisUrl : null,
        };
        var code = await BananasCli.RunAsync(args, io);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The built <c>bananas</c> executable (apphost next to the tests, else <c>dotnet bananas.dll</c>) as a child process, stdin closed.</summary>
    public static async Task<CliResult> RunProcessAsync(string? redisUrl, params string[] args)
    {
        var dir = AppContext.BaseDirectory;
        var apphost = Path.Combine(dir, OperatingSystem.IsWindows() ? "bananas.exe" : "bananas");
        var start = File.Exists(apphost) ? new ProcessStartInfo(apphost) : new ProcessStartInfo("dotnet") { ArgumentList = { Path.Combine(dir, "bananas.dll") } };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        start.UseShellExecute = false;
        start.Environment.Remove("REDIS_URL");
        if (redisUrl is not null) start.Environment["REDIS_URL"] = redisUrl;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
