using System.Collections.Concurrent;

namespace Bananas.Tasks.Redis;

/// <summary>
/// The engine's Lua scripts, embedded as <c>Bananas.Tasks.Redis.Scripts.{file}</c>. Each is sent as text through
/// <c>ScriptEvaluateAsync(string, …)</c>, which lets StackExchange.Redis run it by SHA and re-send it after NOSCRIPT.
/// <c>_common.lua</c> (shared helper functions) is prepended to every script.
/// </summary>
internal static class RedisScripts
{
    private const string ResourcePrefix = "Bananas.Tasks.Redis.Scripts.";
    private static readonly ConcurrentDictionary<string, string> s_cache = new();

    public static string Enqueue => Get("enqueue-n.lua");
    public static string Fetch => Get("fetch-n.lua");
    public static string Ack => Get("ack-n.lua");
    public static string Fail => Get("fail-5.lua");
    public static string Renew => Get("renew-n.lua");
    public static string Release => Get("release-3.lua");
    public static string Promote => Get("promote-2.lua");
    public static string Recover => Get("recover-2.lua");
    public static string Cancel => Get("cancel-4.lua");
    public static string RequeueDead => Get("requeue-dead-4.lua");
    public static string DeleteDead => Get("delete-dead-3.lua");

    /// <summary>Names of every embedded script but the shared helpers.</summary>
    public static IReadOnlyList<string> All =>
        typeof(RedisScripts).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".lua", StringComparison.Ordinal) && !n.EndsWith("._common.lua", StringComparison.Ordinal))
            .Select(n => n[ResourcePrefix.Length..])
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The text sent to Redis for a script file: the shared helpers, then the script.</summary>
    public static string Get(string file) => s_cache.GetOrAdd(file, static f => Read("_common.lua") + "\n" + Read(f));

    /// <summary>The script file exactly as embedded.</summary>
    public static string Read(string file)
    {
        using var stream = typeof(RedisScripts).Assembly.GetManifestResourceStream(ResourcePrefix + file)
            ?? throw new InvalidOperationException($"Embedded Lua script '{ResourcePrefix + file}' is missing from {typeof(RedisScripts).Assembly.GetName().Name}; check the EmbeddedResource item for Redis/Scripts/*.lua.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
