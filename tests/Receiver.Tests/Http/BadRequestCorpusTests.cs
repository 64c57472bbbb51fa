using System.Net;
using System.Text;
using Google.Protobuf;
using MiniCollector.Receiver.Tests.TestSupport;

namespace MiniCollector.Receiver.Tests.Http;

/// <summary>
/// Malformed and hostile requests: each gets the status and google.rpc.Status body the spec says, nothing reaches
/// the pipeline, and the receiver keeps serving valid requests afterwards.
/// </summary>
public sealed class BadRequestCorpusTests
{
    private const long Limit = 1024 * 1024;

    public static TheoryData<string, Func<HttpClient, Task<HttpResponseMessage>>, HttpStatusCode, string> Corpus() => new()
    {
        { "GET instead of POST", c => c.GetAsync("/v1/traces"), HttpStatusCode.MethodNotAllowed, "405 method not allowed, supported: [POST]" },
        { "PUT instead of POST", c => c.PutAsync("/v1/logs", new ByteArrayContent([])), HttpStatusCode.MethodNotAllowed, "supported: [POST]" },
        { "text/plain content type", c => c.PostAsync("/v1/traces", Encoding.UTF8.GetBytes("hello"), "text/plain"), HttpStatusCode.UnsupportedMediaType, "supported: [application/json, application/x-protobuf]" },
        { "no content type", c => c.PostAsync("/v1/traces", new ByteArrayContent([1, 2])), HttpStatusCode.UnsupportedMediaType, "415 unsupported media type none" },
        { "application/grpc on the HTTP port", c => c.PostAsync("/v1/traces", [0, 0, 0, 0, 0], "application/grpc"), HttpStatusCode.UnsupportedMediaType, "application/grpc" },
        { "garbage protobuf", c => c.PostAsync("/v1/traces", [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], "application/x-protobuf"), HttpStatusCode.BadRequest, "cannot decode the protobuf traces request" },
        { "truncated protobuf", c => c.PostAsync("/v1/traces", Payloads.Traces(2).ToByteArray()[..40], "application/x-protobuf"), HttpStatusCode.BadRequest, "cannot decode the protobuf traces request" },
        { "length past the end", c => c.PostAsync("/v1/metrics", [0x0A, 0x7F, 0x01], "application/x-protobuf"), HttpStatusCode.BadRequest, "cannot decode the protobuf metrics request" },
        { "malformed JSON", c => c.PostJsonAsync("/v1/logs", "{\"resourceLogs\": [ {"), HttpStatusCode.BadRequest, "cannot decode the JSON logs request" },
        { "JSON array root", c => c.PostJsonAsync("/v1/logs", "[]"), HttpStatusCode.BadRequest, "cannot decode the JSON logs request" },
        { "JSON with non-hex trace id", c => c.PostJsonAsync("/v1/traces", Payloads.TracesJson.Replace("5B8EFFF798038103D269B633813FC60C", "zz8EFFF798038103D269B633813FC60C", StringComparison.Ordinal)), HttpStatusCode.BadRequest, "traceId" },
        { "JSON with unknown enum name", c => c.PostJsonAsync("/v1/traces", Payloads.TracesJson.Replace("\"kind\":2", "\"kind\":\"SPAN_KIND_SIDEWAYS\"", StringComparison.Ordinal)), HttpStatusCode.BadRequest, "SPAN_KIND_SIDEWAYS" },
        { "JSON nested 200 deep", c => c.PostJsonAsync("/v1/logs", DeepJson(200)), HttpStatusCode.BadRequest, "cannot decode the JSON logs request" },
        { "bad gzip", c => c.PostAsync("/v1/traces", [1, 2, 3, 4, 5, 6, 7, 8], "application/x-protobuf", "gzip"), HttpStatusCode.BadRequest, "cannot decompress the gzip body" },
        { "gzip cut short", c => c.PostAsync("/v1/traces", Payloads.Gzip(Payloads.Traces(50).ToByteArray())[..30], "application/x-protobuf", "gzip"), HttpStatusCode.BadRequest, "cannot decompress the gzip body: it is truncated or corrupt" },
        { "gzip without its trailer", c => c.PostAsync("/v1/traces", Payloads.Gzip(Payloads.Traces(50).ToByteArray())[..^8], "application/x-protobuf", "gzip"), HttpStatusCode.BadRequest, "truncated or corrupt" },
        { "zlib without its checksum", c => c.PostAsync("/v1/traces", Payloads.Zlib(Payloads.Traces(50).ToByteArray())[..^4], "application/x-protobuf", "deflate"), HttpStatusCode.BadRequest, "truncated or corrupt" },
        { "bad zlib", c => c.PostAsync("/v1/traces", [0x78, 0x9C, 0xFF, 0xFF, 0xFF], "application/x-protobuf", "deflate"), HttpStatusCode.BadRequest, "cannot decompress the deflate body" },
        { "unsupported encoding", c => c.PostAsync("/v1/traces", [1], "application/x-protobuf", "br"), HttpStatusCode.BadRequest, "unsupported Content-Encoding: br" },
        { "gzip bomb over the limit", c => c.PostAsync("/v1/traces", Payloads.Gzip(new byte[Limit * 8]), "application/x-protobuf", "gzip"), HttpStatusCode.RequestEntityTooLarge, "request body too large" },
        { "plain body over the limit", c => c.PostAsync("/v1/traces", new byte[Limit + 1], "application/x-protobuf"), HttpStatusCode.RequestEntityTooLarge, "max_request_body_size" },
        { "unknown path", c => c.PostAsync("/v1/profiles", [], "application/x-protobuf"), HttpStatusCode.NotFound, "no OTLP endpoint at /v1/profiles" },
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task Bad_requests_get_a_clear_status_and_the_receiver_keeps_serving(string name, Func<HttpClient, Task<HttpResponseMessage>> send, HttpStatusCode expected, string messagePart)
    {
        await using var harness = await ReceiverHarness.StartAsync($"max_request_body_size: {Limit}");

        var response = await send(harness.Client);

        Assert.True(expected == response.StatusCode, $"{name}: expected {expected}, got {response.StatusCode}");
        var status = await response.ReadStatusAsync();
        Assert.Contains(messagePart, status.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Consumer.Received);

        var valid = await harness.Client.PostProtobufAsync("/v1/traces", Payloads.Traces(2));
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        Assert.Equal(2, Assert.Single(harness.Consumer.Received).ItemCount);
    }

    [Fact]
    public async Task Errors_are_encoded_like_the_request()
    {
        await using var harness = await ReceiverHarness.StartAsync();

        var protobuf = await harness.Client.PostAsync("/v1/traces", [0xFF, 0xFF], "application/x-protobuf");
        var json = await harness.Client.PostJsonAsync("/v1/traces", "{");

        Assert.Equal("application/x-protobuf", protobuf.Content.Headers.ContentType?.MediaType);
        Assert.Equal(3, MiniCollector.Otlp.Rpc.Status.Parser.ParseFrom(await protobuf.Content.ReadAsByteArrayAsync()).Code);
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("{\"code\":3,\"message\":", await json.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Method_not_allowed_names_the_allowed_method()
    {
        await using var harness = await ReceiverHarness.StartAsync();

        var response = await harness.Client.GetAsync("/v1/metrics");

        Assert.Equal(["POST"], response.Content.Headers.Allow);
    }

    [Fact]
    public async Task Compression_algorithms_limits_the_accepted_encodings()
    {
        await using var harness = await ReceiverHarness.StartAsync("compression_algorithms: [\"\"]");

        var gzip = await harness.Client.PostProtobufAsync("/v1/traces", Payloads.Traces(1), "gzip");
        var plain = await harness.Client.PostProtobufAsync("/v1/traces", Payloads.Traces(1));

        Assert.Equal(HttpStatusCode.BadRequest, gzip.StatusCode);
        Assert.Contains("unsupported Content-Encoding: gzip", (await gzip.ReadStatusAsync()).Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
    }

    private static string DeepJson(int depth)
    {
        var sb = new StringBuilder("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"body\":");
        for (int i = 0; i < depth; i++)
        {
            sb.Append("{\"arrayValue\":{\"values\":[");
        }

        sb.Append("{\"stringValue\":\"deep\"}");
        for (int i = 0; i < depth; i++)
        {
            sb.Append("]}}");
        }

        sb.Append("}]}]}]}");
        return sb.ToString();
    }
}
