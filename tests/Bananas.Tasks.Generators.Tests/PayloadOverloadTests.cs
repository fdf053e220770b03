using Bananas.Tasks.Generators.Tests.Infrastructure;

namespace Bananas.Tasks.Generators.Tests;

/// <summary>
/// The generated proxy hands the client the payload its codec has just written, as a <c>TaskPayload</c>, so the
/// client checks its size and not its JSON again (issue 16: "re-parses the UTF-8 payload the generated codec has
/// just written"). A recording client says which overload each enqueue form called.
/// </summary>
public sealed class PayloadOverloadTests
{
    private const string Driver = """
        using Bananas.Tasks;
        using Bananas.Tasks.Client;
        using Bananas.Tasks.Engine;

        public sealed class RecordingClient : IBananasClient
        {
            public List<string> Calls { get; } = new();
            public IQueueEngine Engine => throw new NotSupportedException();

            public Task<JobId> EnqueueAsync(string taskName, string payloadJson, JobOptions? options = null, CancellationToken cancellationToken = default)
            {
                Calls.Add($"string {taskName} {payloadJson}");
                return Task.FromResult(JobId.New());
            }

            public Task<JobId> EnqueueAsync(string taskName, TaskPayload payload, JobOptions? options = null, CancellationToken cancellationToken = default)
            {
                Calls.Add($"payload {taskName} {payload.Json} sized={payload.Utf8Length == System.Text.Encoding.UTF8.GetByteCount(payload.Json)}");
                return Task.FromResult(JobId.New());
            }

            public Task<IReadOnlyList<JobId>> EnqueueManyAsync(IReadOnlyList<TaskEnvelope> jobs, CancellationToken cancellationToken = default) => throw new NotSupportedException();
            public Task<JobRecord?> GetJobAsync(JobId id, CancellationToken cancellationToken = default) => throw new NotSupportedException();
            public Task<JobResult?> GetResultAsync(JobId id, CancellationToken cancellationToken = default) => throw new NotSupportedException();
            public Task<JobResult> WaitForResultAsync(JobId id, TimeSpan timeout, CancellationToken cancellationToken = default) => throw new NotSupportedException();
            public Task<CancelOutcome> CancelAsync(JobId id, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        }

        public static class OverloadScenario
        {
            public static async Task<string> RunAsync()
            {
                var client = new RecordingClient();
                await Media.ProcessImage.EnqueueAsync(client, "https://img/é.png", 640);
                await Media.ProcessImage.EnqueueInAsync(client, TimeSpan.FromMinutes(1), "https://img/b.png", 1);
                await Media.ProcessImage.EnqueueAtAsync(client, DateTimeOffset.UnixEpoch, "https://img/c.png", 2);
                await Media.SendEmail.EnqueueAsync(client, new Media.EmailMessage("ada@example.com", "Hi", "Body"));
                return string.Join("\n", client.Calls);
            }
        }
        """;

    [Fact]
    public async Task EveryEnqueueForm_PassesTheEncodedPayload_NotTheText()
    {
        using var scenario = ScenarioAssembly.Build("PayloadOverload", TestSources.Media, Driver);
        var calls = (await scenario.CallAsync<string>("OverloadScenario", "RunAsync")).Split('\n');
        Assert.Equal(
        [
            "payload process_image {\"url\":\"https://img/\\u00E9.png\",\"width\":640} sized=True",
            "payload process_image {\"url\":\"https://img/b.png\",\"width\":1} sized=True",
            "payload process_image {\"url\":\"https://img/c.png\",\"width\":2} sized=True",
            "payload send_email {\"message\":{\"To\":\"ada@example.com\",\"Subject\":\"Hi\",\"Body\":\"Body\"}} sized=True",
        ], calls);
    }

    [Fact]
    public void EncodeArguments_IsThePayloadsText_ForTheSchedulesThatTakeText()
    {
        using var scenario = ScenarioAssembly.Build("PayloadText", TestSources.Media);
        var text = (string)scenario.Call("Media.ProcessImage", "EncodeArguments", "u", 3)!;
        Assert.Equal("{\"url\":\"u\",\"width\":3}", text);
    }
}
