using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;

namespace Bananas.Tasks.Dashboard;

/// <summary>The embedded static files (<c>Assets/</c>): vendored htmx and uPlot with their licences, the dashboard's CSS and JS.</summary>
internal static class DashboardAssets
{
    private static readonly FrozenDictionary<string, byte[]> Files = Load();

    private static FrozenDictionary<string, byte[]> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("assets/", StringComparison.Ordinal) || n.StartsWith("assets\\", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[name["assets/".Length..].Replace('\\', '/')] = copy.ToArray();
        }
        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The names served, relative to <c>assets/</c>.</summary>
    public static IEnumerable<string> Names => Files.Keys;

    public static IResult Serve(string path)
    {
        if (!Files.TryGetValue(path, out var bytes)) return Results.NotFound();
        return Results.Bytes(bytes, ContentType(path));
    }

    private static string ContentType(string path) => Path.GetExtension(path) switch
    {
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".png" => "image/png",
        ".svg" => "image/svg+xml",
        _ => "text/plain; charset=utf-8",
    };
}
