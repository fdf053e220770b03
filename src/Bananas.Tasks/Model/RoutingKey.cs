namespace Bananas.Tasks;

/// <summary>A validated routing key: 1-64 characters of [A-Za-z0-9_-]. Default <c>default</c>.</summary>
public readonly record struct RoutingKey
{
    private readonly string? _value;

    private RoutingKey(string value) => _value = value;

    /// <summary>The key text; <c>default</c> for a default-constructed value.</summary>
    public string Value => _value ?? BananasRules.DefaultRoutingKey;

    /// <summary>The <c>default</c> route.</summary>
    public static RoutingKey Default { get; } = new(BananasRules.DefaultRoutingKey);

    /// <summary>Validates and wraps a key; throws <see cref="ArgumentException"/> naming the key and the accepted form.</summary>
    public static RoutingKey Parse(string key)
    {
        var error = BananasRules.ValidateRoutingKey(key);
        if (error is not null) throw new ArgumentException("Invalid " + error + ".", nameof(key));
        return new RoutingKey(key);
    }

    /// <summary>Validates and wraps a key.</summary>
    public static bool TryParse(string? key, out RoutingKey routingKey)
    {
        routingKey = default;
        if (!BananasRules.IsValidRoutingKey(key)) return false;
        routingKey = new RoutingKey(key!);
        return true;
    }

    /// <summary>
    /// Parses an ordered, comma-separated list (<c>gpu,default</c>). Whitespace around entries is ignored;
    /// duplicates are an error.
    /// </summary>
    public static IReadOnlyList<RoutingKey> ParseList(string list)
    {
        ArgumentNullException.ThrowIfNull(list);
        var result = new List<RoutingKey>();
        foreach (var raw in list.Split(','))
        {
            var key = Parse(raw.Trim());
            if (result.Contains(key)) throw new ArgumentException($"Routing key '{key}' appears twice in '{list}'.", nameof(list));
            result.Add(key);
        }
        return result;
    }

    /// <inheritdoc/>
    public override string ToString() => Value;

    /// <summary>Converts text to a routing key, validating it.</summary>
    public static implicit operator RoutingKey(string key) => Parse(key);
}
