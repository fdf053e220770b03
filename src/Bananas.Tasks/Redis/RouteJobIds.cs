namespace Bananas.Tasks.Redis;

/// <summary>
/// The job ids of the per-route layout (<see cref="Engine.RedisKeyLayout.ClusterPerRoute"/>, docs/wire-format.md
/// "Per-route layout"): <c>{route}:{rest}</c>, e.g. <c>gpu:3f2a…</c>, so the route, and with it the hash slot of the job's
/// keys, is read from the id alone. The ONE place the form is decided: the client makes ids with it
/// (<see cref="IJobIdPolicy"/>), the engine reads them with it. Route names cannot hold ':' (letters, digits, '_', '-'),
/// so the route is the text before the first ':'.
/// </summary>
public static class RouteJobIds
{
    /// <summary>A fresh id for a job of <paramref name="route"/>: <c>{route}:{uuid}</c>.</summary>
    public static JobId New(RoutingKey route) => JobId.Parse(route.Value + ":" + Guid.NewGuid().ToString("D"));

    /// <summary>
    /// The id a job of <paramref name="route"/> is stored under when its caller chose <paramref name="id"/>: the id itself
    /// when it already starts with <c>{route}:</c>, else <c>{route}:{id}</c>; throws <see cref="ArgumentException"/> when
    /// that is longer than 128 characters.
    /// </summary>
    public static JobId For(RoutingKey route, JobId id)
    {
        if (TryGetRoute(id, out var own) && own == route) return id;
        var text = route.Value + ":" + id.Value;
        if (!JobId.TryParse(text, out var routed))
            throw new ArgumentException($"Job id '{id.Value}' with its route becomes '{text}', longer than 128 characters: the per-route layout (REDIS_LAYOUT=cluster-per-route) stores ids as '{{route}}:{{id}}'. Use a shorter id.", nameof(id));
        return routed;
    }

    /// <summary>The route an id names (the text before its first ':', when that is a valid route); false for any other id.</summary>
    public static bool TryGetRoute(JobId id, out RoutingKey route)
    {
        route = default;
        var text = id.Value;
        if (text is null) return false;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && colon < text.Length - 1 && RoutingKey.TryParse(text[..colon], out route);
    }
}

/// <summary>How an engine wants job ids made (the per-route layout: ids that carry their route). The client asks it.</summary>
internal interface IJobIdPolicy
{
    /// <summary>The id of a new job of <paramref name="route"/>: <paramref name="requested"/> (the caller's, adapted) or a fresh one.</summary>
    JobId IdFor(RoutingKey route, JobId? requested);
}
