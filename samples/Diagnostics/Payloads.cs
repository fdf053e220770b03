using Bananas.Tasks;

namespace Diagnostics.Payloads;

public record Thumbnail(string Url, int Width);

public static class PayloadTasks
{
    // BNT050: a stream cannot travel through the queue.
    [BananaTask]
    public static Task Upload(Stream body) => Task.CompletedTask;

    // BNT051: nor can a delegate result.
    [BananaTask]
    public static Task<Func<int>> MakeCallback(string name) => Task.FromResult<Func<int>>(() => 1);

    // BNT052: Thumbnail is covered by no registered JsonSerializerContext (none is registered).
    [BananaTask]
    public static Task<Thumbnail> Resize(string url, int width) => Task.FromResult(new Thumbnail(url, width));
}
