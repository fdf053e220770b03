using System.Text;
using Bananas.Tasks.Chaos.Orchestration;
using Bananas.Tasks.Client;
using StackExchange.Redis;

namespace Bananas.Tasks.Chaos.Scenarios;

/// <summary>
/// The bad-input table (reliability-plan.md §5.7, goal G5: ≥ 80 cases): fields at and past their type's range, ids a
/// foreign producer could write, keys of another type, payloads, stale and repeated queue entries, and Redis users an
/// ACL restricts. Each case names the defined state it must end in (docs/worker.md "Bad input").
/// </summary>
internal static class BadInputCases
{
    private const string Malformed = "dead:MalformedJobRecord";
    private const string Payload = "dead:Bananas.Tasks.TaskPayloadException";
    private const string Unknown = "dead:UnknownTask";

    // Client-side ACL users (the orchestrator's own client connects as them).
    private static readonly AclUser ClientNoPublish = new("chaos-c-nopublish", "default", "~*", "&*", "+@all", "-publish", "-spublish");
    private static readonly AclUser ClientNoScripts = new("chaos-c-noscript", "default", "~*", "&*", "+@all", "-@scripting");
    private static readonly AclUser ClientJobReadOnly = new("chaos-c-jobro", "default", "~bananas:[^j]*", "%R~bananas:j*", "&*", "+@all");
    private static readonly AclUser ClientRoutesReadOnly = new("chaos-c-routesro", "default", "~bananas:[^r]*", "~bananas:route:*", "~bananas:re*", "%R~bananas:routes", "&*", "+@all");
    private static readonly AclUser ClientNoChannels = new("chaos-c-nochannels", "default", "~*", "resetchannels", "+@all");

    // Worker-side ACL users: each case's job runs on the user's route, served by a worker connecting as that user.
    private static readonly AclUser WorkerNoPublish = new("chaos-w-nopublish", "acl-nopub", "~*", "&*", "+@all", "-publish", "-spublish");
    private static readonly AclUser WorkerNoSubscribe = new("chaos-w-nosubscribe", "acl-nosub", "~*", "&*", "+@all", "-subscribe", "-psubscribe", "-ssubscribe");
    private static readonly AclUser WorkerNoScripts = new("chaos-w-noscript", "acl-noscript", "~*", "&*", "+@all", "-@scripting");
    private static readonly AclUser WorkerNoInfo = new("chaos-w-noinfo", "acl-noinfo", "~*", "&*", "+@all", "-info", "-config");
    private static readonly AclUser WorkerResultReadOnly = new("chaos-w-resultro", "acl-resultro", "~bananas:[^r]*", "~bananas:ro*", "%R~bananas:re*", "&*", "+@all");
    private static readonly AclUser WorkerNoJobKeys = new("chaos-w-nojob", "acl-nojob", "~bananas:[^j]*", "&*", "+@all");
    private static readonly AclUser WorkerDeadReadOnly = new("chaos-w-deadro", "acl-deadro", "~bananas:[^q]*", "~bananas:queue:[^d]*", "%R~bananas:queue:d*", "&*", "+@all");

    /// <summary>Every ACL user a case uses (made at the scenario's start, deleted at its end).</summary>
    public static IReadOnlyList<AclUser> Users { get; } =
    [
        ClientNoPublish, ClientNoScripts, ClientJobReadOnly, ClientRoutesReadOnly, ClientNoChannels,
        WorkerNoPublish, WorkerNoSubscribe, WorkerNoScripts, WorkerNoInfo, WorkerResultReadOnly, WorkerNoJobKeys, WorkerDeadReadOnly,
    ];

    public static List<BadInputCase> All()
    {
        var list = new List<BadInputCase>();
        void Field(string id, string what, string field, RedisValue value, string expect, string? open = null) =>
            list.Add(new BadInputCase(id, "B3 field", $"{field} = {Show(value)} ({what})", expect, env => env.PlantAsync(f => f[field] = value), open));
        void Without(string id, string field, string expect) =>
            list.Add(new BadInputCase(id, "B3 field", $"{field} missing", expect, env => env.PlantAsync(f => f.Remove(field))));

        list.Add(new BadInputCase("B0.01", "control", "a record written exactly as our client writes it", "completed", env => env.PlantAsync(_ => { })));
        Field("B3.01", "not a priority", "priority", "urgent", Malformed);
        Field("B3.02", "priority in capitals", "priority", "HIGH", Malformed);
        Field("B3.03", "numeric priority (Go wire B9)", "priority", "7", Malformed);
        Without("B3.04", "priority", Malformed);
        Field("B3.05", "route outside the grammar", "routing_key", "a b", Malformed);
        Field("B3.06", "route with braces", "routing_key", "{gpu}", Malformed);
        Field("B3.07", "route of 65 characters", "routing_key", new string('r', 65), Malformed);
        Field("B3.08", "time without offset", "created_at", "2026-01-01T00:00:00", Malformed);
        Field("B3.09", "not a time", "created_at", "yesterday", Malformed);
        Field("B3.10", "not a time", "completed_at", "never", Malformed);
        Field("B3.11", "not a time", "scheduled_for", "soon", Malformed);
        Field("B3.12", "not an integer", "attempts", "x", Malformed);
        Field("B3.13", "not an integer", "max_retries", "1e308", Malformed);
        Field("B3.14", "past int32", "max_retries", "99999999999", Malformed);
        Field("B3.15", "not an integer", "timeout_ms", "abc", Malformed);
        Field("B3.16", "negative", "timeout_ms", "-5", Malformed);
        Field("B3.17", "fraction", "timeout_ms", "1.5", Malformed);
        Without("B3.18", "name", Malformed);
        Without("B3.19", "payload", Malformed);
        Field("B3.20", "not JSON", "payload", "not json", Payload);
        Field("B3.21", "truncated JSON", "payload", "{\"ms\":", Payload);
        Field("B3.22", "bytes that are not UTF-8", "payload", (RedisValue)new byte[] { 0xff, 0xfe, 0x7b, 0x7d }, Payload);
        Field("B3.23", "nesting 10,000 deep (B8)", "payload", new string('[', 10_000) + new string(']', 10_000), Payload);
        Field("B3.24", "unknown status text (fetch overwrites it)", "status", "weird", "completed");
        Field("B3.25", "stale lease token (fetch overwrites it)", "lease_token", "stale", "completed");
        Field("B3.26", "garbage started_at (fetch overwrites it)", "started_at", "x", "completed");
        Field("B3.27", "an old error kept from a previous attempt", "error", "old failure", "completed");
        list.Add(new BadInputCase("B3.28", "B3 field", "extra unknown fields (forward compatibility: tolerated)", "completed",
            env => env.PlantAsync(f => { f["go_only_field"] = "x"; f["retry_policy"] = "{\"a\":1}"; })));
        list.Add(new BadInputCase("B3.29", "B3 field", "description of 64 KiB", "completed", env => env.PlantAsync(f => f["description"] = new string('d', 65536))));
        list.Add(new BadInputCase("B4.01", "B4 task", "task name no handler serves (max_retries 1: retried, then DLQ)", "dead:UnknownTask",
            env => env.PlantAsync(f => { f["name"] = "no_such_task"; f["max_retries"] = "1"; })));
        list.Add(new BadInputCase("B3.30", "B3 keys", "queued id with no job hash", "dead:MissingJobRecord",
            async env => { RedisValue id = Guid.NewGuid().ToString("D"); await env.QueueAsync(id); return id; }));
        list.Add(new BadInputCase("B3.31", "B3 keys", "queued id with no job hash, on the high queue", "dead:MissingJobRecord",
            async env => { RedisValue id = Guid.NewGuid().ToString("D"); await env.QueueAsync(id, "high"); return id; }));

        // The engine faults issue 9 listed (field ranges, wrong key types, foreign ids, duplicate entries): fixed, gated.
        Field("B3.40", "past TimeSpan's range", "timeout_ms", "99999999999999999", Malformed);
        Field("B3.41", "one past what Task.Delay accepts", "timeout_ms", "4294967295", Malformed);
        list.Add(new BadInputCase("B3.42", "B3 keys", "job key holding a STRING instead of a hash", "skipped (String key left)",
            async env => { RedisValue id = Guid.NewGuid().ToString("D"); await env.Db.StringSetAsync($"{BadInputEnv.Prefix}:job:{id}", "oops"); await env.QueueAsync(id); return id; }));
        list.Add(new BadInputCase("B3.43", "B3 keys", "route queue key (default:high) holding a STRING; good jobs on default:normal", "no-record",
            async env => { var key = $"{BadInputEnv.Prefix}:route:default:queue:high"; await env.Db.StringSetAsync(key, "oops"); return (RedisValue)("queue:" + key); }));
        list.Add(new BadInputCase("B7.01", "B7 id", "id with a space", Malformed, env => env.PlantAsync(_ => { }, id: "bad id " + Guid.NewGuid().ToString("N")[..6])));
        list.Add(new BadInputCase("B7.02", "B7 id", "id of 200 characters", Malformed, env => env.PlantAsync(_ => { }, id: new string('i', 190) + Guid.NewGuid().ToString("N")[..10])));
        list.Add(new BadInputCase("B7.03", "B7 id", "id bytes that are not UTF-8", Malformed,
            async env =>
            {
                var raw = new byte[] { 0x69, 0x64, 0xff, 0xfe, (byte)Random.Shared.Next(0x30, 0x39) };
                var key = Encoding.ASCII.GetBytes($"{BadInputEnv.Prefix}:job:").Concat(raw).ToArray();
                var fields = BadInputEnv.GoodFields("x");
                fields["id"] = raw;
                await env.Db.HashSetAsync(key, fields.Select(kv => new HashEntry(kv.Key, kv.Value)).ToArray());
                await env.QueueAsync(raw);
                return raw;
            }));
        list.Add(new BadInputCase("B3.44", "B3 keys", "the same id queued twice", "completed",
            async env => { var id = await env.PlantAsync(_ => { }); await env.QueueAsync(id); return id; }));
        list.Add(new BadInputCase("B3.45", "B3 keys", "the id of a completed job pushed again", "completed-not-run",
            async env =>
            {
                var id = await env.PlantAsync(f => { f["status"] = "completed"; f["completed_at"] = BadInputEnv.Now(); f["attempts"] = "1"; }, priority: "low");
                await env.Db.HashSetAsync(BadInputEnv.ResultKey(id), [new("status", "completed")]);
                return id;
            }));

        // Fields at and past their type's range (integers are decimal text of an Int32 / Int64 on the wire).
        Field("B3.46", "negative", "attempts", "-1", Malformed);
        Field("B3.47", "one below Int32.MaxValue (the fetch makes it the maximum)", "attempts", "2147483646", "completed");
        Field("B3.48", "Int32.MaxValue (the fetch would count past it)", "attempts", "2147483647", Malformed);
        Field("B3.49", "past Int64", "attempts", "99999999999999999999999", Malformed);
        Field("B3.50", "empty", "attempts", "", Malformed);
        Field("B3.51", "leading space", "attempts", " 1", Malformed);
        Field("B3.52", "explicit plus sign", "attempts", "+1", Malformed);
        Field("B3.53", "Arabic-Indic digit", "attempts", "\u0661", Malformed);
        Field("B3.54", "negative", "max_retries", "-1", Malformed);
        Field("B3.55", "Int32.MaxValue (at the limit)", "max_retries", "2147483647", "completed");
        Field("B3.56", "one past Int32.MaxValue", "max_retries", "2147483648", Malformed);
        Field("B3.57", "zero", "timeout_ms", "0", Malformed);
        Field("B3.58", "the longest Task.Delay accepts (at the limit)", "timeout_ms", "4294967294", "completed");
        Field("B3.59", "Int64.MaxValue", "timeout_ms", "9223372036854775807", Malformed);
        Field("B3.60", "one past Int64.MaxValue", "timeout_ms", "9223372036854775808", Malformed);
        Field("B3.61", "empty", "timeout_ms", "", Malformed);
        Field("B3.62", "the last representable instant", "created_at", "9999-12-31T23:59:59.9999999Z", "completed");
        Field("B3.63", "the first representable instant", "created_at", "0001-01-01T00:00:00.0000000Z", "completed");
        Field("B3.64", "a day that does not exist", "created_at", "2026-02-30T00:00:00.0000000Z", Malformed);
        Field("B3.65", "year 10000", "created_at", "10000-01-01T00:00:00.0000000Z", Malformed);
        Field("B3.66", "an offset instead of Z", "created_at", "2026-01-01T00:00:00+14:00", "completed");
        Field("B3.67", "not a time (fetch overwrites it)", "updated_at", "x", "completed");
        Field("B3.68", "not a time on a pending job", "scheduled_for", "x", Malformed);
        Field("B3.69", "empty", "priority", "", Malformed);
        Field("B3.70", "trailing space", "priority", "normal ", Malformed);
        Field("B3.71", "empty", "routing_key", "", Malformed);
        Field("B3.72", "trailing newline", "routing_key", "default\n", Malformed);
        Field("B3.73", "Cyrillic homoglyph", "routing_key", "\u0501efault", Malformed);
        // A name no handler serves is UnknownTask (retried: another deployment may know it), whatever its form.
        Field("B3.74", "empty: no handler", "name", "", Unknown);
        Field("B3.75", "65 characters: no handler", "name", new string('n', 65), Unknown);
        Field("B3.76", "trailing space: no handler", "name", "noop ", Unknown);
        Field("B3.77", "bytes that are not UTF-8: no handler", "name", (RedisValue)new byte[] { 0x6e, 0xff, 0x6f }, Unknown);
        Field("B3.78", "empty", "payload", "", Payload);
        Field("B3.79", "JSON null", "payload", "null", "completed");
        Field("B3.80", "a byte order mark before the JSON", "payload", "\uFEFF{}", Payload);
        Field("B3.81", "a $type gadget (plain data: no type is loaded)", "payload", "{\"$type\":\"System.Diagnostics.Process, System\"}", "completed");
        Field("B3.82", "a number past double (B8)", "payload", "{\"n\":1e999999}", "completed");
        list.Add(new BadInputCase("B3.83", "B3 field", "payload with 10,000 duplicate keys (B8)", "completed",
            env => env.PlantAsync(f => f["payload"] = "{" + string.Join(',', Enumerable.Repeat("\"k\":1", 10_000)) + "}")));
        list.Add(new BadInputCase("B3.84", "B3 field", "payload: an array of 200,000 elements (B8)", "completed",
            env => env.PlantAsync(f => f["payload"] = "[" + string.Join(',', Enumerable.Repeat("0", 200_000)) + "]")));
        list.Add(new BadInputCase("B3.85", "B3 field", "payload of 1.5 MiB, past the 1 MiB limit (B2, foreign producer)", "dead:PayloadTooLarge",
            env => env.PlantAsync(f => f["payload"] = "{\"s\":\"" + new string('x', 1536 * 1024) + "\"}")));
        Field("B3.86", "not JSON (a new history starts)", "error_history", "not json", "completed");
        list.Add(new BadInputCase("B3.87", "B3 field", "error_history of 10,000 entries", "completed",
            env => env.PlantAsync(f => f["error_history"] = "[" + string.Join(',', Enumerable.Repeat("{\"attempt\":1,\"error_type\":\"X\",\"error\":\"e\"}", 10_000)) + "]")));
        Field("B3.88", "1 MiB (fetch overwrites it)", "lease_token", new string('t', 1 << 20), "completed");
        Field("B3.89", "another job's id (the key names the job; the field is not read)", "id", "00000000-0000-0000-0000-000000000001", "completed");
        Without("B3.90", "id", "completed");
        Field("B3.91", "bytes that are not UTF-8", "description", (RedisValue)new byte[] { 0x64, 0xc3, 0x28 }, "completed");
        Field("B3.92", "bytes that are not UTF-8 (fetch overwrites it)", "worker_id", (RedisValue)new byte[] { 0xff }, "completed");
        list.Add(new BadInputCase("B3.93", "B3 field", "an unknown field whose name is not UTF-8", "completed",
            env => env.PlantAsync(f => f[Encoding.Latin1.GetString([0xff, 0x66])] = "x")));

        // Keys of another type, and stale or repeated queue entries.
        foreach (var (n, kind) in new[] { ("B3.94", "List"), ("B3.95", "Set"), ("B3.96", "SortedSet"), ("B3.97", "Stream") })
            list.Add(new BadInputCase(n, "B3 keys", $"job key holding a {kind.ToUpperInvariant()} instead of a hash", $"skipped ({kind} key left)", async env =>
            {
                RedisValue id = Guid.NewGuid().ToString("D");
                await WriteKeyOfTypeAsync(env.Db, BadInputEnv.JobKey(id), kind);
                await env.QueueAsync(id);
                return id;
            }));
        list.Add(new BadInputCase("B3.98", "B3 keys", "route queue key (default:low) holding a HASH; good jobs on default:normal", "no-record", async env =>
        {
            var key = $"{BadInputEnv.Prefix}:route:default:queue:low";
            await WriteKeyOfTypeAsync(env.Db, key, "Hash");
            return "queue:" + key;
        }, Isolate: true));
        list.Add(new BadInputCase("B3.99", "B3 keys", "route queue key (default:high) holding a ZSET; good jobs on default:normal", "no-record", async env =>
        {
            var key = $"{BadInputEnv.Prefix}:route:default:queue:high";
            await WriteKeyOfTypeAsync(env.Db, key, "SortedSet");
            return "queue:" + key;
        }, Isolate: true));
        list.Add(new BadInputCase("B3.100", "B3 keys", "the paused-routes key holding a STRING (no route counts as paused)", "completed", async env =>
        {
            await env.Db.StringSetAsync($"{BadInputEnv.Prefix}:paused", "oops");
            return await env.PlantAsync(_ => { });
        }, Isolate: true));
        list.Add(new BadInputCase("B3.101", "B3 keys", "the id of a dead job pushed again (dropped, stays dead, not run)", "dead:DesignedDead", async env =>
        {
            var id = await env.PlantAsync(f => { f["status"] = "failed"; f["error_type"] = "DesignedDead"; f["error"] = "designed"; f["completed_at"] = BadInputEnv.Now(); f["attempts"] = "1"; });
            await env.Db.ListLeftPushAsync($"{BadInputEnv.Prefix}:queue:dead", id);
            await env.Db.HashSetAsync(BadInputEnv.ResultKey(id), [new("status", "failed"), new("error_type", "DesignedDead")]);
            return id;
        }));
        list.Add(new BadInputCase("B3.102", "B3 keys", "the id of a job running under a live lease pushed again (dropped; the job runs once, after its lease expires)", "completed", async env =>
        {
            var id = await env.PlantAsync(f => { f["status"] = "processing"; f["lease_token"] = "foreign"; f["worker_id"] = "gone"; f["attempts"] = "1"; f["max_retries"] = "1"; f["started_at"] = BadInputEnv.Now(); });
            await env.Db.SortedSetAddAsync($"{BadInputEnv.Prefix}:queue:leases", id, DateTimeOffset.UtcNow.AddMilliseconds(1500).ToUnixTimeMilliseconds());
            return id;
        }));
        list.Add(new BadInputCase("B3.103", "B3 keys", "the id of a scheduled job (due in 2 s) also pushed onto its queue (runs once)", "completed", async env =>
        {
            var due = DateTimeOffset.UtcNow.AddSeconds(2);
            var id = await env.PlantAsync(f => { f["status"] = "scheduled"; f["scheduled_for"] = due.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture); });
            await env.Db.SortedSetAddAsync($"{BadInputEnv.Prefix}:queue:scheduled", id, due.ToUnixTimeMilliseconds() / 1000.0);
            return id;
        }, Isolate: true));
        list.Add(new BadInputCase("B3.104", "B3 keys", "an empty queue entry", Malformed, async env => { await env.QueueAsync(""); return ""; }));
        list.Add(new BadInputCase("B3.105", "B3 keys", "the same id on all three priorities of its route", "completed", async env =>
        {
            var id = await env.PlantAsync(_ => { });
            await env.QueueAsync(id, "high");
            await env.QueueAsync(id, "low");
            return id;
        }, Isolate: true));

        // Ids a foreign producer could write (the client accepts 1-128 UTF-16 characters, no whitespace or control character).
        void Id(string n, string what, RedisValue id, string expect) => list.Add(new BadInputCase(n, "B7 id", what, expect, env => env.PlantAsync(_ => { }, id: id)));
        string Tail() => Guid.NewGuid().ToString("N")[..8];
        Id("B7.04", "id of 128 characters (at the limit)", new string('i', 120) + Tail(), "completed");
        Id("B7.05", "id of 129 characters", new string('i', 121) + Tail(), Malformed);
        Id("B7.06", "id with an emoji (4-byte UTF-8)", "\U0001F34C-" + Tail(), "completed");
        Id("B7.07", "id with a NUL byte", "a\0b-" + Tail(), Malformed);
        Id("B7.08", "id with a newline", "a\nb-" + Tail(), Malformed);
        Id("B7.09", "id with a no-break space (U+00A0)", "a\u00a0b-" + Tail(), Malformed);
        Id("B7.10", "id with an ideographic space (U+3000)", "a\u3000b-" + Tail(), Malformed);
        Id("B7.11", "id with an overlong UTF-8 '/' (C0 AF)", (RedisValue)Encoding.ASCII.GetBytes("a-" + Tail()).Concat(new byte[] { 0xc0, 0xaf }).ToArray(), Malformed);
        Id("B7.12", "id with a UTF-8-encoded surrogate (ED A0 80)", (RedisValue)Encoding.ASCII.GetBytes("a-" + Tail()).Concat(new byte[] { 0xed, 0xa0, 0x80 }).ToArray(), Malformed);
        Id("B7.13", "id with glob and hash-tag characters *?[]{}:", "*?[]{}:" + Tail(), "completed");
        Id("B7.14", "id that looks like a path (../../x)", "../../" + Tail(), "completed");
        Id("B7.15", "id of 62 emoji and 4 letters (128 UTF-16 units: at the limit)", string.Concat(Enumerable.Repeat("\U0001F34C", 62)) + Tail()[..4], "completed");
        Id("B7.17", "id of 63 emoji and 4 letters (130 UTF-16 units, 256 bytes)", string.Concat(Enumerable.Repeat("\U0001F34C", 63)) + Tail()[..4], Malformed);
        Id("B7.16", "id with a zero-width space (U+200B: not whitespace to .NET)", "a\u200bb-" + Tail(), "completed");

        // Redis users an ACL restricts (reliability-plan.md §3 S1/S2): the client's side.
        list.Add(new BadInputCase("B10.01", "B10 ACL", "client without +publish: enqueue stores and queues (the wake-up is a hint)", "completed (enqueue returned)",
            env => EnqueueAsAsync(env, ClientNoPublish)));
        list.Add(new BadInputCase("B10.02", "B10 ACL", "client without scripting (-@scripting): enqueue refused, nothing stored", "no-record (enqueue threw RedisServerException NOPERM)",
            env => EnqueueAsAsync(env, ClientNoScripts)));
        list.Add(new BadInputCase("B10.03", "B10 ACL", "client with read-only job keys: enqueue refused before any write", "no-record (enqueue threw RedisServerException NOPERM)",
            env => EnqueueAsAsync(env, ClientJobReadOnly)));
        list.Add(new BadInputCase("B10.04", "B10 ACL", "client with a read-only routes set: enqueue refused before any write", "no-record (enqueue threw RedisServerException NOPERM)",
            env => EnqueueAsAsync(env, ClientRoutesReadOnly)));
        list.Add(new BadInputCase("B10.05", "B10 ACL", "client with no pub/sub channels (resetchannels): enqueue stores and queues", "completed (enqueue returned)",
            env => EnqueueAsAsync(env, ClientNoChannels)));
        list.Add(new BadInputCase("B10.06", "B10 ACL", "admin without +publish resumes a paused route: resumed, success reported, its job runs", "completed (resume returned True)", async env =>
        {
            await env.Client.Admin.PauseRouteAsync(RoutingKey.Parse("default"));
            var id = await env.PlantAsync(_ => { });
            try
            {
                env.Note("resume returned " + await env.ClientAs(ClientNoPublish).Admin.ResumeRouteAsync(RoutingKey.Parse("default")));
            }
            catch (Exception ex)
            {
                env.Note("resume threw " + BadInputEnv.Brief(ex));
                await env.Client.Admin.ResumeRouteAsync(RoutingKey.Parse("default"));
            }
            return id;
        }, Isolate: true));

        // The worker's side: each job on the user's own route, its worker connecting as that user.
        void Worker(string n, AclUser user, string what, string expect, string? open = null, Action<Dictionary<string, RedisValue>>? edit = null, bool alone = false) =>
            list.Add(new BadInputCase(n, "B10 ACL", what, expect, env => env.PlantAsync(edit ?? (_ => { }), route: user.Route), open, Worker: user) { Alone = alone, WaitSeconds = alone ? 14 : 4 });
        Worker("B10.10", WorkerNoPublish, "worker without +publish: runs and acks (wake-ups and result notices are hints)", "completed; run by its ACL worker");
        Worker("B10.11", WorkerNoSubscribe, "worker without +subscribe: no wake-ups, it polls and runs the job", "completed; run by its ACL worker; its ACL worker logged NOPERM");
        Worker("B10.12", WorkerNoScripts, "worker without scripting: fetch refused (reported), the job is left untouched for a worker with the rights", "completed; run by the rescue worker; its ACL worker logged NOPERM");
        Worker("B10.13", WorkerNoInfo, "worker without +info/+config: the eviction-policy check is refused (config_unavailable, at Information), it runs the job", "completed; run by its ACL worker");
        Worker("B10.14", WorkerResultReadOnly, "worker with read-only result keys: nothing writes them any more (the outcome is in the job hash, wire-format D10), so its ack completes the job", "completed; run by its ACL worker", alone: true);
        Worker("B10.15", WorkerNoJobKeys, "worker without access to job keys: its fetch pushes every popped id back (note 'refused', reported); a worker with the rights runs the job", "completed; run by the rescue worker; its ACL worker logged NOPERM");
        Worker("B10.16", WorkerDeadReadOnly, "worker with a read-only dead list: its fetch is refused (declared key); a worker with the rights runs the job designed to fail and dead-letters it", "dead:System.InvalidOperationException; run by the rescue worker; its ACL worker logged NOPERM",
            edit: f => { f["name"] = ChaosConfig.FailN; f["payload"] = "{\"n\":9}"; });
        list.Add(new BadInputCase("B10.17", "B10 ACL", "worker without access to job keys, a due scheduled job on its route: its maintenance leaves the job scheduled (refused before any write, reported); a worker with the rights queues and runs it", "completed; run by the rescue worker; its ACL worker logged NOPERM", async env =>
        {
            var due = DateTimeOffset.UtcNow.AddSeconds(1);
            var id = Guid.NewGuid().ToString("D");
            var fields = BadInputEnv.GoodFields(id, WorkerNoJobKeys.Route);
            fields["status"] = "scheduled";
            fields["scheduled_for"] = due.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
            await env.Db.HashSetAsync(BadInputEnv.JobKey(id), fields.Select(kv => new HashEntry(kv.Key, kv.Value)).ToArray());
            await env.Db.SetAddAsync($"{BadInputEnv.Prefix}:routes", WorkerNoJobKeys.Route);
            await env.Db.SortedSetAddAsync($"{BadInputEnv.Prefix}:queue:scheduled", id, due.ToUnixTimeMilliseconds() / 1000.0);
            return id;
        }, Worker: WorkerNoJobKeys));

        string[] isolated = ["B3.40", "B3.41", "B3.42", "B3.43", "B3.44", "B3.45", "B7.01", "B7.02", "B7.03"];
        return list.Select(c => isolated.Contains(c.Id) ? c with { Isolate = true } : c).ToList();
    }

    /// <summary>Enqueues a noop job through a client connected as <paramref name="user"/>; notes what the call answered.</summary>
    private static async Task<RedisValue> EnqueueAsAsync(BadInputEnv env, AclUser user)
    {
        var id = Guid.NewGuid().ToString("D");
        try
        {
            await env.ClientAs(user).EnqueueAsync(ChaosConfig.Noop, "{}", new JobOptions { JobId = JobId.Parse(id), MaxRetries = 0 });
            env.Note("enqueue returned");
        }
        catch (Exception ex)
        {
            env.Note("enqueue threw " + BadInputEnv.Brief(ex));
        }
        return id;
    }

    private static async Task WriteKeyOfTypeAsync(IDatabase db, RedisKey key, string kind)
    {
        switch (kind)
        {
            case "List": await db.ListLeftPushAsync(key, "x"); break;
            case "Set": await db.SetAddAsync(key, "x"); break;
            case "SortedSet": await db.SortedSetAddAsync(key, "x", 1); break;
            case "Stream": await db.StreamAddAsync(key, "f", "v"); break;
            case "Hash": await db.HashSetAsync(key, "x", "y"); break;
            default: throw new ArgumentOutOfRangeException(nameof(kind), kind, "no such key type");
        }
    }

    private static string Show(RedisValue v)
    {
        var s = v.ToString();
        return s.Length > 24 ? $"'{s[..12]}…' ({s.Length} chars)" : $"'{s}'";
    }
}
