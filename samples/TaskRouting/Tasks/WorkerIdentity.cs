namespace TaskRouting.Tasks;

/// <summary>Which worker this is ("gpu worker", …), so each handler can say who ran it.</summary>
public sealed record WorkerIdentity(string Name)
{
    /// <summary>Prints one line prefixed with the worker's name.</summary>
    public void Say(string text) => Console.WriteLine($"[{Name}] {text}");
}
