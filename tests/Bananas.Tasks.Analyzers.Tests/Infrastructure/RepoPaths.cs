using System.Runtime.CompilerServices;

namespace Bananas.Tasks.Analyzers.Tests.Infrastructure;

/// <summary>Paths in the repository, found from this source file's location (no environment variable needed).</summary>
public static class RepoPaths
{
    /// <summary>The repository root (the folder holding Bananas.Tasks.sln).</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot([CallerFilePath] string thisFile = "")
    {
        for (var dir = Path.GetDirectoryName(thisFile); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "Bananas.Tasks.sln"))) return dir;
        }
        throw new InvalidOperationException($"No Bananas.Tasks.sln above '{thisFile}'; the tests must run from a checkout of the repository.");
    }
}
