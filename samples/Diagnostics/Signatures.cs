using Bananas.Tasks;

namespace Diagnostics.Signatures;

public static unsafe class SignatureTasks
{
    // BNT010: generic handler.
    [BananaTask]
    public static Task HandleAny<T>(string item) => Task.CompletedTask;

    // BNT011: ref and pointer parameters.
    [BananaTask]
    public static Task Increment(ref int counter, int* raw) => Task.CompletedTask;

    // BNT012: two cancellation tokens.
    [BananaTask]
    public static Task TwoTokens(string url, CancellationToken first, CancellationToken second) => Task.CompletedTask;

    // BNT014: a handler must return Task, ValueTask, Task<T> or ValueTask<T> (code fix for void: Task).
    [BananaTask]
    public static int ReturnsInt(string url) => url.Length;

    // BNT015: the generated invoker cannot call a private method.
    [BananaTask]
    private static Task Hidden(string url) => Task.CompletedTask;

    public static void UseHidden() => _ = Hidden("x");
}

public static class AsyncSignatureTasks
{
    // BNT013: async void (code fix: async Task).
    [BananaTask]
    public static async void FireAndForget(string url) => await Task.Yield();
}

public static class SensitiveMisuse
{
    // BNT016: [Sensitive] on a method that is not a task (nothing records it, so nothing redacts it).
    public static Task Send(string to, [Sensitive] string apiKey) => Task.CompletedTask;
}
