using Bananas.Tasks.Engine;
using StackExchange.Redis;

namespace Bananas.Tasks.Redis;

/// <summary>The Redis key and channel names of one prefix, exactly as <c>docs/wire-format.md</c> lists them.</summary>
internal sealed class RedisKeys
{
    /// <summary>
    /// Creates the names under <paramref name="prefix"/>; throws when the prefix is empty or has whitespace. In the cluster
    /// layout (and for the global keys of the per-route layout) every name starts with the prefix as a hash tag (<c>{bananas}:…</c>), so all of them hash to one slot: the
    /// ONE place the layout is decided (scripts build their other keys from <see cref="Prefix"/>, which carries the tag).
    /// </summary>
    public RedisKeys(string prefix, RedisKeyLayout layout = RedisKeyLayout.Classic)
    {
        if (string.IsNullOrEmpty(prefix) || prefix.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '{' or '}'))
            throw new ArgumentException($"Invalid Redis key prefix '{prefix}': expected non-empty text without whitespace, control characters or braces, e.g. 'bananas' (the cluster layout adds the braces itself).", nameof(prefix));
        Name = prefix;
        Layout = layout;
        prefix = layout == RedisKeyLayout.Classic ? prefix : "{" + prefix + "}";
        Prefix = prefix;
        Routes = prefix + ":routes";
        Scheduled = prefix + ":queue:scheduled";
        Dead = prefix + ":queue:dead";
        Leases = prefix + ":queue:leases";
        Schedules = prefix + ":schedules";
        Paused = prefix + ":paused";
        Workers = prefix + ":workers";
        Completed = prefix + ":queue:completed";
        Failed = prefix + ":queue:failed";
        ScheduledNotify = Channel(prefix + ":queue:scheduled:notify");
        Cancel = Channel(prefix + ":cancel");
    }

    /// <summary>
    /// A channel of these names: a plain one in the classic layout; in the cluster layout a sharded one (<c>SSUBSCRIBE</c>,
    /// Redis 7), which the scripts publish with <c>SPUBLISH</c> because its name starts with the hash tag (<c>notify</c>
    /// in <c>_common.lua</c>): the same rule on both sides.
    /// </summary>
    private RedisChannel Channel(string name) => Layout == RedisKeyLayout.Classic ? RedisChannel.Literal(name) : RedisChannel.Sharded(name);

    /// <summary>What every key starts with: the prefix (<c>bananas</c> by default), as a hash tag in the cluster layout (<c>{bananas}</c>).</summary>
    public string Prefix { get; }

    /// <summary>The configured prefix, without the cluster layout's braces.</summary>
    public string Name { get; }

    /// <summary>The layout these names follow.</summary>
    public RedisKeyLayout Layout { get; }

    /// <summary><c>{prefix}:routes</c> SET.</summary>
    public RedisKey Routes { get; }

    /// <summary><c>{prefix}:queue:scheduled</c> ZSET.</summary>
    public RedisKey Scheduled { get; }

    /// <summary><c>{prefix}:queue:dead</c> LIST.</summary>
    public RedisKey Dead { get; }

    /// <summary><c>{prefix}:queue:leases</c> ZSET.</summary>
    public RedisKey Leases { get; }

    /// <summary><c>{prefix}:instance</c>: STRING, the dataset marker a worker writes at start (see RedisQueueEngine.CheckDatasetAsync).</summary>
    public RedisKey Instance => $"{Prefix}:instance";

    /// <summary><c>{prefix}:layout</c>: STRING, the tagged layout (<c>cluster</c>, <c>cluster-per-route</c>) the prefix's first worker ran with (RedisQueueEngine.CheckLayoutMarkerAsync).</summary>
    public RedisKey LayoutMarker => $"{Prefix}:layout";

    /// <summary><c>{prefix}:schedules</c> SET: names of the periodic schedules that have a <c>{prefix}:cron:{schedule}</c> hash.</summary>
    public RedisKey Schedules { get; }

    /// <summary><c>{prefix}:paused</c> SET: routes no worker fetches from.</summary>
    public RedisKey Paused { get; }

    /// <summary><c>{prefix}:workers</c> ZSET: live worker ids, score = registration deadline (Unix ms, engine clock).</summary>
    public RedisKey Workers { get; }

    /// <summary><c>{prefix}:queue:completed</c> ZSET: recently completed ids, score = completion time (Unix ms); bounded.</summary>
    public RedisKey Completed { get; }

    /// <summary><c>{prefix}:queue:failed</c> ZSET: recently failed-for-good ids, score = failure time (Unix ms); bounded.</summary>
    public RedisKey Failed { get; }

    /// <summary><c>{prefix}:queue:waiting</c>: ZSET of the jobs a flow-control gate holds (status waiting), score = since when, Unix ms.</summary>
    public RedisKey Waiting => $"{Prefix}:queue:waiting";

    /// <summary><c>{prefix}:worker:{id}</c> HASH: one worker's registration, with a TTL.</summary>
    public RedisKey Worker(string workerId) => $"{Prefix}:worker:{workerId}";

    /// <summary><c>{prefix}:route:{route}:dead</c> LIST: the route's dead job ids, newest first.</summary>
    public RedisKey RouteDead(RoutingKey route) => $"{Prefix}:route:{route.Value}:dead";

    /// <summary><c>{prefix}:stats:{route}:minute:{yyyyMMddHH}</c> HASH: per-minute counts of one UTC hour.</summary>
    public RedisKey StatsMinutes(RoutingKey route, DateTimeOffset hour) =>
        $"{Prefix}:stats:{route.Value}:minute:{hour.UtcDateTime.ToString("yyyyMMddHH", System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary><c>{prefix}:stats:{route}:day:{yyyyMMdd}</c> HASH: counts of one UTC day.</summary>
    public RedisKey StatsDay(RoutingKey route, DateTimeOffset day) =>
        $"{Prefix}:stats:{route.Value}:day:{day.UtcDateTime.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary><c>{prefix}:queue:scheduled:notify</c>: a job became scheduled (delayed enqueue or retry).</summary>
    public RedisChannel ScheduledNotify { get; }

    /// <summary><c>{prefix}:cancel</c>: message = id of a processing job to cancel.</summary>
    public RedisChannel Cancel { get; }

    /// <summary><c>{prefix}:route:{route}:queue:{high|normal|low}</c> LIST.</summary>
    public RedisKey Queue(RoutingKey route, Priority priority) => $"{Prefix}:route:{route.Value}:queue:{priority.ToWireName()}";

    /// <summary>The three queues of a route in serving order.</summary>
    public RedisKey[] Queues(RoutingKey route) => [Queue(route, Priority.High), Queue(route, Priority.Normal), Queue(route, Priority.Low)];

    /// <summary><c>{prefix}:job:{id}</c> HASH.</summary>
    public RedisKey Job(JobId id) => $"{Prefix}:job:{id.Value}";

    /// <summary><c>{prefix}:wf:{id}</c> HASH: a workflow (docs/wire-format.md "Workflow keys").</summary>
    public RedisKey Workflow(string id) => $"{Prefix}:wf:{id}";

    /// <summary><c>{prefix}:result:{id}</c> HASH.</summary>
    public RedisKey Result(JobId id) => $"{Prefix}:result:{id.Value}";

    /// <summary><c>{prefix}:result:notify:{id}</c> channel: <c>ready</c> when the result is written.</summary>
    public RedisChannel ResultNotify(JobId id) => Channel($"{Prefix}:result:notify:{id.Value}");

    /// <summary><c>{prefix}:progress:{id}</c> channel: the JSON text of each progress report stored for the job.</summary>
    public RedisChannel Progress(JobId id) => Channel($"{Prefix}:progress:{id.Value}");

    /// <summary><c>{prefix}:cron:{schedule}</c> HASH: one periodic schedule's state (the caller validates the name).</summary>
    public RedisKey Cron(string scheduleName) => $"{Prefix}:cron:{scheduleName}";

    /// <summary><c>{prefix}:notify:{route}</c> channel: a queue of the route went from empty to non-empty.</summary>
    public RedisChannel RouteNotify(RoutingKey route) => Channel($"{Prefix}:notify:{route.Value}");
}
