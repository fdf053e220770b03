namespace Bananas.Tasks;

/// <summary>
/// Marks a parameter of a <c>[BananaTask]</c> method whose value is secret (a password, a token, personal data): views of
/// the job's payload, such as the dashboard's job page, show <c>[redacted]</c> in its place. The value is still stored in
/// the job's payload and passed to the task as usual: this hides it from people, it does not encrypt it. The analyzer
/// reports it on a parameter of a method without <c>[BananaTask]</c> or on one that is not in the payload (BNT016).
/// </summary>
[AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
public sealed class SensitiveAttribute : Attribute
{
}
