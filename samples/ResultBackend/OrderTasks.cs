using System.Text.Json.Serialization;
using Bananas.Tasks;

[assembly: BananasJsonContext(typeof(ResultBackend.OrderJson))]

namespace ResultBackend;

public sealed record Order(string Id, int Quantity, decimal UnitPrice);
public sealed record Quote(string OrderId, decimal Total, string Currency);

public static class OrderTasks
{
    [BananaTask(Priority = Priority.High)]
    public static Task<Quote> PriceOrder(Order order, CancellationToken cancellationToken)
    {
        if (order.Quantity <= 0) throw new ArgumentOutOfRangeException(nameof(order), $"order {order.Id}: quantity must be positive, got {order.Quantity}");
        return Task.FromResult(new Quote(order.Id, order.Quantity * order.UnitPrice * 1.19m, "EUR"));
    }

    [BananaTask(Route = "default", Priority = Priority.Low)]
    public static async Task<string> SlowReport(int milliseconds, CancellationToken cancellationToken)
    {
        await Task.Delay(milliseconds, cancellationToken);
        return $"report ready after {milliseconds} ms";
    }
}

[JsonSerializable(typeof(Order))]
[JsonSerializable(typeof(Quote))]
internal sealed partial class OrderJson : JsonSerializerContext;
