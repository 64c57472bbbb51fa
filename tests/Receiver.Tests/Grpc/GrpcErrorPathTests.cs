using System.Net;
using Google.Protobuf;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Trace;
using MiniCollector.Receiver.Tests.TestSupport;

namespace MiniCollector.Receiver.Tests.Grpc;

/// <summary>
/// Every malformed or unserviceable call gets its gRPC status as a trailers-only answer, reaches no consumer, and
/// leaves the HTTP/2 connection serving: a valid export on the same connection afterwards succeeds.
/// </summary>
public sealed class GrpcErrorPathTests
{
    private const int Ok = 0;
    private const int InvalidArgument = 3;
    private const int DeadlineExceeded = 4;
    private const int ResourceExhausted = 8;
    private const int Unimplemented = 12;
    private const int Internal = 13;
    private const int OneMiB = 1024 * 1024;

    private static readonly Dictionary<string, ErrorCase> Cases = new()
    {
        ["truncated prefix (3 bytes)"] = new(GrpcHarness.TracesMethod, () => [0, 0, 0], Internal, "prefix"),
        ["length mismatch (announces 100, sends 10)"] = new(GrpcHarness.TracesMethod, () => GrpcHarness.Frame(new byte[10], declaredLength: 100), Internal, "100"),
        ["two messages in one call"] = new(GrpcHarness.TracesMethod, () => [.. ValidFrame(), .. ValidFrame()], Internal, "more than one message"),
        ["empty body"] = new(GrpcHarness.TracesMethod, () => [], Internal, "did not include a message"),
        ["invalid compressed flag 2"] = new(GrpcHarness.TracesMethod, () => { var f = ValidFrame(); f[0] = 2; return f; }, Internal, "compressed flag"),
        ["compressed flag without grpc-encoding"] = new(GrpcHarness.TracesMethod, () => GrpcHarness.Frame(Payloads.Gzip(ValidMessage()), compressed: true), Internal, "grpc-encoding"),
        ["compressed flag with grpc-encoding identity"] = new(GrpcHarness.TracesMethod, () => GrpcHarness.Frame(Payloads.Gzip(ValidMessage()), compressed: true), Internal, "grpc-encoding", Encoding: "identity"),
        ["compressed flag with grpc-encoding snappy"] = new(GrpcHarness.TracesMethod, () => GrpcHarness.Frame(ValidMessage(), compressed: true), Unimplemented, "snappy", Encoding: "snappy"),
        ["corrupt gzip (not gzip at all)"] = new(GrpcHarness.TracesMethod, () => GrpcHarness.Frame([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0x02, 0x03, 0x04], compressed: true), Internal, "decompress", Encoding: "gzip"),
        ["corrupt gzip (plain bytes)"] = new(GrpcHarness.TracesMethod, () => GrpcHarness.Frame(ValidMessage(), compressed: true), Internal, "decompress", Encoding: "gzip"),
        ["oversize message (2 MiB, limit 1 MiB)"] = new(GrpcHarness.TracesMethod, () => GrpcHarness.Frame(new byte[2 * OneMiB]), ResourceExhausted, "larger than max"),
        ["oversize after decompression (gzip bomb)"] = new(GrpcHarness.TracesMethod, () => GrpcHarness.Frame(Payloads.Gzip(TracesWithSpanNameOf(2 * OneMiB)), compressed: true), ResourceExhausted, "decompression", Encoding: "gzip"),
        ["prefix announcing 2 GiB, no body"] = new(GrpcHarness.TracesMethod, () => GrpcTestData.Prefix(0, 2u * 1024 * 1024 * 1024), ResourceExhausted, "larger than max"),
        ["unknown method"] = new("/opentelemetry.proto.collector.trace.v1.TraceService/Nope", ValidFrame, Unimplemented, "TraceService/Nope"),
        ["unknown service"] = new("/example.NoSuchService/Export", ValidFrame, Unimplemented, "NoSuchService"),
        ["bad protobuf"] = new(GrpcHarness.TracesMethod, () => GrpcHarness.Frame([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]), InvalidArgument, "cannot decode the protobuf traces request"),
        ["malformed grpc-timeout (abc)"] = new(GrpcHarness.TracesMethod, ValidFrame, Internal, "grpc-timeout", Timeout: "abc"),
        ["malformed grpc-timeout (unknown unit)"] = new(GrpcHarness.TracesMethod, ValidFrame, Internal, "grpc-timeout", Timeout: "5x"),
        ["malformed grpc-timeout (9 digits)"] = new(GrpcHarness.TracesMethod, ValidFrame, Internal, "grpc-timeout", Timeout: "123456789S"),
        ["malformed grpc-timeout (no unit)"] = new(GrpcHarness.TracesMethod, ValidFrame, Internal, "grpc-timeout", Timeout: "100"),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task A_bad_call_gets_its_status_trailers_only_and_the_same_connection_keeps_serving(string name)
    {
        var @case = Cases[name];
        await using var harness = await GrpcHarness.StartAsync("max_recv_msg_size_mib: 1\n" + GrpcTestData.KeepIdleConnections);
        using var client = new ConnectionTrackingClient(harness.BaseAddress);
        await AssertServingAsync(client, harness);
        Assert.True(harness.Consumer.Received.TryDequeue(out _));

        var response = await client.SendAsync(@case.Path, @case.Body(), configure: request =>
        {
            if (@case.Encoding is not null)
            {
                request.Headers.TryAddWithoutValidation("grpc-encoding", @case.Encoding);
            }

            if (@case.Timeout is not null)
            {
                request.Headers.TryAddWithoutValidation("grpc-timeout", @case.Timeout);
            }
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(@case.Status, response.Status());
        Assert.Contains(@case.MessagePart, response.Message(), StringComparison.Ordinal);
        await GrpcTestData.AssertTrailersOnlyAsync(response);
        Assert.Empty(harness.Consumer.Received);

        await AssertServingAsync(client, harness);
        Assert.Equal(1, client.Connections);
    }

    [Fact]
    public async Task A_prefix_announcing_2_GiB_is_refused_from_the_prefix_without_waiting_for_the_body()
    {
        await using var harness = await GrpcHarness.StartAsync("max_recv_msg_size_mib: 1");

        var response = await harness.CallAsync(GrpcHarness.TracesMethod, GrpcTestData.Prefix(0, 2u * 1024 * 1024 * 1024)).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(ResourceExhausted, response.Status());
        await GrpcTestData.AssertTrailersOnlyAsync(response);
    }

    [Fact]
    public async Task A_2_GiB_prefix_is_refused_even_while_the_client_keeps_the_stream_open()
    {
        await using var harness = await GrpcHarness.StartAsync("max_recv_msg_size_mib: 1");
        var body = new OpenEndedContent(GrpcTestData.Prefix(0, 2u * 1024 * 1024 * 1024));
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");
        var request = new HttpRequestMessage(HttpMethod.Post, GrpcHarness.TracesMethod) { Content = body, Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Headers.TryAddWithoutValidation("te", "trailers");

        // The client never ends its request stream: the answer must come from the prefix alone.
        var response = await harness.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(ResourceExhausted, response.Status());
        body.Release();
        response.Dispose();
        var after = await harness.CallAsync(GrpcHarness.TracesMethod, ValidFrame()).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(Ok, after.Status());
    }

    [Fact]
    public async Task A_message_exactly_at_the_limit_is_accepted_plain_and_gzip_compressed()
    {
        await using var harness = await GrpcHarness.StartAsync("max_recv_msg_size_mib: 1");
        var message = TracesWithSizeOf(OneMiB);
        Assert.Equal(OneMiB, message.Length);

        var plain = await harness.CallAsync(GrpcHarness.TracesMethod, GrpcHarness.Frame(message));
        var gzip = await harness.CallAsync(GrpcHarness.TracesMethod, GrpcHarness.Frame(Payloads.Gzip(message), compressed: true), configure: GrpcTestData.Header("grpc-encoding", "gzip"));
        var overByOne = await harness.CallAsync(GrpcHarness.TracesMethod, GrpcHarness.Frame(Payloads.Gzip(TracesWithSizeOf(OneMiB + 1)), compressed: true), configure: GrpcTestData.Header("grpc-encoding", "gzip"));

        Assert.Equal(Ok, plain.Status());
        Assert.Equal(Ok, gzip.Status());
        Assert.Equal(ResourceExhausted, overByOne.Status());
        Assert.Equal(2, harness.Consumer.Received.Count);
    }

    [Fact]
    public async Task Snappy_is_unimplemented_and_the_answer_advertises_gzip()
    {
        await using var harness = await GrpcHarness.StartAsync();

        var response = await harness.CallAsync(GrpcHarness.TracesMethod, GrpcHarness.Frame(ValidMessage(), compressed: true), configure: GrpcTestData.Header("grpc-encoding", "snappy"));

        Assert.Equal(Unimplemented, response.Status());
        var accepted = response.Header("grpc-accept-encoding");
        Assert.NotNull(accepted);
        Assert.Contains("gzip", accepted.Split(',').Select(e => e.Trim()));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(12)]
    [InlineData(100)]
    public async Task A_truncated_gzip_message_is_an_internal_error(int bytesCut)
    {
        await using var harness = await GrpcHarness.StartAsync();
        var gzip = Payloads.Gzip(ValidMessage());

        // 8 bytes: just the gzip trailer (CRC32 and size) is missing; more: the deflate data is cut short too.
        var response = await harness.CallAsync(GrpcHarness.TracesMethod, GrpcHarness.Frame(gzip[..^bytesCut], compressed: true), configure: GrpcTestData.Header("grpc-encoding", "gzip"));

        Assert.Equal(Internal, response.Status());
        Assert.Empty(harness.Consumer.Received);
    }

    [Fact]
    public async Task A_truncated_gzip_message_whose_prefix_happens_to_be_valid_protobuf_is_not_accepted_as_a_shorter_request()
    {
        await using var harness = await GrpcHarness.StartAsync();

        // Many top-level resource_spans, so some truncation point decodes to a valid request with fewer spans.
        var full = new ExportTraceServiceRequest();
        for (int i = 0; i < 200; i++)
        {
            full.ResourceSpans.Add(GrpcTestData.Traces(["span-" + i]).ResourceSpans[0]);
        }

        var gzip = Payloads.Gzip(full.ToByteArray());
        var truncated = GrpcTestData.TruncatedGzipDecodingToFewerSpans(gzip, 200);
        Assert.NotNull(truncated);

        var response = await harness.CallAsync(GrpcHarness.TracesMethod, GrpcHarness.Frame(truncated, compressed: true), configure: GrpcTestData.Header("grpc-encoding", "gzip"));

        int passedOn = GrpcTestData.SpanNames(harness.Consumer.Received).Count;
        Assert.True(response.Status() == Internal && passedOn == 0, $"a truncated gzip message got grpc-status {response.Status()} and {passedOn} of 200 spans were passed on");
    }

    [Fact]
    public async Task A_gzip_message_with_a_wrong_checksum_is_an_internal_error()
    {
        await using var harness = await GrpcHarness.StartAsync();
        var gzip = Payloads.Gzip(ValidMessage());
        gzip[^6] ^= 0xFF;

        var response = await harness.CallAsync(GrpcHarness.TracesMethod, GrpcHarness.Frame(gzip, compressed: true), configure: GrpcTestData.Header("grpc-encoding", "gzip"));

        Assert.Equal(Internal, response.Status());
        Assert.Empty(harness.Consumer.Received);
    }

    [Fact]
    public async Task A_signal_without_a_pipeline_is_unimplemented_and_the_connection_keeps_serving()
    {
        await using var harness = await GrpcHarness.StartAsync(GrpcTestData.KeepIdleConnections, tracesOnly: true);
        using var client = new ConnectionTrackingClient(harness.BaseAddress);

        var logs = await client.SendAsync(GrpcHarness.LogsMethod, GrpcHarness.Frame(Payloads.Logs().ToByteArray()));
        var metrics = await client.SendAsync(GrpcHarness.MetricsMethod, GrpcHarness.Frame(Payloads.Metrics().ToByteArray()));

        Assert.Equal(Unimplemented, logs.Status());
        Assert.Contains(GrpcHarness.LogsMethod, logs.Message(), StringComparison.Ordinal);
        await GrpcTestData.AssertTrailersOnlyAsync(logs);
        Assert.Equal(Unimplemented, metrics.Status());
        Assert.Empty(harness.Consumer.Received);
        await AssertServingAsync(client, harness);
        Assert.Equal(1, client.Connections);
    }

    [Fact]
    public async Task An_already_expired_deadline_is_deadline_exceeded_and_nothing_reaches_the_consumer()
    {
        await using var harness = await GrpcHarness.StartAsync(GrpcTestData.KeepIdleConnections);
        using var client = new ConnectionTrackingClient(harness.BaseAddress);

        // Repeated, because an expired call that slips through to the consumer would do so only sometimes.
        var statuses = new List<int>();
        for (int i = 0; i < 50; i++)
        {
            var response = await client.SendAsync(GrpcHarness.TracesMethod, ValidFrame(), configure: GrpcTestData.Header("grpc-timeout", "1n"));
            statuses.Add(response.Status());
            if (response.Status() == DeadlineExceeded)
            {
                await GrpcTestData.AssertTrailersOnlyAsync(response);
            }
        }

        int passedOn = harness.Consumer.Received.Count;
        Assert.True(
            statuses.All(s => s == DeadlineExceeded) && passedOn == 0,
            $"of 50 calls with grpc-timeout 1n, {statuses.Count(s => s == DeadlineExceeded)} got DEADLINE_EXCEEDED, {statuses.Count(s => s == Ok)} got OK, and {passedOn} reached the consumer");
        await AssertServingAsync(client, harness);
        Assert.Equal(1, client.Connections);
    }

    [Fact]
    public async Task A_generous_deadline_does_not_get_in_the_way()
    {
        await using var harness = await GrpcHarness.StartAsync();

        var response = await harness.CallAsync(GrpcHarness.TracesMethod, ValidFrame(), configure: GrpcTestData.Header("grpc-timeout", "30S"));

        Assert.Equal(Ok, response.Status());
        Assert.Single(harness.Consumer.Received);
    }

    [Fact]
    public async Task A_non_grpc_content_type_is_415_and_the_connection_keeps_serving()
    {
        await using var harness = await GrpcHarness.StartAsync(GrpcTestData.KeepIdleConnections);
        using var client = new ConnectionTrackingClient(harness.BaseAddress);

        var response = await client.SendAsync(GrpcHarness.TracesMethod, ValidFrame(), contentType: "application/json");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Empty(harness.Consumer.Received);
        await AssertServingAsync(client, harness);
        Assert.Equal(1, client.Connections);
    }

    [Theory]
    [InlineData("application/grpc")]
    [InlineData("application/grpc+proto")]
    [InlineData("application/grpc; charset=utf-8")]
    public async Task Grpc_protobuf_content_types_are_accepted(string contentType)
    {
        await using var harness = await GrpcHarness.StartAsync();

        var response = await harness.CallAsync(GrpcHarness.TracesMethod, ValidFrame(), contentType);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Ok, response.Status());
        Assert.Single(harness.Consumer.Received);
    }

    [Fact]
    public async Task A_bad_protobuf_message_names_the_problem()
    {
        await using var harness = await GrpcHarness.StartAsync();

        var response = await harness.CallAsync(GrpcHarness.TracesMethod, GrpcHarness.Frame([0xFF, 0xFF, 0xFF, 0xFF]));

        Assert.Equal(InvalidArgument, response.Status());
        var message = response.Message();
        Assert.NotNull(message);
        Assert.Contains("protobuf", message, StringComparison.Ordinal);
        Assert.Contains("traces", message, StringComparison.Ordinal);
        await GrpcTestData.AssertTrailersOnlyAsync(response);
    }

    [Fact]
    public async Task Errors_interleaved_with_exports_on_one_connection_leave_every_valid_export_delivered()
    {
        await using var harness = await GrpcHarness.StartAsync("max_recv_msg_size_mib: 1\n" + GrpcTestData.KeepIdleConnections);
        using var client = new ConnectionTrackingClient(harness.BaseAddress);
        var calls = new List<Task<HttpResponseMessage>>();
        var expected = new List<string>();
        int n = 0;
        foreach (var @case in Cases.Values)
        {
            calls.Add(client.SendAsync(@case.Path, @case.Body(), configure: request =>
            {
                if (@case.Encoding is not null)
                {
                    request.Headers.TryAddWithoutValidation("grpc-encoding", @case.Encoding);
                }

                if (@case.Timeout is not null)
                {
                    request.Headers.TryAddWithoutValidation("grpc-timeout", @case.Timeout);
                }
            }));
            var spanName = "valid-" + n++;
            expected.Add(spanName);
            calls.Add(client.SendAsync(GrpcHarness.TracesMethod, GrpcHarness.Frame(GrpcTestData.Traces([spanName]).ToByteArray())));
        }

        var responses = await Task.WhenAll(calls);

        var errorStatuses = responses.Where((_, i) => i % 2 == 0).Select(r => r.Status());
        Assert.Equal(Cases.Values.Select(c => c.Status), errorStatuses);
        Assert.All(responses.Where((_, i) => i % 2 == 1), r => Assert.Equal(Ok, r.Status()));
        Assert.Equal(expected.Order(), GrpcTestData.SpanNames(harness.Consumer.Received).Order());
        Assert.Equal(1, client.Connections);
    }

    private static async Task AssertServingAsync(ConnectionTrackingClient client, GrpcHarness harness)
    {
        int before = harness.Consumer.Received.Count;
        var response = await client.SendAsync(GrpcHarness.TracesMethod, ValidFrame());
        Assert.Equal(Ok, response.Status());
        var body = ExportTraceServiceResponse.Parser.ParseFrom(await response.MessageBytesAsync());
        Assert.Null(body.PartialSuccess);
        Assert.Equal(before + 1, harness.Consumer.Received.Count);
    }

    private static byte[] ValidMessage() => Payloads.Traces(3).ToByteArray();

    private static byte[] ValidFrame() => GrpcHarness.Frame(ValidMessage());

    // A valid traces request of at least `size` bytes: one span whose name carries the bulk (highly compressible).
    private static byte[] TracesWithSpanNameOf(int size) => GrpcTestData.Traces([new string('x', size)]).ToByteArray();

    // A valid traces request of exactly `size` bytes, padded through a resource attribute value.
    private static byte[] TracesWithSizeOf(int size)
    {
        var request = GrpcTestData.Traces(["exact"]);
        var attribute = new KeyValue { Key = "pad", Value = new AnyValue { StringValue = string.Empty } };
        request.ResourceSpans[0].Resource.Attributes.Add(attribute);
        int pad = size - request.CalculateSize();
        while (true)
        {
            attribute.Value.StringValue = new string('p', pad);
            int actual = request.CalculateSize();
            if (actual == size)
            {
                return request.ToByteArray();
            }

            pad -= actual - size;
        }
    }

    private sealed record ErrorCase(string Path, Func<byte[]> Body, int Status, string MessagePart, string? Encoding = null, string? Timeout = null);

    /// <summary>Request content that sends its bytes, then holds the request stream open until released.</summary>
    private sealed class OpenEndedContent(byte[] first) : HttpContent
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _release.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(first);
            await stream.FlushAsync();
            await _release.Task;
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
