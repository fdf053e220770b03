using Bananas.Tasks;

namespace Dashboard;

/// <summary>The payment gateway of the demo: while it is down, charges fail for good (to show the dead letter queue and a requeue).</summary>
public sealed class PaymentGateway
{
    /// <summary>True while charges fail. Starts up; <c>DEMO_GATEWAY_DOWN=true</c> starts it down.</summary>
    public bool IsDown { get; set; }
}

/// <summary>Charges a card: the card number is [Sensitive], so the dashboard shows [redacted] in its place.</summary>
public sealed class BillingTasks(PaymentGateway gateway)
{
    [BananaTask(Route = "billing", MaxRetries = 0)]
    public async Task<string> ChargeCard(string customer, int cents, [Sensitive] string cardNumber, CancellationToken cancellationToken)
    {
        await Task.Delay(50, cancellationToken);
        if (gateway.IsDown) throw new HttpRequestException($"payment gateway unavailable while charging {customer} {cents} cents (503 Service Unavailable)");
        return $"charged {customer} {cents} cents on card ending {cardNumber[^4..]}";
    }
}
