using System.Text.Json.Serialization;
using Bananas.Tasks;

[assembly: BananasJsonContext(typeof(Workflows.WorkflowsJson))]

namespace Workflows;

public sealed record Thumbnail(string Url, int Width, string? Watermark = null);
public sealed record Album(string Title, IReadOnlyList<Thumbnail> Photos);
public sealed record Receipt(string Customer, int Cents, string Reference);

[JsonSerializable(typeof(Thumbnail))]
[JsonSerializable(typeof(Album))]
[JsonSerializable(typeof(Receipt))]
[JsonSerializable(typeof(IReadOnlyList<Thumbnail>))]
public sealed partial class WorkflowsJson : JsonSerializerContext;

/// <summary>An image pipeline: each method is a task; the workflow in Program.cs chains them.</summary>
public static class ImageTasks
{
    [BananaTask(Route = "images", MaxRetries = 2)]
    public static async Task<Thumbnail> ResizeImage(string url, int width, CancellationToken cancellationToken)
    {
        await Task.Delay(30, cancellationToken);
        Console.WriteLine($"  worker: resize {url} to {width}px");
        return new Thumbnail(url.Replace(".png", $"-{width}.png", StringComparison.Ordinal), width);
    }

    [BananaTask(Route = "images")]
    public static Task<Thumbnail> Watermark(Thumbnail thumbnail, string text, CancellationToken cancellationToken)
    {
        Console.WriteLine($"  worker: watermark {thumbnail.Url} with '{text}'");
        return Task.FromResult(thumbnail with { Watermark = text });
    }

    [BananaTask(Route = "images")]
    public static Task<Album> PublishAlbum(IReadOnlyList<Thumbnail> photos, string title, CancellationToken cancellationToken)
    {
        Console.WriteLine($"  worker: publish album '{title}' with {photos.Count} photos");
        return Task.FromResult(new Album(title, photos));
    }
}

/// <summary>A payment with a compensation: a charge that fails is refunded, and the invoice after it never goes out.</summary>
public static class BillingTasks
{
    [BananaTask(Route = "billing", MaxRetries = 0)]
    public static Task<Receipt> ChargeCustomer(string customer, int cents, CancellationToken cancellationToken)
    {
        Console.WriteLine($"  worker: charge {customer} {cents} cents");
        if (customer == "declined-co") throw new InvalidOperationException($"card of {customer} declined");
        return Task.FromResult(new Receipt(customer, cents, "rcpt-" + customer));
    }

    [BananaTask(Route = "billing")]
    public static Task RefundCustomer(string customer, int cents, CancellationToken cancellationToken)
    {
        Console.WriteLine($"  worker: refund {customer} {cents} cents (compensation)");
        return Task.CompletedTask;
    }

    [BananaTask(Route = "billing")]
    public static Task<string> SendInvoice(Receipt receipt, CancellationToken cancellationToken)
    {
        Console.WriteLine($"  worker: invoice {receipt.Reference}");
        return Task.FromResult("invoiced " + receipt.Reference);
    }
}
