using System.Diagnostics;
using System.Text.RegularExpressions;
using Bananas.Tasks.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace Bananas.Tasks.Analyzers.Tests;

/// <summary>
/// The done-when evidence: samples/Diagnostics (kept out of Bananas.Tasks.sln) is built with the real
/// <c>dotnet build</c>, referencing the analyzers the way in-repo consumers do (ProjectReference with
/// OutputItemType="Analyzer"), and every rule's ID appears in the output with its declared severity.
/// This also proves Cronos.dll loads beside the analyzer (BNT100 comes from it).
/// </summary>
public class DiagnosticsSampleBuildTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    [Fact]
    public async Task SampleBuild_ReportsEveryDiagnostic()
    {
        var samples = Path.Combine(RepoPaths.Root, "samples", "Diagnostics");
        var (exit, output) = await RunDotnetBuildAsync(Path.Combine(samples, "Diagnostics.csproj"));
        Assert.True(exit != 0, "samples/Diagnostics is meant to fail its build (it holds BNT errors), but it built:\n" + output);
        // The sample runs the real generator: it emits nothing for tasks whose proxies collide (ProxyNames.cs), so the
        // build does not stop at CS0101 in generated code and the analyzers still report.
        Assert.DoesNotContain("CS0101", output);
        Assert.DoesNotContain("CS0436", output);

        Assert.DoesNotContain("AD0001", output); // an analyzer threw
        Assert.DoesNotContain("CS8032", output); // an analyzer could not be loaded (e.g. Cronos.dll missing)

        var reported = Regex.Matches(output, @"\b(error|warning) (BNT\d{3})\b")
            .Select(m => (Severity: m.Groups[1].Value, Id: m.Groups[2].Value))
            .ToHashSet();
        var missing = new List<string>();
        foreach (var descriptor in DescriptorCatalog.All)
        {
            var severity = descriptor.DefaultSeverity == DiagnosticSeverity.Error ? "error" : "warning";
            if (!reported.Contains((severity, descriptor.Id))) missing.Add($"{severity} {descriptor.Id}");
        }
        Assert.True(missing.Count == 0, "not reported by the sample build: " + string.Join(", ", missing) + "\n" + output);
    }

    private static async Task<(int ExitCode, string Output)> RunDotnetBuildAsync(string project, params string[] extraArguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var arg in new[] { "build", project, "-c", Configuration, "-nologo", "-nodeReuse:false", "-p:UseSharedCompilation=false" }.Concat(extraArguments))
            start.ArgumentList.Add(arg);
        // The test host's own MSBuild settings must not leak into the child build.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start `dotnet build`");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`dotnet build {project}` took more than 5 minutes:\n" + await stdout);
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
