using System.Text.RegularExpressions;
using Bananas.Tasks.Redis;

namespace Bananas.Tasks.Tests.Engine;

/// <summary>Each script is sent with the helpers of _common.lua it uses, and only those (every call runs the whole text).</summary>
public sealed class LuaPreludeTests
{
    private static IReadOnlySet<string> Defined(string text) =>
        Regex.Matches(text, @"^local function ([A-Za-z_][A-Za-z0-9_]*)\(|^([A-Za-z_][A-Za-z0-9_]*) = function\(", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Success && m.Groups[1].Value.Length > 0 ? m.Groups[1].Value : m.Groups[2].Value).ToHashSet();

    [Fact]
    public void The_ack_script_carries_its_helpers_and_not_the_fetch_ones()
    {
        var text = RedisScripts.Get("ack-n.lua");
        var defined = Defined(text);
        Assert.Contains("notify_result", defined);
        Assert.Contains("notify", defined);
        Assert.Contains("note_finished", defined);
        Assert.Contains("iso_ms", defined);
        Assert.Contains("local RECENT_MAX", text);
        Assert.DoesNotContain("id_problem", defined);
        Assert.DoesNotContain("dead_letter", defined);
        Assert.DoesNotContain("promote_due", defined);
        // Since flow control, a completion opens its gates (release_gates: the slot's next waiter, the sequence's next job),
        // which brings the queueing helpers (job_queue, push_queue, …); not those of fetching, failing or maintenance.
        Assert.Contains("release_gates", defined);
        foreach (var other in new[] { "show_id", "id_error", "utf8_prefix", "error_history_with", "recover_expired", "paused_routes", "forget_dead", "seq_head_stale", "ms_iso" })
            Assert.DoesNotContain(other, defined);
        // (a bound, not a count: it grew from 3/5 to 2/3 when every key-building script got the two cluster helpers,
        // cluster_unstable and refuse_migrating; the exclusions above are what the test is about)
        Assert.True(defined.Count < Defined(RedisScripts.Read("_common.lua")).Count * 2 / 3, $"ack-n.lua carries {defined.Count} helpers");
    }

    [Fact]
    public void Every_helper_a_script_names_is_defined_before_the_script_runs()
    {
        var common = Defined(RedisScripts.Read("_common.lua"));
        foreach (var file in RedisScripts.All)
        {
            var text = RedisScripts.Get(file);
            var defined = Defined(text);
            // Code lines, less comments and bare forward declarations (`local a, b`: names declared, assigned further down if used).
            var code = string.Join("\n", text.Split('\n').Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal)
                && !Regex.IsMatch(l, @"^local [A-Za-z_][A-Za-z0-9_]*(, *[A-Za-z_][A-Za-z0-9_]*)*\s*$")));
            var used = Regex.Matches(code, @"[A-Za-z_][A-Za-z0-9_]*").Select(m => m.Value).Where(common.Contains).ToHashSet();
            Assert.True(used.IsSubsetOf(defined), $"{file} uses {string.Join(", ", used.Except(defined))} without its definition");
        }
    }
}
