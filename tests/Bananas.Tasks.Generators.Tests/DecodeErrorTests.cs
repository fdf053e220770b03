using Bananas.Tasks.Generators.Tests.Infrastructure;

namespace Bananas.Tasks.Generators.Tests;

/// <summary>
/// The generated codec rejects bad payloads with a <see cref="TaskPayloadException"/> that names the task, the
/// parameter and the expected type, and bad results with a <see cref="TaskResultException"/>.
/// </summary>
public sealed class DecodeErrorTests : IClassFixture<DecodeErrorTests.Compiled>
{
    private readonly ScenarioAssembly _code;

    public DecodeErrorTests(Compiled compiled) => _code = compiled.Code;

    /// <summary>The Media, Reports and Kinds tasks compiled once for the class.</summary>
    public sealed class Compiled : IDisposable
    {
        internal ScenarioAssembly Code { get; } = ScenarioAssembly.Build("DecodeErrors", TestSources.Media, TestSources.OptionalParameters, TestSources.AllPrimitives);

        public void Dispose() => Code.Dispose();
    }

    [Theory]
    [InlineData("{\"url\":\"u\"}", "width", "the property is missing; expected int")]
    [InlineData("{\"width\":1}", "url", "the property is missing; expected string")]
    [InlineData("{\"url\":null,\"width\":1}", "url", "expected string, got null")]
    [InlineData("{\"url\":\"u\",\"width\":\"640\"}", "width", "expected int, got the string \"640\"")]
    [InlineData("{\"url\":\"u\",\"width\":1.5}", "width", "expected int, got the number 1.5, which is out of range or not a whole number")]
    [InlineData("{\"url\":\"u\",\"width\":99999999999}", "width", "expected int, got the number 99999999999, which is out of range or not a whole number")]
    [InlineData("{\"url\":true,\"width\":1}", "url", "expected string, got true")]
    [InlineData("{\"url\":\"u\",\"width\":1,\"url\":\"v\"}", "url", "the property appears twice in the payload")]
    public void ProcessImage_BadParameter_IsNamed(string payload, string parameter, string message)
    {
        var ex = Decode<TaskPayloadException>("Media.ProcessImage", payload, 2);
        Assert.Equal("process_image", ex.TaskName);
        Assert.Equal(parameter, ex.ParameterName);
        Assert.Equal($"Cannot decode parameter '{parameter}' of task 'process_image': {message}", ex.Message);
    }

    [Theory]
    [InlineData("{\"url\":\"u\",\"width\":1,\"height\":2}", "unexpected property 'height'; the task takes url, width")]
    [InlineData("[1,2]", "expected a JSON object keyed by parameter name, got a JSON array")]
    [InlineData("\"text\"", "expected a JSON object keyed by parameter name, got the string \"text\"")]
    [InlineData("{\"url\":\"u\",", "the payload is not valid JSON")]
    [InlineData("{\"url\":\"u\",\"width\":1} {}", "the payload has text after its JSON value")]
    public void ProcessImage_BadPayload_IsReported(string payload, string messageStart)
    {
        var ex = Decode<TaskPayloadException>("Media.ProcessImage", payload, 2);
        Assert.Null(ex.ParameterName);
        Assert.StartsWith($"Cannot decode the payload of task 'process_image': {messageStart}", ex.Message);
    }

    [Fact]
    public void UserRecord_WrongShape_NamesParameterAndType()
    {
        var ex = Decode<TaskPayloadException>("Media.SendEmail", "{\"message\":{\"To\":1,\"Subject\":\"s\",\"Body\":\"b\"}}", 1);
        Assert.Equal("message", ex.ParameterName);
        Assert.StartsWith("Cannot decode parameter 'message' of task 'send_email': expected EmailMessage: ", ex.Message);
        Assert.Contains("$.To", ex.Message);
        Assert.IsAssignableFrom<PermanentJobException>(ex);
    }

    [Fact]
    public void UserRecord_Null_IsRejected()
    {
        var ex = Decode<TaskPayloadException>("Media.SendEmail", "{\"message\":null}", 1);
        Assert.Equal("Cannot decode parameter 'message' of task 'send_email': expected EmailMessage, got null", ex.Message);
    }

    [Theory]
    [InlineData("{\"title\":\"t\",\"format\":\"Word\"}", "format", "expected Format (a number or a member name), got 'Word', which is not a member of Format (Pdf, Html, Csv)")]
    [InlineData("{\"title\":\"t\",\"separator\":\"ab\"}", "separator", "expected char (a one-character string), got a string of 2 characters")]
    [InlineData("{\"title\":\"t\",\"copies\":\"2\"}", "copies", "expected int, got the string \"2\"")]
    [InlineData("{\"title\":\"t\",\"draft\":1}", "draft", "expected bool, got the number 1")]
    [InlineData("{\"pages\":1}", "title", "the property is missing; expected string")]
    public void OptionalParameters_BadValues_AreNamed(string payload, string parameter, string message)
    {
        var ex = Decode<TaskPayloadException>("Reports.Render", payload, 11);
        Assert.Equal($"Cannot decode parameter '{parameter}' of task 'render': {message}", ex.Message);
    }

    [Fact]
    public void OptionalParameters_Missing_TakeTheirDefaults_AndNullableAcceptsNull()
    {
        var args = new object?[12];
        args[0] = "{\"title\":\"t\",\"copies\":null,\"format\":\"Html\"}";
        ScenarioAssembly.Invoke(_code.Type("Reports.Render"), "DecodeArguments", args);
        Assert.Equal(new object?[] { "t", 10, true, 2, 1.5, 9.99m, 5000000000L, null, "Quarterly \"Q\" report", null, ';' }, args[1..].Select(a => a is Enum e ? Convert.ToInt32(e) : a));
    }

    [Theory]
    [InlineData("{\"id\":\"not-a-guid\"}", "id", "expected Guid (a UUID string), got the string \"not-a-guid\"")]
    [InlineData("{\"at\":\"yesterday\"}", "at", "expected DateTime (an ISO 8601 string), got the string \"yesterday\"")]
    [InlineData("{\"span\":\"90 minutes\"}", "span", "expected TimeSpan (a string such as \"00:05:00\" or \"1.02:03:04.5\"), got the string \"90 minutes\"")]
    [InlineData("{\"u8\":256}", "u8", "expected byte, got the number 256, which is out of range or not a whole number")]
    [InlineData("{\"u64\":-1}", "u64", "expected ulong, got the number -1, which is out of range or not a whole number")]
    public void PrimitiveKinds_BadValues_AreNamed(string payload, string parameter, string message)
    {
        var ex = Decode<TaskPayloadException>("Kinds.Everything", payload, 27);
        Assert.Equal($"Cannot decode parameter '{parameter}' of task 'everything': {message}", ex.Message);
    }

    [Theory]
    [InlineData(null, "the job completed without storing a result")]
    [InlineData("null", "expected Thumbnail, got null")]
    [InlineData("[1]", "expected Thumbnail: ")]
    [InlineData("{\"Url\":\"u\",\"Width\":1,\"Height\":1} 7", "the result has text after its JSON value")]
    public void Result_ThatDoesNotFit_IsReported(string? json, string messageStart)
    {
        var ex = Assert.Throws<TaskResultException>(() => _code.Call("Media.ProcessImage", "DecodeResult", json));
        Assert.Equal("process_image", ex.TaskName);
        Assert.StartsWith("Cannot decode the result of task 'process_image': " + messageStart, ex.Message);
    }

    [Fact]
    public void Result_RoundTrips()
    {
        var json = (string)_code.Call("Kinds.MaybeFlags", "EncodeResult", new object?[] { null })!;
        Assert.Equal("null", json);
        Assert.Null(_code.Call("Kinds.MaybeFlags", "DecodeResult", json));
    }

    [Fact]
    public void Enqueue_NullForNonNullableParameter_ThrowsAtTheCaller()
    {
        var ex = Assert.Throws<ArgumentNullException>(() => _code.Call("Media.ProcessImage", "EncodeArguments", null, 1));
        Assert.Equal("url", ex.ParamName);
    }

    [Fact]
    public void Enqueue_NonFiniteNumber_ThrowsNamingTheParameter()
    {
        var args = new object?[] { "t", 1, true, Enum.ToObject(_code.Type("Reports.Format"), 1), double.NaN, 1m, 1L, null, "h", null, ';' };
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => _code.Call("Reports.Render", "EncodeArguments", args));
        Assert.Equal("scale", ex.ParamName);
        Assert.Contains("Task 'render': parameter 'scale' is NaN", ex.Message);
    }

    private T Decode<T>(string proxy, string payload, int argumentCount) where T : Exception
    {
        var args = new object?[argumentCount + 1];
        args[0] = payload;
        return Assert.Throws<T>(() => ScenarioAssembly.Invoke(_code.Type(proxy), "DecodeArguments", args));
    }
}
