namespace Bananas.Tasks.Client;

/// <summary>
/// The per-job settings rules (route, priority, retries, timeout) in one place: an enqueue's
/// <see cref="JobOptions"/> and a periodic schedule's options both go through <see cref="Check"/> and put their own
/// context before its clause ("Cannot enqueue task 'x': …", "Invalid periodic schedule 'y': …").
/// </summary>
internal static class JobOptionsRules
{
    /// <summary>
    /// What is wrong, as a clause, or null; <paramref name="routingKey"/> is the parsed route (validated once) or
    /// <see cref="RoutingKey.Default"/> when <paramref name="route"/> is null.
    /// </summary>
    public static string? Check(string? route, Priority? priority, int? maxRetries, TimeSpan? timeout, out RoutingKey routingKey)
    {
        routingKey = RoutingKey.Default;
        if (route is not null && !RoutingKey.TryParse(route, out routingKey))
            return "invalid " + BananasRules.ValidateRoutingKey(route); // the error path only: name what is wrong
        if (priority is { } p && !BananasRules.IsValidPriority((int)p))
            return $"priority {(int)p} is not High (1), Normal (2) or Low (3)";
        if (maxRetries is < 0)
            return $"MaxRetries is {maxRetries}; expected 0 or more";
        if (timeout is { } t && t <= TimeSpan.Zero)
            return $"Timeout is {t}; expected a positive duration";
        return null;
    }
}
