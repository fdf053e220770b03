using Bananas.Tasks;
using Bananas.Tasks.Workflows;

namespace Diagnostics.Workflows;

public sealed record Image(string Url);

public static class WorkflowTasks
{
    [BananaTask]
    public static Task<Image> Fetch(string url) => Task.FromResult(new Image(url));

    [BananaTask]
    public static Task<string> Publish(int width) => Task.FromResult(width.ToString());
}

public static class WorkflowChains
{
    // BNT170 (beside the compiler's CS0411): Publish takes an int, but Fetch produces an Image.
    public static object Build() => Fetch.Call("https://img/a.png").Then(Publish.Call);
}
