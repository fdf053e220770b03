namespace Bananas.Tasks.Generators.Tests;

/// <summary>User code the tests compile with the generator.</summary>
internal static class TestSources
{
    /// <summary>The issue's example: an instance handler with a record result, a static one with a record argument.</summary>
    public const string Media = """
        using System.Text.Json.Serialization;
        using Bananas.Tasks;

        [assembly: BananasJsonContext(typeof(Media.AppJsonContext))]

        namespace Media;

        public sealed record Thumbnail(string Url, int Width, int Height);

        public sealed record EmailMessage(string To, string Subject, string Body);

        public interface IThumbnailer
        {
            Thumbnail Make(string url, int width);
        }

        public sealed class ImageTasks(IThumbnailer thumbs)
        {
            [BananaTask(Route = "gpu", Priority = Priority.High, MaxRetries = 5, TimeoutSeconds = 300)]
            public async Task<Thumbnail> ProcessImage(string url, int width, CancellationToken ct)
            {
                await Task.Delay(1, ct);
                return thumbs.Make(url, width);
            }
        }

        public static class MailTasks
        {
            public static List<EmailMessage> Sent { get; } = new();

            [BananaTask(Route = "email", Name = "send_email", Description = "Sends one email")]
            public static Task SendEmail(EmailMessage message, CancellationToken ct)
            {
                lock (Sent) Sent.Add(message);
                return Task.CompletedTask;
            }
        }

        [JsonSerializable(typeof(Thumbnail))]
        [JsonSerializable(typeof(EmailMessage))]
        internal partial class AppJsonContext : JsonSerializerContext;
        """;

    /// <summary>
    /// Tasks chained into workflows: a root with two arguments, a one-parameter step (<c>Then(PublishThumbnail.Call)</c>),
    /// a join over a group's results (<c>IReadOnlyList&lt;Thumbnail&gt;</c>), a step with more arguments (one optional) that
    /// returns nothing, a nullable first parameter, one whose first parameter feeds its unique key, and one with none.
    /// </summary>
    public const string WorkflowChain = """
        using System.Text.Json.Serialization;
        using Bananas.Tasks;

        [assembly: BananasJsonContext(typeof(Pipeline.PipelineJsonContext))]

        namespace Pipeline;

        public sealed record Thumbnail(string Url, int Width);

        public sealed record Image(string Url);

        public static class PipelineTasks
        {
            [BananaTask(Route = "gpu")]
            public static Task<Thumbnail> ProcessImage(string url, int width, CancellationToken ct) => Task.FromResult(new Thumbnail(url, width));

            [BananaTask]
            public static Task<string> PublishThumbnail(Thumbnail thumbnail) => Task.FromResult(thumbnail.Url);

            [BananaTask]
            public static Task<int> Summarize(IReadOnlyList<Thumbnail> thumbnails) => Task.FromResult(thumbnails.Count);

            [BananaTask(Name = "tag_thumbnail")]
            public static Task Tag(Thumbnail thumbnail, string label, int weight = 1) => Task.CompletedTask;

            [BananaTask]
            public static Task<string> Annotate(string? note, string suffix = "!") => Task.FromResult(note + suffix);

            [BananaTask(Unique = UniqueScope.WhileQueued, UniqueBy = new[] { "orderId" })]
            public static Task Charge(string orderId, int cents) => Task.CompletedTask;

            [BananaTask]
            public static Task<Image> Fetch(string url) => Task.FromResult(new Image(url));

            [BananaTask]
            public static Task<int> Ping() => Task.FromResult(1);
        }

        [JsonSerializable(typeof(Thumbnail))]
        [JsonSerializable(typeof(Image))]
        [JsonSerializable(typeof(IReadOnlyList<Thumbnail>))]
        internal partial class PipelineJsonContext : JsonSerializerContext;
        """;

    /// <summary>ValueTask returns, no CancellationToken, primitive result, no attribute defaults.</summary>
    public const string ValueTaskNoToken = """
        using Bananas.Tasks;

        namespace Calc;

        public static class MathTasks
        {
            [BananaTask]
            public static ValueTask<int> Add(int a, int b) => new(a + b);

            [BananaTask(Priority = Priority.Low)]
            public static ValueTask Ping() => default;
        }
        """;

    /// <summary>Retention of completed jobs per task: deleted at completion, kept an hour, the process-wide default.</summary>
    public const string Retention = """
        using Bananas.Tasks;

        namespace Cleanup;

        public static class RetentionTasks
        {
            [BananaTask(KeepCompletedSeconds = 0)]
            public static Task Forget(int n) => Task.CompletedTask;

            [BananaTask(KeepCompletedSeconds = 3600)]
            public static Task<int> Remember(int n) => Task.FromResult(n * 2);

            [BananaTask]
            public static Task Usual(int n) => Task.CompletedTask;
        }
        """;

    /// <summary>
    /// Unique jobs: a key from some parameters (nameof and a literal), a period, all the arguments (no UniqueBy), one job of
    /// the task (empty UniqueBy), a schedule (its options take no unique setting), and UniqueBy without Unique (ignored, BNT009).
    /// </summary>
    public const string Unique = """
        using Bananas.Tasks;

        namespace Orders;

        public enum Region { North, South }

        public static class OrderTasks
        {
            [BananaTask(Unique = UniqueScope.WhileQueued, UniqueBy = new[] { nameof(orderId), "region" }, Route = "orders")]
            public static Task<string> ProcessOrder(string orderId, Region region, int attempt, CancellationToken cancellationToken)
                => Task.FromResult(orderId + "@" + region + "#" + attempt);

            [BananaTask(Unique = UniqueScope.ForPeriod, UniqueForSeconds = 600, UniqueBy = new[] { nameof(customer) })]
            public static Task Remind(Guid customer, string? note = null) => Task.CompletedTask;

            [BananaTask(Unique = UniqueScope.WhileQueuedOrRunning)]
            public static Task Rebuild(int shard, TimeSpan window) => Task.CompletedTask;

            [BananaTask(Unique = UniqueScope.WhileQueuedOrRunning, UniqueBy = new string[0], UniqueForSeconds = 3600)]
            public static Task Reindex() => Task.CompletedTask;

            [BananaTask(Unique = UniqueScope.WhileQueued, Cron = "0 3 * * *", UniqueForSeconds = 60, Priority = Priority.Low)]
            public static Task Nightly(int days = 7) => Task.CompletedTask;

        #pragma warning disable BNT009
            [BananaTask(UniqueBy = new[] { nameof(id) })]
            public static Task NotUnique(int id) => Task.CompletedTask;
        #pragma warning restore BNT009
        }
        """;

    /// <summary>
    /// Rate limits: one limit for the task, a limit per tenant (PartitionBy), a partition that is also a UniqueBy
    /// parameter, a schedule (its options take no rate setting), and PartitionBy without RateLimit (ignored, BNT024).
    /// </summary>
    public const string Rate = """
        using Bananas.Tasks;

        namespace Mail;

        public static class MailTasks
        {
            [BananaTask(RateLimit = 10, Route = "mail")]
            public static Task Send(string to, string subject) => Task.CompletedTask;

            [BananaTask(RateLimit = 100, RatePeriodSeconds = 60, PartitionBy = nameof(tenantId))]
            public static Task<int> Sync(string tenantId, int batch, CancellationToken cancellationToken) => Task.FromResult(batch);

            [BananaTask(Unique = UniqueScope.WhileQueued, UniqueBy = new[] { nameof(tenant), nameof(day) }, RateLimit = 5, PartitionBy = nameof(tenant))]
            public static Task Digest(Guid tenant, int day) => Task.CompletedTask;

            [BananaTask(RateLimit = 2, Cron = "*/5 * * * *")]
            public static Task Poll(int max = 50) => Task.CompletedTask;

        #pragma warning disable BNT024
            [BananaTask(PartitionBy = nameof(id), RatePeriodSeconds = 30)]
            public static Task NotLimited(int id) => Task.CompletedTask;
        #pragma warning restore BNT024
        }
        """;

    /// <summary>
    /// Concurrency limits (per partition, route-scoped), sequences (with a hold), debounce and replace (with and without a
    /// key), a schedule that takes none of them, and a task whose settings have no effect (BNT027).
    /// </summary>
    public const string Flow = """
        using Bananas.Tasks;

        namespace Flow;

        public enum Region { North, South }

        public static class FlowTasks
        {
            [BananaTask(ConcurrencyLimit = 3, PartitionBy = nameof(tenantId))]
            public static Task Render(string tenantId, string sceneId) => Task.CompletedTask;

            [BananaTask(Route = "gpu", ConcurrencyLimit = 2, ConcurrencyScope = LimitScope.Route, RateLimit = 10, PartitionBy = nameof(region))]
            public static Task Encode(Region region, int quality) => Task.CompletedTask;

            [BananaTask(SequenceBy = nameof(accountId))]
            public static Task<decimal> Post(Guid accountId, decimal amount, CancellationToken cancellationToken) => Task.FromResult(amount);

            [BananaTask(SequenceBy = nameof(accountId), SequenceHold = SequenceHold.UntilCompleted, ConcurrencyLimit = 4)]
            public static Task Ledger(string accountId, long entry) => Task.CompletedTask;

            [BananaTask(DebounceSeconds = 30, DebounceBy = new[] { nameof(documentId), nameof(version) })]
            public static Task Reindex(string documentId, int version, string reason) => Task.CompletedTask;

            [BananaTask(DebounceSeconds = 5)]
            public static Task Refresh(string feed) => Task.CompletedTask;

            [BananaTask(Replace = true, DebounceBy = new[] { nameof(draftId) })]
            public static Task Save(long draftId, string text) => Task.CompletedTask;

            [BananaTask(Replace = true)]
            public static Task Publish(string text) => Task.CompletedTask;

            [BananaTask(Cron = "0 * * * *", ConcurrencyLimit = 1, SequenceBy = nameof(shard), DebounceSeconds = 60)]
            public static Task Compact(int shard = 0) => Task.CompletedTask;

        #pragma warning disable BNT027
            [BananaTask(ConcurrencyScope = LimitScope.Route, SequenceHold = SequenceHold.UntilCompleted, DebounceBy = new[] { nameof(id) })]
            public static Task NoFlow(int id) => Task.CompletedTask;
        #pragma warning restore BNT027
        }
        """;

    /// <summary>Optional parameters with defaults of many kinds.</summary>
    public const string OptionalParameters = """
        using Bananas.Tasks;

        namespace Reports;

        public enum Format { Pdf = 1, Html = 2, Csv = -3 }

        public sealed class ReportTasks
        {
            public static List<string> Seen { get; } = new();

            [BananaTask(Route = "reports")]
            public Task<string> Render(
                string title,
                int pages = 10,
                bool draft = true,
                Format format = Format.Csv,
                double scale = 1.5,
                decimal price = 9.99m,
                long big = 5000000000,
                string? footer = null,
                string header = "Quarterly \"Q\" report",
                int? copies = null,
                char separator = ';',
                CancellationToken ct = default)
            {
                var text = $"{title}|{pages}|{draft}|{format}|{scale}|{price}|{big}|{footer ?? "-"}|{header}|{copies?.ToString() ?? "-"}|{separator}";
                lock (Seen) Seen.Add(text);
                return Task.FromResult(text);
            }
        }
        """;

    /// <summary>Nested namespaces and a nested handler type; an internal handler gives an internal proxy.</summary>
    public const string NestedNamespaces = """
        using Bananas.Tasks;

        namespace Company.Media.Processing
        {
            public static class Outer
            {
                public static class Video
                {
                    [BananaTask(Route = "gpu")]
                    public static Task<TimeSpan> Transcode(Guid videoId, DateTimeOffset requestedAt, CancellationToken ct) =>
                        Task.FromResult(TimeSpan.FromSeconds(90));
                }
            }

            internal sealed class Cleanup
            {
                [BananaTask]
                internal Task PurgeCache(DateTime olderThan) => Task.CompletedTask;
            }
        }
        """;

    /// <summary>Name and ProxyName overridden.</summary>
    public const string OverriddenNames = """
        using Bananas.Tasks;

        namespace Legacy;

        public static class ImageJobs
        {
            [BananaTask(Name = "legacy.resize", ProxyName = "ResizeJob", Route = "images", MaxRetries = 0)]
            public static Task<bool> ResizeAsync(string path, ushort size) => Task.FromResult(size > 0);
        }
        """;

    /// <summary>Every built-in value kind, plain and nullable; an enum with a ulong underlying type.</summary>
    public const string AllPrimitives = """
        using Bananas.Tasks;

        namespace Kinds;

        public enum Flags : ulong { None = 0, Big = ulong.MaxValue }

        public sealed record Echo(string Text);

        public static class KindTasks
        {
            public static string? Last { get; set; }

            [BananaTask]
            public static Task<string> Everything(
                string s, bool b, char c, byte u8, sbyte i8, short i16, ushort u16, int i32, uint u32, long i64, ulong u64,
                float f32, double f64, decimal dec, Guid id, DateTime at, DateTimeOffset atOffset, TimeSpan span, Flags flags,
                string? ns, bool? nb, int? ni, double? nd, Guid? nid, DateTimeOffset? nat, TimeSpan? nspan, Flags? nflags)
            {
                Last = string.Join("|", new object?[] { s, b, c, u8, i8, i16, u16, i32, u32, i64, u64, f32, f64, dec, id, at.ToString("O"), atOffset.ToString("O"), span, flags, ns ?? "null", nb?.ToString() ?? "null", ni?.ToString() ?? "null", nd?.ToString() ?? "null", nid?.ToString() ?? "null", nat?.ToString("O") ?? "null", nspan?.ToString() ?? "null", nflags?.ToString() ?? "null" });
                return Task.FromResult(Last);
            }

            [BananaTask]
            public static Task<Flags?> MaybeFlags(bool some) => Task.FromResult<Flags?>(some ? Flags.Big : null);
        }
        """;

    /// <summary>Global namespace, no JSON context: a user type goes through the "unregistered" lookup; reserved-looking parameter names.</summary>
    public const string GlobalNamespaceNoContext = """
        using Bananas.Tasks;

        public sealed record Note(string Text);

        public static class Notes
        {
            [BananaTask]
            public static Task Write(Note note, string options, int context, string TaskName, string @class, CancellationToken cancellationToken) => Task.CompletedTask;
        }
        """;

    /// <summary>Reflection opt-in without a context; a generic result type.</summary>
    public const string ReflectionOptIn = """
        using Bananas.Tasks;

        [assembly: BananasJsonContext(AllowReflection = true)]

        namespace Loose;

        public sealed record Item(string Name, int Count);

        public static class Inventory
        {
            [BananaTask]
            public static Task<List<Item>> Count(Item[] items) => Task.FromResult(new List<Item>(items));
        }
        """;

    /// <summary>
    /// Declarative periodic tasks: defaults as the payload (instance handler, every option set), <c>CronArgs</c> with a
    /// task name that is not a valid schedule name, a cron task it cannot schedule (no defaults, no <c>CronArgs</c>)
    /// and a plain task.
    /// </summary>
    public const string Periodic = """"
        using Bananas.Tasks;

        namespace Maintenance;

        public sealed class CleanupTasks
        {
            public static List<string> Calls { get; } = new();

            [BananaTask(Cron = "0 2 * * *", TimeZone = "Europe/Berlin", Route = "reports", Priority = Priority.Low, MaxRetries = 1, TimeoutSeconds = 600, Description = "Nightly \"cleanup\"")]
            public Task Cleanup(int days = 30, string scope = "temp", CancellationToken ct = default)
            {
                lock (Calls) Calls.Add($"cleanup {days} {scope}");
                return Task.CompletedTask;
            }

            [BananaTask(Name = "reports:weekly", Cron = "0 6 * * 1", CronArgs = """{"format":"pdf"}""")]
            public static Task WeeklyReport(string format)
            {
                lock (Calls) Calls.Add("weekly " + format);
                return Task.CompletedTask;
            }

            [BananaTask(Cron = "*/5 * * * *")]
            public static Task NeedsArguments(int id) => Task.CompletedTask;

            [BananaTask]
            public static Task Ping() => Task.CompletedTask;
        }
        """";
    /// <summary>TaskContext parameters, injected by the worker like a CancellationToken, in any position, on static and instance tasks.</summary>
    public const string InjectedContext = """
        using Bananas.Tasks;

        namespace Audit;

        public static class AuditTasks
        {
            /// <summary>The context the last Inspect run saw.</summary>
            public static TaskContext? Last { get; set; }

            [BananaTask(Route = "reports", Priority = Priority.High, MaxRetries = 4)]
            public static Task<string> Inspect(int seq, TaskContext context, CancellationToken cancellationToken, string label = "x")
            {
                Last = context;
                return Task.FromResult($"seq={seq} label={label} task={context.TaskName} attempt={context.Attempt} retries={context.MaxRetries} last={context.IsLastAttempt} route={context.RoutingKey} priority={context.Priority} trace={context.TraceParent} sameToken={context.CancellationToken == cancellationToken}");
            }
        }

        public sealed class Auditor
        {
            [BananaTask]
            public ValueTask<string> Who(TaskContext context) => new(context.TaskName + "@" + context.RoutingKey + " attempt=" + context.Attempt);
        }
        """;

    /// <summary>[Sensitive] parameters: recorded in the registration (AddSensitiveParameters), in declaration order; others not.</summary>
    public const string SensitiveParameters = """
        using Bananas.Tasks;

        namespace Mail;

        public static class MailTasks
        {
            [BananaTask(Route = "email")]
            public static Task Send(string to, [Sensitive] string apiToken, string subject, [Sensitive] string? password = null) => Task.CompletedTask;

            [BananaTask]
            public static Task Ping(string host) => Task.CompletedTask;
        }
        """;

    /// <summary>IProgress&lt;T&gt; parameters: injected (not in the payload, not on the proxy), a primitive and a user record as T.</summary>
    public const string Progress = """
        using System.Text.Json.Serialization;
        using Bananas.Tasks;

        [assembly: BananasJsonContext(typeof(Import.ImportJsonContext))]

        namespace Import;

        public sealed record ImportStep(int Done, int Total, string Stage);

        public static class ImportTasks
        {
            [BananaTask(Route = "reports")]
            public static async Task<int> ImportRows(string file, IProgress<ImportStep> progress, CancellationToken cancellationToken, int rows = 3)
            {
                for (int i = 1; i <= rows; i++)
                {
                    await Task.Delay(1, cancellationToken);
                    progress.Report(new ImportStep(i, rows, i < rows ? "rows" : "done"));
                }
                return rows;
            }

            [BananaTask]
            public static Task Percent(IProgress<int> percent, TaskContext context)
            {
                percent.Report(50);
                percent.Report(100);
                return Task.CompletedTask;
            }
        }

        [JsonSerializable(typeof(ImportStep))]
        internal partial class ImportJsonContext : JsonSerializerContext;
        """;
    /// <summary>
    /// A task after a payload-contract change: <c>url</c> renamed to <c>source</c> (old name kept with
    /// <c>[BananaArgument("url")]</c>, twice renamed: <c>image_url</c> too), <c>size</c> renamed to <c>width</c>, and a new
    /// optional <c>quality</c>. Jobs queued by the old code (<c>{"url":…,"size":…}</c>) still decode.
    /// </summary>
    public const string RenamedParameters = """
        using Bananas.Tasks;

        namespace Gallery;

        public static class ImageTasks
        {
            [BananaTask(Name = "process_image")]
            public static Task<string> ProcessImage(
                [BananaArgument("url"), BananaArgument("image_url")] string source,
                [BananaArgument("size")] int width,
                int quality = 80,
                CancellationToken ct = default) =>
                Task.FromResult($"source={source} width={width} quality={quality}");
        }
        """;
}
