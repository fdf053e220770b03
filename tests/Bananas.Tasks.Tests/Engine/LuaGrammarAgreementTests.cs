using Bananas.Tasks.Redis;
using Bananas.Tasks.Tests.Infrastructure;
using StackExchange.Redis;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>
/// The routing-key grammar and the priority wire names live in C# (<c>BananasRules</c>, the reference, which the
/// analyzers link) and in Lua (<c>valid_route</c> / <c>valid_priority</c> in <c>_common.lua</c>, which places jobs
/// in queues). Every case of the table runs through both, the Lua copy on a real Redis, so the two cannot drift.
/// The analyzer's verdicts are checked against the same C# rule in Bananas.Tasks.Analyzers.Tests
/// (<c>RoutingKeyVerdictTests</c>); every key of that table is in this one.
/// </summary>
public sealed class LuaGrammarAgreementTests
{
    public static readonly string[] RoutingKeys =
    [
        // the analyzer test's table (RoutingKeyVerdictTests.Keys)
        "default", "gpu", "email", "a", "Z", "0", "_", "-", "gpu-1", "GPU_jobs", "a-b_c-D-9",
        new string('k', 63), new string('k', 64), new string('k', 65), new string('x', 200),
        "", " ", "gpu ", " gpu", "gpu jobs", "gpu\tjobs", "gpu\njobs", "gpu.jobs", "gpu:high", "gpu/jobs",
        "gpu!", "ключ", "café", "emoji🍌", "a,b", "\"quoted\"", "back\\slash", "tab\t", "\0", "semi;colon", "star*",
        // case and digits
        "GPU", "DEFAULT", "Default", "0123456789", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-",
        // length in characters vs bytes (Lua's # counts bytes): 64 ASCII, then non-ASCII of 32 chars = 64 bytes
        new string('A', 63) + "-", "-" + new string('9', 64), new string('é', 32), new string('é', 16),
        // separators, leading and trailing
        "-gpu", "gpu-", "_gpu", "gpu_", "--", "__", "-_-", "a--b", "a__b",
        ".", "..", ".gpu", "gpu.", ":", "gpu:", ":gpu", "a:b:c", "{gpu}", "{", "}", "gpu{1}", "  ", "\t", "\n", "\r\n",
        "gpu\n", "\ngpu", "gpu\r", "gpu\0", "\0gpu", "gpu\u00A0", "\u00A0", "gpu\u200B", "\uFEFFgpu", "gpu\u2028",
        // characters that mean something in Lua patterns or Redis
        "%", "%a", "%w+", "gpu%", "[a-z]", "a-z", "^gpu", "gpu$", "(gpu)", "gpu+", "gpu?", "*", "gpu*", "#", "@", "~", "=",
        "'", "`", "&", "|", "<gpu>", "gpu/", "\\", "route,other", "a b",
        // letters and digits outside ASCII that a Unicode-aware check would accept
        "\u212A", "\u0131", "\u0130", "１", "\u0663", "²", "ß", "ǅ", "Ω", "中文", "ｇｐｕ", "a\u0301",
    ];

    public static readonly string[] PriorityNames =
    [
        "high", "normal", "low",
        "High", "HIGH", "Normal", "LOW", "urgent", "medium", "critical", "", " ", " high", "high ", "high\n", "high\0",
        "1", "2", "3", "0", "-1", "h", "hig", "highs", "lowest", "norm", "null", "nil", "false", "high,low",
    ];

    private static async Task<long[]> LuaVerdictsAsync(string function, string[] cases)
    {
        var server = await RedisServer.GetAsync();
        var script = RedisScripts.Read("_common.lua") + "\nlocal out = {}\nfor i, v in ipairs(ARGV) do out[i] = " + function + "(v) and 1 or 0 end\nreturn out\n";
        var reply = (RedisResult[])(await server.Connection.GetDatabase().ScriptEvaluateAsync(script, [], cases.Select(c => (RedisValue)c).ToArray()))!;
        Assert.Equal(cases.Length, reply.Length);
        return reply.Select(r => (long)r).ToArray();
    }

    [Fact]
    public async Task Lua_valid_route_agrees_with_RoutingKey_TryParse_on_every_case()
    {
        Assert.Equal(RoutingKeys.Length, RoutingKeys.Distinct(StringComparer.Ordinal).Count());
        var lua = await LuaVerdictsAsync("valid_route", RoutingKeys);

        var disagreements = new List<string>();
        for (int i = 0; i < RoutingKeys.Length; i++)
        {
            bool csharp = RoutingKey.TryParse(RoutingKeys[i], out _);
            if (csharp != (lua[i] == 1))
                disagreements.Add($"#{i} \"{string.Concat(RoutingKeys[i].Select(c => c < ' ' || c > '~' ? $"\\u{(int)c:X4}" : c.ToString()))}\": C# {(csharp ? "accepts" : "rejects")}, Lua {(lua[i] == 1 ? "accepts" : "rejects")}");
        }
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
        // the table has both verdicts, at and past the length limit
        Assert.Contains(1L, lua);
        Assert.Contains(0L, lua);
        Assert.True(RoutingKey.TryParse(new string('k', 64), out _));
        Assert.False(RoutingKey.TryParse(new string('k', 65), out _));
    }

    [Fact]
    public async Task Lua_valid_priority_agrees_with_the_priority_wire_names_on_every_case()
    {
        var lua = await LuaVerdictsAsync("valid_priority", PriorityNames);

        for (int i = 0; i < PriorityNames.Length; i++)
        {
            bool csharp = PriorityExtensions.TryParseWireName(PriorityNames[i], out _);
            Assert.True(csharp == (lua[i] == 1), $"priority #{i} '{PriorityNames[i]}': C# {(csharp ? "accepts" : "rejects")}, Lua {(lua[i] == 1 ? "accepts" : "rejects")}");
        }
        Assert.Equal(3, lua.Count(v => v == 1));
        Assert.All(PriorityExtensions.ServingOrder, p => Assert.Contains(p.ToWireName(), PriorityNames));
    }

    public static readonly string[] JobIds =
    [
        Guid.Empty.ToString("D"), "a", "job-1", "UPPER", "with:colon", "{braces}", "ключ", "café", "emoji🍌", "中文",
        new string('x', 128), new string('x', 129), new string('é', 128), new string('é', 129), string.Concat(Enumerable.Repeat("🍌", 64)),
        string.Concat(Enumerable.Repeat("🍌", 65)), "🍌" + new string('x', 126), "🍌" + new string('x', 127),
        "", " ", "a b", " a", "a ", "a\tb", "a\nb", "a\rb", "a\0b", "\u0001", "a\u001Fb", "a\u007Fb", "a\u0080b", "a\u0085b", "a\u009Fb",
        "a\u00A0b", "a\u00A1b", "a\u1680b", "a\u2000b", "a\u200Ab", "a\u200Bb", "a\u2028b", "a\u2029b", "a\u202Fb", "a\u205Fb",
        "a\u3000b", "a\uFEFFb", "a\u180Eb", "a\u00ADb", "a\uFFFDb", "a\uFFFFb", "a\uDBFF\uDFFFb",
        "%", "%s", "'quote'", "\"dq\"", "back\\slash",
    ];

    [Fact]
    public async Task Lua_id_problem_agrees_with_JobId_TryParse_on_every_case()
    {
        var lua = await LuaVerdictsAsync("(function(x) return id_problem(x) == nil end)", JobIds);
        var disagreements = new List<string>();
        for (int i = 0; i < JobIds.Length; i++)
        {
            bool csharp = JobId.TryParse(JobIds[i], out _);
            if (csharp != (lua[i] == 1))
                disagreements.Add($"#{i} \"{string.Concat(JobIds[i].Take(20).Select(c => c < ' ' || c > '~' ? $"\\u{(int)c:X4}" : c.ToString()))}\": C# {(csharp ? "accepts" : "rejects")}, Lua {(lua[i] == 1 ? "accepts" : "rejects")}");
        }
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
        Assert.Contains(1L, lua);
        Assert.Contains(0L, lua);
    }

    [Fact]
    public async Task Lua_id_problem_refuses_bytes_that_are_not_UTF_8()
    {
        var server = await RedisServer.GetAsync();
        byte[][] cases = [[0xFF], [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x61, 0xC3], [0x80], [0xF8, 0x88, 0x80, 0x80, 0x80]];
        var script = RedisScripts.Read("_common.lua") + "\nlocal out = {}\nfor i, v in ipairs(ARGV) do out[i] = id_problem(v) or 'ok' end\nreturn out\n";
        var reply = (RedisResult[])(await server.Connection.GetDatabase().ScriptEvaluateAsync(script, [], cases.Select(c => (RedisValue)c).ToArray()))!;
        Assert.All(reply, r => Assert.StartsWith("is not UTF-8", r.ToString()));
    }
}
