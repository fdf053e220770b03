namespace Bananas.Tasks;

/// <summary>
/// Keeps jobs written by older code decodable after a parameter of a <c>[BananaTask]</c> method is renamed: the
/// generated decoder reads a payload property named <see cref="OldName"/> into this parameter, as if it had the
/// parameter's own name. New jobs are written with the parameter's current name.
/// </summary>
/// <remarks>
/// <para>Use it when <c>BananaTasks.Shipped.txt</c> lists the old name (the analyzer reports BNT141 for a shipped
/// parameter that no parameter accepts): <c>Task Resize([BananaArgument("url")] Uri source)</c> accepts the
/// <c>"url"</c> of the jobs already queued. A payload that carries both names fails as a repeated property.</para>
/// <para>Apply it once per old name. An old name that is the name of another payload parameter of the same task, or
/// already an old name of an earlier parameter, is ignored: that property belongs to the other parameter (the analyzer
/// reports BNT028, as it does on an injected parameter or outside a task). See <c>docs/payload-contracts.md</c>.</para>
/// </remarks>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = true, Inherited = false)]
public sealed class BananaArgumentAttribute(string oldName) : Attribute
{
    /// <summary>A name this parameter had in payloads written by earlier code.</summary>
    public string OldName { get; } = oldName;
}
