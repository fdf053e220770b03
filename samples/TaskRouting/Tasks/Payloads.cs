using System.Text.Json.Serialization;
using Bananas.Tasks;

// Routes this app uses (the analyzers flag any other route in a [BananaTask]).
[assembly: BananaRoutes("gpu", "email", "default")]

// User types in task signatures are serialized through this context: trim- and Native-AOT-safe.
[assembly: BananasJsonContext(typeof(TaskRouting.Tasks.RoutingJson))]

namespace TaskRouting.Tasks;

/// <summary>The result of <see cref="ImageTasks.ProcessImage"/>.</summary>
public sealed record Thumbnail(string Url, int Width, int Height, string RenderedBy);

/// <summary>The argument of <see cref="MailTasks.SendEmail"/>.</summary>
public sealed record EmailMessage(string To, string Subject, string Body);

[JsonSerializable(typeof(Thumbnail))]
[JsonSerializable(typeof(EmailMessage))]
internal sealed partial class RoutingJson : JsonSerializerContext;
