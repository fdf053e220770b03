using Bananas.Tasks;

namespace Diagnostics.AttributeValues;

public static class AttributeValueTasks
{
    // BNT003: priority 7 does not exist.
    [BananaTask(Priority = (Priority)7)]
    public static Task PriorityTooHigh() => Task.CompletedTask;

    // BNT004: -1 is the "worker default" sentinel; -2 means nothing.
    [BananaTask(MaxRetries = -2)]
    public static Task NegativeRetries() => Task.CompletedTask;

    // BNT005: a negative timeout.
    [BananaTask(TimeoutSeconds = -30)]
    public static Task NegativeTimeout() => Task.CompletedTask;

    // BNT008: a retention below -1 (-1 = the process-wide setting, 0 = delete at completion).
    [BananaTask(KeepCompletedSeconds = -60)]
    public static Task NegativeRetention() => Task.CompletedTask;

    // BNT006: whitespace in a task name.
    [BananaTask(Name = "send report")]
    public static Task BadTaskName() => Task.CompletedTask;

    // BNT007: the proxy type name must be an identifier.
    [BananaTask(ProxyName = "2Fast")]
    public static Task BadProxyName() => Task.CompletedTask;
}
