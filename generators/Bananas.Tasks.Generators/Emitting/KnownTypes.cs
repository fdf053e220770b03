namespace Bananas.Tasks.Generators.Emitting;

/// <summary><c>global::</c>-qualified names of every type the generated code mentions.</summary>
internal static class KnownTypes
{
    public const string Task = "global::System.Threading.Tasks.Task";
    public const string ValueTask = "global::System.Threading.Tasks.ValueTask";
    public const string CancellationToken = "global::System.Threading.CancellationToken";
    public const string TimeSpan = "global::System.TimeSpan";
    public const string DateTimeOffset = "global::System.DateTimeOffset";
    public const string ArgumentNullException = "global::System.ArgumentNullException";
    public const string CultureInfo = "global::System.Globalization.CultureInfo";
    public const string Encoding = "global::System.Text.Encoding";
    public const string ArrayBufferWriter = "global::System.Buffers.ArrayBufferWriter<byte>";
    public const string Utf8JsonWriter = "global::System.Text.Json.Utf8JsonWriter";
    public const string Utf8JsonReader = "global::System.Text.Json.Utf8JsonReader";
    public const string JsonTokenType = "global::System.Text.Json.JsonTokenType";
    public const string JsonSerializer = "global::System.Text.Json.JsonSerializer";
    public const string JsonTypeInfo = "global::System.Text.Json.Serialization.Metadata.JsonTypeInfo";
    public const string GeneratedCode = "global::System.CodeDom.Compiler.GeneratedCode";
    public const string ServiceProviderExtensions = "global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions";
    public const string ServiceCollectionDescriptorExtensions = "global::Microsoft.Extensions.DependencyInjection.Extensions.ServiceCollectionDescriptorExtensions";

    public const string JobOptions = "global::Bananas.Tasks.JobOptions";
    public const string JobId = "global::Bananas.Tasks.JobId";
    public const string Priority = "global::Bananas.Tasks.Priority";
    public const string UniqueScope = "global::Bananas.Tasks.UniqueScope";
    public const string RateLimit = "global::Bananas.Tasks.RateLimit";
    public const string LimitScope = "global::Bananas.Tasks.LimitScope";
    public const string SequenceHold = "global::Bananas.Tasks.SequenceHold";
    public const string TaskPayload = "global::Bananas.Tasks.Client.TaskPayload";
    public const string IBananasClient = "global::Bananas.Tasks.Client.IBananasClient";
    public const string BananasClient = "global::Bananas.Tasks.Client.BananasClient";
    public const string JobHandle = "global::Bananas.Tasks.Client.JobHandle";
    public const string ProgressJobHandle = "global::Bananas.Tasks.Client.ProgressJobHandle";
    public const string TaskContext = "global::Bananas.Tasks.TaskContext";
    public const string TaskInvoker = "global::Bananas.Tasks.Registration.TaskInvoker";
    public const string TaskSettings = "global::Bananas.Tasks.Registration.TaskSettings";
    public const string IBananasBuilder = "global::Bananas.Tasks.Hosting.IBananasBuilder";
    public const string BananasBuilderTaskExtensions = "global::Bananas.Tasks.Hosting.BananasBuilderTaskExtensions";
    public const string BananasBuilderSensitiveExtensions = "global::Bananas.Tasks.Hosting.BananasBuilderSensitiveExtensions";
    public const string BananasBuilderPeriodicExtensions = "global::Bananas.Tasks.Periodic.BananasBuilderPeriodicExtensions";
    public const string ServiceDescriptor = "global::Microsoft.Extensions.DependencyInjection.ServiceDescriptor";
    public const string TaskJsonReader = "global::Bananas.Tasks.Json.TaskJsonReader";
    public const string TaskJsonTypeInfo = "global::Bananas.Tasks.Json.TaskJsonTypeInfo";
    public const string TaskProxySupport = "global::Bananas.Tasks.Proxies.TaskProxySupport";
    public const string Workflow = "global::Bananas.Tasks.Workflows.Workflow";
    public const string Step = "global::Bananas.Tasks.Workflows.Step";
    public const string IStepInput = "global::Bananas.Tasks.Workflows.IStepInput";
    public const string NoResult = "global::Bananas.Tasks.Workflows.NoResult";
}
