using Bananas.Tasks;

// The routes of this assembly (the analyzer reports any other route in [BananaTask] with BNT002).
[assembly: BananaRoutes("notifications", "reports", "priority-high", "priority-low", "customers", "orders")]

namespace MultiQueue;

// ---- Pattern 1: by task type. Quick notifications (concurrency 10) apart from heavy reports (concurrency 1). ----

public sealed class NotificationTasks(Demo demo)
{
    [BananaTask(Route = "notifications")]
    public async Task SendEmail(string to, string subject, TaskContext context, CancellationToken cancellationToken)
    {
        using var _ = demo.Running(context.RoutingKey);
        await Task.Delay(100, cancellationToken);
        demo.Print($"  [{context.RoutingKey}] send_email to={to} subject=\"{subject}\"");
    }

    /// <summary>The SMS gateway times out twice for every message: the worker retries with backoff (base × 2^attempt).</summary>
    [BananaTask(Route = "notifications", MaxRetries = 3)]
    public async Task SendSms(string phone, string text, TaskContext context, CancellationToken cancellationToken)
    {
        using var _ = demo.Running(context.RoutingKey);
        await Task.Delay(50, cancellationToken);
        var attempt = demo.Attempt(context);
        if (context.Attempt <= 2)
        {
            demo.Print($"  [{context.RoutingKey}] send_sms phone={phone}: gateway timeout ({attempt}), will retry");
            throw new TimeoutException("SMS gateway timed out");
        }
        demo.Print($"  [{context.RoutingKey}] send_sms phone={phone} text=\"{text}\": sent ({attempt})");
    }

    [BananaTask(Route = "notifications")]
    public async Task SendPush(int customerId, string message, TaskContext context, CancellationToken cancellationToken)
    {
        using var _ = demo.Running(context.RoutingKey);
        await Task.Delay(100, cancellationToken);
        demo.Print($"  [{context.RoutingKey}] send_push customer={customerId} \"{message}\"");
    }
}

public sealed class ReportTasks(Demo demo)
{
    [BananaTask(Route = "reports", TimeoutSeconds = 60)]
    public async Task<string> GenerateReport(string reportType, string dateRange, TaskContext context, CancellationToken cancellationToken)
    {
        using var _ = demo.Running(context.RoutingKey);
        await Task.Delay(200, cancellationToken);
        demo.Print($"  [{context.RoutingKey}] generate_report {reportType} {dateRange}");
        return $"{reportType}-{dateRange}.pdf";
    }

    [BananaTask(Route = "reports")]
    public async Task ExportData(string table, TaskContext context, CancellationToken cancellationToken)
    {
        using var _ = demo.Running(context.RoutingKey);
        await Task.Delay(200, cancellationToken);
        demo.Print($"  [{context.RoutingKey}] export_data {table}");
    }
}

// ---- Pattern 2: by priority. The worker serves priority-high first (concurrency 20) and priority-low last (2). ----
// send_email, whose default route is notifications, is also enqueued onto priority-high (JobOptions.Route), as the
// guide's send_email has handlers on both queues.

public sealed class PaymentTasks(Demo demo)
{
    [BananaTask(Route = "priority-high", Priority = Priority.High)]
    public async Task<string> ProcessPayment(int orderId, decimal amount, TaskContext context, CancellationToken cancellationToken)
    {
        using var _ = demo.Running(context.RoutingKey);
        await Task.Delay(50, cancellationToken);
        demo.Print($"  [{context.RoutingKey}] process_payment order={orderId} amount={amount:0.00}");
        return $"payment-{orderId}";
    }
}

public sealed class MaintenanceTasks(Demo demo)
{
    [BananaTask(Route = "priority-low", Priority = Priority.Low)]
    public async Task CleanupOldData(int olderThanDays, TaskContext context, CancellationToken cancellationToken)
    {
        using var _ = demo.Running(context.RoutingKey);
        await Task.Delay(150, cancellationToken);
        demo.Print($"  [{context.RoutingKey}] cleanup_old_data older_than_days={olderThanDays}");
    }

    [BananaTask(Route = "priority-low", Priority = Priority.Low)]
    public async Task GenerateAnalytics(string dashboard, TaskContext context, CancellationToken cancellationToken)
    {
        using var _ = demo.Running(context.RoutingKey);
        await Task.Delay(150, cancellationToken);
        demo.Print($"  [{context.RoutingKey}] generate_analytics {dashboard}");
    }
}

// ---- Pattern 3: by domain (bounded context). Customers (concurrency 5) and orders (concurrency 10). ----

public sealed class CustomerTasks(Demo demo)
{
    [BananaTask(Route = "customers")]
    public async Task CustomerCreated(int customerId, string email, TaskContext context, CancellationToken cancellationToken)
    {
        using var _ = demo.Running(context.RoutingKey);
        await Task.Delay(80, cancellationToken);
        demo.Print($"  [{context.RoutingKey}] customer_created id={customerId} email={email}");
    }

    [BananaTask(Route = "customers")]
    public async Task CustomerUpdated(int customerId, string field, TaskContext context, CancellationToken cancellationToken)
    {
        using var _ = demo.Running(context.RoutingKey);
        await Task.Delay(80, cancellationToken);
        demo.Print($"  [{context.RoutingKey}] customer_updated id={customerId} field={field}");
    }
}

public sealed class OrderTasks(Demo demo)
{
    /// <summary>An order without items can never be placed: a permanent failure goes to the dead letter queue at once.</summary>
    [BananaTask(Route = "orders")]
    public async Task OrderPlaced(int orderId, int items, TaskContext context, CancellationToken cancellationToken)
    {
        using var _ = demo.Running(context.RoutingKey);
        await Task.Delay(60, cancellationToken);
        if (items <= 0)
        {
            demo.Print($"  [{context.RoutingKey}] order_placed order={orderId}: rejected, no items ({demo.Attempt(context)}): no retry");
            throw new PermanentJobException($"order {orderId} has no items");
        }
        demo.Print($"  [{context.RoutingKey}] order_placed order={orderId} items={items}");
    }

    /// <summary>Fails while the carrier is down; after its one retry the job is dead-lettered.</summary>
    [BananaTask(Route = "orders", MaxRetries = 1)]
    public async Task<string> OrderShipped(int orderId, string carrier, TaskContext context, CancellationToken cancellationToken)
    {
        using var _ = demo.Running(context.RoutingKey);
        await Task.Delay(60, cancellationToken);
        var attempt = demo.Attempt(context);
        if (!demo.CarrierOnline)
        {
            demo.Print($"  [{context.RoutingKey}] order_shipped order={orderId}: {carrier} API unavailable ({attempt}){(context.IsLastAttempt ? ": out of retries, to the dead letter queue" : ", will retry")}");
            throw new HttpRequestException($"{carrier} API unavailable");
        }
        demo.Print($"  [{context.RoutingKey}] order_shipped order={orderId} via {carrier} ({attempt})");
        return $"{carrier}-{orderId}";
    }
}
