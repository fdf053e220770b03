namespace Bananas.Tasks;

/// <summary>Job priority. A worker drains high before normal before low within each route.</summary>
public enum Priority
{
    /// <summary>Served first (wire name <c>high</c>).</summary>
    High = 1,
    /// <summary>The default (wire name <c>normal</c>).</summary>
    Normal = 2,
    /// <summary>Served last (wire name <c>low</c>).</summary>
    Low = 3,
}

/// <summary>Wire names of <see cref="Priority"/>.</summary>
public static class PriorityExtensions
{
    /// <summary>The wire name: <c>high</c>, <c>normal</c> or <c>low</c>.</summary>
    public static string ToWireName(this Priority priority) =>
        BananasRules.PriorityWireName((int)priority)
        ?? throw new ArgumentOutOfRangeException(nameof(priority), priority, "Priority must be High (1), Normal (2) or Low (3).");

    /// <summary>Parses a wire name; false when it is not <c>high</c>, <c>normal</c> or <c>low</c>.</summary>
    public static bool TryParseWireName(string? name, out Priority priority)
    {
        var value = BananasRules.PriorityFromWireName(name);
        priority = value == 0 ? Priority.Normal : (Priority)value;
        return value != 0;
    }

    /// <summary>All priorities in serving order.</summary>
    public static IReadOnlyList<Priority> ServingOrder { get; } = [Priority.High, Priority.Normal, Priority.Low];
}
