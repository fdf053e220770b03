using System.Buffers;
using System.Text.Json;
using Bananas.Tasks.Client;
using Bananas.Tasks.Engine;
using Bananas.Tasks.InMemory;
using Bananas.Tasks.Periodic;
using Bananas.Tasks.Proxies;

namespace Bananas.Tasks.Tests.Client;

/// <summary>
/// The payload and per-job option rules have one home each; the client and periodic schedules word every refusal
/// the same way after their own context. Messages are built from parts, so each is pinned whole.
/// </summary>
public class PayloadAndOptionsRuleTests
{
    private const string Form = "a JSON object keyed by parameter name, such as {\"days\":30}";

    private static readonly BananasClient Client = new(new InMemoryQueueEngine(), new BananasClientOptions { MaxPayloadBytes = 100 });

    public static TheoryData<string, string> NotObjects => new()
    {
        { "[1,2]", "an array" },
        { "42", "a number" },
        { "\"text\"", "a string" },
        { "null", "null" },
        { "true", "true" },
    };

    [Theory]
    [MemberData(nameof(NotObjects))]
    public void A_payload_that_is_not_an_object_is_refused_in_the_same_words_by_client_and_schedule(string payload, string got)
    {
        var client = Assert.Throws<ArgumentException>(() => Client.CreateJob("ok", payload, null));
        Assert.Equal($"Cannot enqueue task 'ok': the payload must be {Form}; got {got}. (Parameter 'payloadJson')", client.Message);
        var periodic = Assert.Throws<ArgumentException>(() => new PeriodicTaskDefinition("s", "* * * * *", "t", payload));
        Assert.Equal($"Invalid periodic schedule 's': the payload must be {Form}; got {got}. (Parameter 'payloadJson')", periodic.Message);
    }

    [Theory]
    [InlineData("{\"a\":")]
    [InlineData("{} {}")]
    [InlineData("")]
    [InlineData("{\"a\":1,}")]
    public void A_payload_that_is_not_json_is_refused_in_the_same_words_by_client_and_schedule(string payload)
    {
        var client = Assert.Throws<ArgumentException>(() => Client.CreateJob("ok", payload, null));
        var cause = Assert.IsType<JsonException>(client.InnerException, exactMatch: false);
        Assert.Equal($"Cannot enqueue task 'ok': the payload is not valid JSON ({cause.Message}). (Parameter 'payloadJson')", client.Message);
        var periodic = Assert.Throws<ArgumentException>(() => new PeriodicTaskDefinition("s", "* * * * *", "t", payload));
        Assert.Equal($"Invalid periodic schedule 's': the payload is not valid JSON ({cause.Message}). (Parameter 'payloadJson')", periodic.Message);
    }

    [Fact]
    public void A_null_schedule_payload_says_what_to_pass()
    {
        var ex = Assert.Throws<ArgumentNullException>(() => new PeriodicTaskDefinition("s", "* * * * *", "t", null!));
        Assert.Equal("Invalid periodic schedule 's': the payload is null; pass \"{}\" for a task without arguments. (Parameter 'payloadJson')", ex.Message);
    }

    [Fact]
    public void An_oversized_payload_is_refused_by_its_utf8_size_whether_text_or_encoded()
    {
        var big = "{\"s\":\"" + new string('é', 47) + "\"}"; // 8 + 47 × 2 = 102 bytes, 55 chars
        const string expected = "Cannot enqueue task 'ok': the payload is 102 bytes, over the 100-byte limit (BananasOptions.MaxPayloadBytes). Store large data elsewhere and pass a reference.";
        Assert.Equal(expected + " (Parameter 'payloadJson')", Assert.Throws<ArgumentException>(() => Client.CreateJob("ok", big, null)).Message);
        Assert.Equal(expected + " (Parameter 'payload')", Assert.Throws<ArgumentException>(() => Client.CreateJob("ok", Encode(big), null)).Message);
    }

    public static TheoryData<JobOptions, string> BadOptions => new()
    {
        { new JobOptions { Route = "GP U" }, "invalid routing key 'GP U' has the character '\\u0020' at position 2; expected 1-64 characters of [A-Za-z0-9_-]" },
        { new JobOptions { Route = "" }, "invalid routing key is empty; expected 1-64 characters of [A-Za-z0-9_-]" },
        { new JobOptions { Priority = (Priority)7 }, "priority 7 is not High (1), Normal (2) or Low (3)" },
        { new JobOptions { MaxRetries = -1 }, "MaxRetries is -1; expected 0 or more" },
        { new JobOptions { Timeout = TimeSpan.Zero }, "Timeout is 00:00:00; expected a positive duration" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Bad_job_options_are_refused_in_the_same_words_by_client_and_schedule(JobOptions options, string clause)
    {
        Assert.Equal($"Cannot enqueue task 'ok': {clause}. (Parameter 'options')",
            Assert.Throws<ArgumentException>(() => Client.CreateJob("ok", "{}", options)).Message);
        Assert.Equal($"Cannot enqueue task 'ok': {clause}. (Parameter 'options')",
            Assert.Throws<ArgumentException>(() => Client.CreateJob("ok", Encode("{}"), options)).Message);
        var periodic = new PeriodicTaskOptions { Route = options.Route, Priority = options.Priority, MaxRetries = options.MaxRetries, Timeout = options.Timeout };
        Assert.Equal($"Invalid periodic schedule 's': {clause}. (Parameter 'options')",
            Assert.Throws<ArgumentException>(() => new PeriodicTaskDefinition("s", "* * * * *", "t", "{}", periodic)).Message);
    }

    [Fact]
    public void A_bad_task_name_is_refused_before_the_payload_is_looked_at()
    {
        Assert.Equal("Cannot enqueue: task name 'a b' has whitespace or a control character at position 1. (Parameter 'taskName')",
            Assert.Throws<ArgumentException>(() => Client.CreateJob("a b", "not json", null)).Message);
        Assert.Equal("Cannot enqueue: task name is empty. (Parameter 'taskName')",
            Assert.Throws<ArgumentException>(() => Client.CreateJob("", Encode("{}"), null)).Message);
    }

    [Fact]
    public void An_encoded_payload_is_stored_as_written_with_the_route_parsed_once()
    {
        var job = Client.CreateJob("ok", Encode("{\"url\":\"a\",\"width\":640}"), new JobOptions { Route = "gpu", Priority = Priority.High });
        Assert.Equal("{\"url\":\"a\",\"width\":640}", job.Payload);
        Assert.Equal("gpu", job.RoutingKey.Value);
        Assert.Equal(Priority.High, job.Priority);
        Assert.Equal(JobStatus.Pending, job.Status);
    }

    [Fact]
    public void An_encoded_payload_is_trusted_not_parsed_again()
    {
        // The codec's Utf8JsonWriter makes the object; the client looks only at its size. This pins that the JSON
        // check runs once, where text enters (the string overload), and not again for codec output.
        var job = Client.CreateJob("ok", TaskProxySupport.EncodedPayload("{\"a\":}"u8), null);
        Assert.Equal("{\"a\":}", job.Payload);
        Assert.Throws<ArgumentException>(() => Client.CreateJob("ok", "{\"a\":}", null));
    }

    [Theory]
    [InlineData("[1]")]
    [InlineData("")]
    [InlineData("{")]
    public void Something_other_than_an_object_is_not_accepted_as_an_encoded_payload(string bytes)
    {
        var ex = Assert.Throws<ArgumentException>(() => TaskProxySupport.EncodedPayload(System.Text.Encoding.UTF8.GetBytes(bytes)));
        Assert.Equal("An encoded task payload is one JSON object written by the generated codec, from '{' to '}'. (Parameter 'utf8Object')", ex.Message);
    }

    [Fact]
    public void A_default_payload_is_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => Client.CreateJob("ok", default(TaskPayload), null));
        Assert.Equal("Cannot enqueue task 'ok': the payload is default(TaskPayload); get one from the generated proxy's codec. (Parameter 'payload')", ex.Message);
    }

    [Fact]
    public async Task A_client_that_implements_only_the_text_overload_still_checks_an_encoded_payload()
    {
        IBananasClient textOnly = new TextOnlyClient(Client);
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => textOnly.EnqueueAsync("ok", Encode("{\"a\":}")));
        Assert.StartsWith("Cannot enqueue task 'ok': the payload is not valid JSON (", ex.Message);
    }

    [Fact]
    public void Proxy_helper_messages_are_whole_sentences()
    {
        var delay = Assert.Throws<ArgumentOutOfRangeException>(() => TaskProxySupport.WithDelay(null, TimeSpan.FromSeconds(-1)));
        Assert.Equal("The delay must be zero or positive. (Parameter 'delay')" + Environment.NewLine + "Actual value was -00:00:01.", delay.Message);
        var writer = new Utf8JsonWriter(new ArrayBufferWriter<byte>());
        var nan = Assert.Throws<ArgumentOutOfRangeException>(() => TaskProxySupport.WriteFiniteNumber(writer, double.NaN, "resize", "scale"));
        Assert.Equal("Task 'resize': parameter 'scale' is NaN; JSON holds only finite numbers. (Parameter 'scale')" + Environment.NewLine + "Actual value was NaN.", nan.Message);
        var inf = Assert.Throws<ArgumentOutOfRangeException>(() => TaskProxySupport.WriteFiniteNumber(writer, float.PositiveInfinity, "resize", "ratio"));
        Assert.Equal("Task 'resize': parameter 'ratio' is Infinity; JSON holds only finite numbers. (Parameter 'ratio')" + Environment.NewLine + "Actual value was Infinity.", inf.Message);
    }

    /// <summary>The codec's output, as the generated proxies hand it over.</summary>
    private static TaskPayload Encode(string json) => TaskProxySupport.EncodedPayload(System.Text.Encoding.UTF8.GetBytes(json));

    /// <summary>An <see cref="IBananasClient"/> written before the payload overload existed: it gets the interface's default.</summary>
    private sealed class TextOnlyClient(BananasClient inner) : IBananasClient
    {
        public IQueueEngine Engine => inner.Engine;
        public Task<JobId> EnqueueAsync(string taskName, string payloadJson, JobOptions? options = null, CancellationToken cancellationToken = default) =>
            inner.EnqueueAsync(taskName, payloadJson, options, cancellationToken);
        public Task<IReadOnlyList<JobId>> EnqueueManyAsync(IReadOnlyList<TaskEnvelope> jobs, CancellationToken cancellationToken = default) => inner.EnqueueManyAsync(jobs, cancellationToken);
        public Task<JobRecord?> GetJobAsync(JobId id, CancellationToken cancellationToken = default) => inner.GetJobAsync(id, cancellationToken);
        public Task<JobResult?> GetResultAsync(JobId id, CancellationToken cancellationToken = default) => inner.GetResultAsync(id, cancellationToken);
        public Task<JobResult> WaitForResultAsync(JobId id, TimeSpan timeout, CancellationToken cancellationToken = default) => inner.WaitForResultAsync(id, timeout, cancellationToken);
        public Task<CancelOutcome> CancelAsync(JobId id, CancellationToken cancellationToken = default) => inner.CancelAsync(id, cancellationToken);
    }
}
