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

    // BNT017: UniqueBy names no parameter (did you mean 'orderId'?).
    [BananaTask(Unique = UniqueScope.WhileQueued, UniqueBy = new[] { "orderID" })]
    public static Task UniqueByTypo(string orderId) => Task.CompletedTask;

    // BNT018: a list has no stable text form for a unique key.
    [BananaTask(Unique = UniqueScope.WhileQueued, UniqueBy = new[] { nameof(ids) })]
    public static Task UniqueByList(List<int> ids) => Task.CompletedTask;

    // BNT019: ForPeriod without a period.
    [BananaTask(Unique = UniqueScope.ForPeriod)]
    public static Task UniqueWithoutPeriod(Guid customer) => Task.CompletedTask;

    // BNT009: UniqueBy without Unique does nothing.
    [BananaTask(UniqueBy = new[] { nameof(id) })]
    public static Task UniqueByWithoutUnique(int id) => Task.CompletedTask;

    // BNT023: 5000 starts per second are less than 1 ms apart.
    [BananaTask(RateLimit = 5000)]
    public static Task RateTooFast(string host) => Task.CompletedTask;

    // BNT024: PartitionBy without RateLimit or ConcurrencyLimit does nothing.
    [BananaTask(PartitionBy = nameof(tenantId))]
    public static Task PartitionWithoutRate(string tenantId) => Task.CompletedTask;

    // BNT025: the client takes a concurrency limit of 1 to 10000.
    [BananaTask(ConcurrencyLimit = 50_000)]
    public static Task ConcurrencyTooHigh(string host) => Task.CompletedTask;

    // BNT026: Unique and DebounceSeconds both decide what a second enqueue does.
    [BananaTask(Unique = UniqueScope.WhileQueued, DebounceSeconds = 30)]
    public static Task UniqueAndDebounced(string documentId) => Task.CompletedTask;

    // BNT027: DebounceBy without DebounceSeconds or Replace does nothing.
    [BananaTask(DebounceBy = new[] { nameof(documentId) })]
    public static Task DebounceByWithoutDebounce(string documentId) => Task.CompletedTask;
}
