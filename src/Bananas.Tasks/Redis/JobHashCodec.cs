using System.Globalization;
using Bananas.Tasks.Engine;
using StackExchange.Redis;

namespace Bananas.Tasks.Redis;

/// <summary>
/// Converts between <see cref="JobRecord"/> and the fields of the <c>{prefix}:job:{id}</c> hash (docs/wire-format.md):
/// priority as <c>high|normal|low</c>, status as its wire name, timestamps as RFC 3339 UTC
/// (<c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c>), integers as decimal text. Unknown fields are ignored.
/// </summary>
internal static class JobHashCodec
{
    /// <summary>The timestamp format written.</summary>
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>RFC 3339 UTC text of a time, exactly as <see cref="TimestampFormat"/> writes it (written digit by digit: every call of the hot path formats one).</summary>
    public static string FormatTime(DateTimeOffset time) => string.Create(28, time.UtcDateTime, static (text, utc) =>
    {
        WriteDigits(text[..4], utc.Year);
        text[4] = '-';
        WriteDigits(text.Slice(5, 2), utc.Month);
        text[7] = '-';
        WriteDigits(text.Slice(8, 2), utc.Day);
        text[10] = 'T';
        WriteDigits(text.Slice(11, 2), utc.Hour);
        text[13] = ':';
        WriteDigits(text.Slice(14, 2), utc.Minute);
        text[16] = ':';
        WriteDigits(text.Slice(17, 2), utc.Second);
        text[19] = '.';
        WriteDigits(text.Slice(20, 7), (int)(utc.Ticks % TimeSpan.TicksPerSecond));
        text[27] = 'Z';
    });

    private static void WriteDigits(Span<char> target, int value)
    {
        for (int i = target.Length - 1; i >= 0; i--, value /= 10) target[i] = (char)('0' + value % 10);
    }

    /// <summary>Reads <see cref="TimestampFormat"/> text digit by digit; false for anything else (the general parser takes it then).</summary>
    private static bool TryParseWrittenFormat(string text, out DateTimeOffset time)
    {
        time = default;
        if (text.Length != 28 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != '.' || text[27] != 'Z')
            return false;
        if (!TryDigits(text, 0, 4, out var year) || !TryDigits(text, 5, 2, out var month) || !TryDigits(text, 8, 2, out var day)
            || !TryDigits(text, 11, 2, out var hour) || !TryDigits(text, 14, 2, out var minute) || !TryDigits(text, 17, 2, out var second)
            || !TryDigits(text, 20, 7, out var fraction))
            return false;
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            return false;
        var utc = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(fraction);
        time = new DateTimeOffset(utc);
        return true;
    }

    private static bool TryDigits(string text, int start, int length, out int value)
    {
        value = 0;
        for (int i = start; i < start + length; i++)
        {
            var digit = text[i] - '0';
            if ((uint)digit > 9) return false;
            value = value * 10 + digit;
        }
        return true;
    }

    /// <summary>Unix seconds (fractional) as the scheduled ZSET scores them, in round-trip text.</summary>
    public static string FormatUnixSeconds(DateTimeOffset time) => ToUnixSeconds(time).ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Unix seconds of a time, to the microsecond.</summary>
    public static double ToUnixSeconds(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (double)TimeSpan.TicksPerSecond;

    /// <summary>
    /// The time of a scheduled-ZSET score, to the microsecond (the precision a double keeps for current dates), and
    /// never earlier than the score: at the returned time a promotion sees the job as due.
    /// </summary>
    public static DateTimeOffset FromUnixSeconds(double seconds)
    {
        const long ticksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;
        var time = DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(seconds * 1_000_000d) * ticksPerMicrosecond);
        while (ToUnixSeconds(time) < seconds) time = time.AddTicks(ticksPerMicrosecond);
        return time;
    }

    /// <summary>
    /// The field/value pairs an enqueue writes: every field of the record except <c>status</c>, <c>created_at</c> and
    /// <c>updated_at</c>, which the enqueue script sets from the engine clock.
    /// </summary>
    public static List<RedisValue> EncodeForEnqueue(JobRecord job)
    {
        var fields = new List<RedisValue>(28)
        {
            "id", job.Id.Value,
            "name", job.Name,
            "payload", job.Payload,
            "priority", job.Priority.ToWireName(),
            "routing_key", job.RoutingKey.Value,
            "attempts", job.Attempts.ToString(CultureInfo.InvariantCulture),
            "max_retries", job.MaxRetries.ToString(CultureInfo.InvariantCulture),
        };
        void Add(string field, string? value)
        {
            if (value is null) return;
            fields.Add(field);
            fields.Add(value);
        }
        Add("description", job.Description);
        Add("timeout_ms", job.Timeout is { } timeout ? ((long)timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) : null);
        Add("scheduled_for", job.ScheduledFor is { } due ? FormatTime(due) : null);
        Add("started_at", job.StartedAt is { } started ? FormatTime(started) : null);
        Add("completed_at", job.CompletedAt is { } completed ? FormatTime(completed) : null);
        Add("error", job.Error);
        Add("error_type", job.ErrorType);
        Add("trace_parent", job.TraceParent);
        Add("worker_id", job.WorkerId);
        Add("notify_result", job.NotifyResult ? "1" : null); // wait-1.lua's mark, set at enqueue for EnqueueAndWaitAsync
        Add("unique_lock", job.UniqueLock);
        Add("unique_scope", job.UniqueLock is null ? null : UniqueScopeName(job.UniqueScope));
        Add("unique_for_ms", job.UniqueLock is not null && job.UniqueFor is { } unique ? LockTtlMs(unique) : null);
        if (job.RateBucket is not null && job.RateLimit is { } rate)
        {
            Add("rate_bucket", job.RateBucket);
            Add("rate_limit", rate.Limit.ToString(CultureInfo.InvariantCulture));
            Add("rate_period_ms", LockTtlMs(rate.Period));
            Add("rate_scope", job.RateScope == LimitScope.Route ? "route" : null); // absent: the task's bucket
        }
        Add("snoozes", job.Snoozes != 0 ? job.Snoozes.ToString(CultureInfo.InvariantCulture) : null); // absent = 0
        if (job.ConcurrencyKey is not null && job.ConcurrencyLimit is { } concurrency)
        {
            Add("conc_key", job.ConcurrencyKey);
            Add("conc_limit", concurrency.ToString(CultureInfo.InvariantCulture));
        }
        Add("seq_lock", job.SequenceLock);
        Add("seq_hold", job.SequenceLock is not null && job.SequenceHold == SequenceHold.UntilCompleted ? "until_completed" : null); // absent = until_completed_or_dead
        if (job.DebounceLock is not null && job.DebounceMode != DebounceMode.None)
        {
            Add("debounce_lock", job.DebounceLock);
            Add("debounce_mode", job.DebounceMode == DebounceMode.Replace ? "replace" : "debounce");
            Add("debounce_ms", job.DebounceWindow is { } window ? LockTtlMs(window) : null);
        }
        Add("waiting_on", job.WaitingOn);
        if (job.Workflow is { } step) WorkflowFields.Encode(step, Add);
        return fields;
    }

    /// <summary>Hash entries as a dictionary (last value wins for a repeated field).</summary>
    public static Dictionary<string, string> ToDictionary(HashEntry[] entries)
    {
        var fields = new Dictionary<string, string>(entries.Length, StringComparer.Ordinal);
        foreach (var entry in entries) fields[entry.Name.ToString()] = entry.Value.ToString();
        return fields;
    }

    /// <summary>A flat <c>field, value, …</c> reply (HGETALL inside a script) as a dictionary.</summary>
    public static Dictionary<string, string> ToDictionary(RedisResult[] flat)
    {
        var fields = new Dictionary<string, string>(flat.Length / 2, StringComparer.Ordinal);
        for (int i = 0; i + 1 < flat.Length; i += 2) fields[flat[i].ToString()] = flat[i + 1].ToString();
        return fields;
    }

    /// <summary>
    /// Every field <see cref="TryDecode"/> and <see cref="DecodeLenient"/> read (<c>JobHashCodecTests</c> checks that the
    /// decoder reads these and no other). A listing page fetches only these of each hash (<c>HMGET</c> in
    /// <c>list-page-n.lua</c>), so whatever else a hash holds does not travel.
    /// </summary>
    public static IReadOnlyList<string> RecordFields { get; } =
    [
        "name", "payload", "priority", "routing_key", "status", "attempts", "max_retries", "timeout_ms", "error", "error_type",
        "description", "trace_parent", "created_at", "updated_at", "scheduled_for", "started_at", "completed_at", "worker_id",
        "error_history", "snoozes", "notify_result", "unique_lock", "unique_scope", "unique_for_ms", "rate_bucket", "rate_limit", "rate_period_ms", "rate_slot", "rate_scope",
        "conc_key", "conc_limit", "seq_lock", "seq_hold", "debounce_lock", "debounce_mode", "debounce_ms", "waiting_on",
        "progress", "progress_at",
        "wf", "wf_deps", "wf_arity", "wf_input", "wf_join", "wf_next", "wf_on_fail", "wf_fallback", "wf_comp", "wf_role",
    ];

    /// <summary>The wire name of a unique scope (<c>unique_scope</c>, and enqueue-n.lua's per-job scope argument).</summary>
    public static string UniqueScopeName(UniqueScope scope) => scope switch
    {
        UniqueScope.WhileQueued => "while_queued",
        UniqueScope.WhileQueuedOrRunning => "while_queued_or_running",
        UniqueScope.ForPeriod => "for_period",
        _ => "",
    };

    private static UniqueScope ParseUniqueScope(string? text) => text switch
    {
        "while_queued" => UniqueScope.WhileQueued,
        "while_queued_or_running" => UniqueScope.WhileQueuedOrRunning,
        "for_period" => UniqueScope.ForPeriod,
        _ => UniqueScope.None,
    };

    /// <summary>A lock's TTL as whole milliseconds, rounded up.</summary>
    public static string LockTtlMs(TimeSpan span) => ((long)Math.Ceiling(span.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>The reply of an <c>HMGET</c> of <see cref="RecordFields"/> as a dictionary; absent fields are left out.</summary>
    public static Dictionary<string, string> ToDictionary(RedisResult[] values, IReadOnlyList<string> names)
    {
        var fields = new Dictionary<string, string>(names.Count, StringComparer.Ordinal);
        for (int i = 0; i < values.Length && i < names.Count; i++)
            if (!values[i].IsNull) fields[names[i]] = values[i].ToString();
        return fields;
    }

    /// <summary>
    /// Strict decoding of a record fetch-n.lua returned, as a worker needs it: false with <paramref name="error"/> naming the
    /// key, the first bad field and its value when a field is missing (<c>name</c>, <c>payload</c>) or unreadable, or when
    /// <c>attempts</c> is 0 (the fetch counts each attempt, so a fetched record has at least 1).
    /// </summary>
    public static bool TryDecode(string key, JobId id, IReadOnlyDictionary<string, string> fields, out JobRecord? job, out string? error)
    {
        var problems = new List<string>();
        job = Decode(id, fields, problems);
        if (problems.Count == 0)
        {
            error = null;
            return true;
        }
        job = null;
        error = $"job record {key} is malformed: {problems[0]}";
        return false;
    }

    /// <summary>
    /// Lenient decoding, for reading (GetJob, ListDead): a missing name or payload reads as empty text, an unreadable
    /// field takes its default, so a dead record that was malformed can still be listed.
    /// </summary>
    public static JobRecord DecodeLenient(JobId id, IReadOnlyDictionary<string, string> fields) => Decode(id, fields, problems: null);

    private static JobRecord Decode(JobId id, IReadOnlyDictionary<string, string> fields, List<string>? problems)
    {
        string? Text(string field) => fields.TryGetValue(field, out var v) ? v : null;
        void Problem(string message) => problems?.Add(message);
        string Describe(string field, string value) => $"field '{field}' has value '{value}'";

        string Required(string field)
        {
            var value = Text(field);
            if (value is null) Problem($"field '{field}' is missing");
            return value ?? "";
        }

        int Count(string field, int fallback)
        {
            var value = Text(field);
            if (value is null) return fallback;
            // Digits only, as the scripts read them (to_int in _common.lua): a '+1' the fetch could not count is refused too.
            if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return n;
            Problem(Describe(field, value) + $"; expected an integer from 0 to {int.MaxValue}");
            return fallback;
        }

        DateTimeOffset? Time(string field)
        {
            var value = Text(field);
            if (value is null || value.Length == 0) return null;
            if (TryParseTime(value, out var time)) return time;
            Problem(Describe(field, value) + "; expected an RFC 3339 time with an offset, e.g. 2026-11-25T02:14:07.1234567Z");
            return null;
        }

        var name = Required("name");
        var payload = Required("payload");

        var priority = Priority.Normal;
        var priorityText = Text("priority");
        if (priorityText is null) Problem("field 'priority' is missing; expected high, normal or low");
        else if (!PriorityExtensions.TryParseWireName(priorityText, out priority)) Problem(Describe("priority", priorityText) + "; expected high, normal or low");

        var route = RoutingKey.Default;
        var routeText = Text("routing_key");
        if (routeText is not null && !RoutingKey.TryParse(routeText, out route))
        {
            Problem(Describe("routing_key", routeText) + "; expected " + BananasRules.RoutingKeyForm);
            route = RoutingKey.Default;
        }

        var status = JobStatus.Pending;
        var statusText = Text("status");
        if (statusText is not null && !JobStatusExtensions.TryParseWireName(statusText, out status))
            Problem(Describe("status", statusText) + "; expected pending, scheduled, processing, completed, failed or waiting");

        var attempts = Count("attempts", 0);
        // A fetched record (strict decoding) carries the attempt the fetch just counted: 0 there means the stored count
        // was -1, which the fetch turned into 0 instead of refusing it.
        if (problems is not null && attempts == 0 && Text("attempts") is { } fetchedAttempts && fetchedAttempts == "0")
            Problem(Describe("attempts", fetchedAttempts) + $" after the fetch counted this attempt (it was below 0 before); expected an integer from 0 to {int.MaxValue - 1} before a fetch");
        var maxRetries = Count("max_retries", 3);
        var snoozes = Count("snoozes", 0);
        TimeSpan? timeout = null;
        if (Text("timeout_ms") is { } timeoutText)
        {
            // Past JobRecordLimits.MaxTimeoutMs a CancellationTokenSource or Task.Delay refuses the duration (and far
            // past it TimeSpan overflows), so the range is checked before the conversion.
            if (long.TryParse(timeoutText, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms >= 1 && ms <= JobRecordLimits.MaxTimeoutMs)
                timeout = TimeSpan.FromMilliseconds(ms);
            else Problem(Describe("timeout_ms", timeoutText) + "; expected " + JobRecordLimits.TimeoutForm);
        }

        return new JobRecord
        {
            Id = id,
            Name = name,
            Payload = payload,
            Priority = priority,
            RoutingKey = route,
            Status = status,
            Attempts = attempts,
            MaxRetries = maxRetries,
            Snoozes = snoozes,
            Timeout = timeout,
            Error = Text("error"),
            ErrorType = Text("error_type"),
            Description = Text("description"),
            TraceParent = Text("trace_parent"),
            CreatedAt = Time("created_at") ?? default,
            UpdatedAt = Time("updated_at") ?? default,
            ScheduledFor = Time("scheduled_for"),
            StartedAt = Time("started_at"),
            CompletedAt = Time("completed_at"),
            WorkerId = Text("worker_id"),
            ErrorHistory = ParseErrorHistory(Text("error_history")),
            // Informational for the worker (the lock is the engine's business): unreadable values read as none.
            UniqueLock = Text("unique_lock"),
            UniqueScope = (ParseUniqueScope(Text("unique_scope")), Text("unique_lock")) is (var scope, not null) ? scope : UniqueScope.None,
            NotifyResult = Text("notify_result") == "1",
            RateBucket = Text("rate_bucket"),
            RateLimit = (int.TryParse(Text("rate_limit"), NumberStyles.None, CultureInfo.InvariantCulture, out var rateN), long.TryParse(Text("rate_period_ms"), NumberStyles.None, CultureInfo.InvariantCulture, out var ratePeriod)) is (true, true)
                && ratePeriod <= (long)TimeSpan.FromDays(1).TotalMilliseconds && new RateLimit(rateN, TimeSpan.FromMilliseconds(ratePeriod)) is var rl && rl.Problem() is null ? rl : null,
            RateScope = Text("rate_scope") == "route" ? LimitScope.Route : LimitScope.Task,
            RateSlot = long.TryParse(Text("rate_slot"), NumberStyles.None, CultureInfo.InvariantCulture, out var slotMs) && slotMs < 253402300800000 ? DateTimeOffset.FromUnixTimeMilliseconds(slotMs) : null,
            ConcurrencyKey = Text("conc_key"),
            ConcurrencyLimit = int.TryParse(Text("conc_limit"), NumberStyles.None, CultureInfo.InvariantCulture, out var concN) && concN >= 1 ? concN : null,
            SequenceLock = Text("seq_lock"),
            SequenceHold = Text("seq_hold") == "until_completed" ? SequenceHold.UntilCompleted : SequenceHold.UntilCompletedOrDead,
            DebounceLock = Text("debounce_lock"),
            DebounceMode = (Text("debounce_mode"), Text("debounce_lock")) switch { ("replace", not null) => DebounceMode.Replace, ("debounce", not null) => DebounceMode.Debounce, _ => DebounceMode.None },
            DebounceWindow = long.TryParse(Text("debounce_ms"), NumberStyles.None, CultureInfo.InvariantCulture, out var debounceMs) && debounceMs > 0 && debounceMs <= (long)TimeSpan.FromDays(366).TotalMilliseconds ? TimeSpan.FromMilliseconds(debounceMs) : null,
            WaitingOn = Text("waiting_on"),
            Workflow = WorkflowFields.Decode(Text),
            // Informational: an unreadable time reads as none and never makes a record malformed.
            Progress = Text("progress"),
            ProgressAt = Text("progress_at") is { Length: > 0 } progressAt && TryParseTime(progressAt, out var reportedAt) ? reportedAt : null,
            UniqueFor = long.TryParse(Text("unique_for_ms"), NumberStyles.None, CultureInfo.InvariantCulture, out var lockMs) && lockMs > 0 && lockMs <= (long)TimeSpan.FromDays(366).TotalMilliseconds ? TimeSpan.FromMilliseconds(lockMs) : null,
        };
    }

    /// <summary>
    /// The <c>error_history</c> field: a JSON array of <c>{"attempt":n,"error_type":"…","error":"…","at":"RFC 3339"}</c>,
    /// oldest first. Informational, so never a reason to refuse a record: absent (records written before it existed)
    /// or unreadable reads as empty, an unreadable entry is skipped.
    /// </summary>
    internal static IReadOnlyList<JobError> ParseErrorHistory(string? text)
    {
        if (string.IsNullOrEmpty(text)) return [];
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != System.Text.Json.JsonValueKind.Array) return [];
            var history = new List<JobError>();
            foreach (var entry in document.RootElement.EnumerateArray())
            {
                if (entry.ValueKind != System.Text.Json.JsonValueKind.Object) continue;
                int attempt = entry.TryGetProperty("attempt", out var a) && a.ValueKind == System.Text.Json.JsonValueKind.Number && a.TryGetInt32(out var n) ? n : 0;
                string type = entry.TryGetProperty("error_type", out var t) && t.ValueKind == System.Text.Json.JsonValueKind.String ? t.GetString()! : "";
                string error = entry.TryGetProperty("error", out var e) && e.ValueKind == System.Text.Json.JsonValueKind.String ? e.GetString()! : "";
                DateTimeOffset at = entry.TryGetProperty("at", out var w) && w.ValueKind == System.Text.Json.JsonValueKind.String && TryParseTime(w.GetString()!, out var time) ? time : default;
                history.Add(new JobError(attempt, type, error, at));
            }
            return history;
        }
        catch (System.Text.Json.JsonException)
        {
            return [];
        }
    }

    /// <summary>Parses RFC 3339 text that carries an offset (<c>Z</c> or <c>±hh:mm</c>); an offset-less time is refused.</summary>
    public static bool TryParseTime(string text, out DateTimeOffset time)
    {
        time = default;
        if (text.Length < 20) return false;
        var last = text[^1];
        bool hasOffset = last is 'Z' or 'z' || (text.Length >= 6 && text[^3] == ':' && text[^6] is '+' or '-');
        if (!hasOffset) return false;
        if (TryParseWrittenFormat(text, out time)) return true;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
    }
}
