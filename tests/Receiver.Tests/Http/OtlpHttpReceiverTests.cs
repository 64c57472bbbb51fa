using System.Net;
using System.Text;
using Google.Protobuf;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Rpc;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Otlp.Json;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Receiver.Tests.TestSupport;

namespace MiniCollector.Receiver.Tests.Http;

public sealed class OtlpHttpReceiverTests
{
    [Fact]
    public async Task Protobuf_requests_of_every_signal_reach_the_pipeline_and_get_an_empty_protobuf_response()
    {
        await using var harness = await ReceiverHarness.StartAsync();

        var traces = await harness.Client.PostProtobufAsync("/v1/traces", Payloads.Traces(3));
        var metrics = await harness.Client.PostProtobufAsync("/v1/metrics", Payloads.Metrics());
        var logs = await harness.Client.PostProtobufAsync("/v1/logs", Payloads.Logs());

        Assert.Equal(HttpStatusCode.OK, traces.StatusCode);
        Assert.Equal("application/x-protobuf", traces.Content.Headers.ContentType?.MediaType);
        var response = ExportTraceServiceResponse.Parser.ParseFrom(await traces.Content.ReadAsByteArrayAsync());
        Assert.Null(response.PartialSuccess);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Equal(HttpStatusCode.OK, logs.StatusCode);

        var received = harness.Consumer.Received.ToArray();
        Assert.Equal([Signal.Traces, Signal.Metrics, Signal.Logs], received.Select(r => r.Signal));
        Assert.Equal([3, 2, 1], received.Select(r => r.ItemCount));
        Assert.Equal(Payloads.Traces(3), received[0].Model);
    }

    [Fact]
    public async Task Protobuf_bytes_are_passed_on_without_re_encoding()
    {
        await using var harness = await ReceiverHarness.StartAsync();
        var sent = Payloads.Traces(2).ToByteArray();

        await harness.Client.PostAsync("/v1/traces", sent, "application/x-protobuf");

        var received = Assert.Single(harness.Consumer.Received);
        Assert.Equal(sent, received.Bytes.ToArray());
    }

    [Theory]
    [InlineData("/v1/traces", Payloads.TracesJson, Signal.Traces, 1)]
    [InlineData("/v1/metrics", Payloads.MetricsJson, Signal.Metrics, 3)]
    [InlineData("/v1/logs", Payloads.LogsJson, Signal.Logs, 1)]
    public async Task Json_examples_from_the_spec_are_accepted_and_answered_in_json(string path, string json, Signal signal, int items)
    {
        await using var harness = await ReceiverHarness.StartAsync();

        var response = await harness.Client.PostJsonAsync(path, json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        var received = Assert.Single(harness.Consumer.Received);
        Assert.Equal(signal, received.Signal);
        Assert.Equal(items, received.ItemCount);
    }

    [Fact]
    public async Task Json_trace_ids_are_decoded_from_hex()
    {
        await using var harness = await ReceiverHarness.StartAsync();

        await harness.Client.PostJsonAsync("/v1/traces", Payloads.TracesJson);

        var request = (ExportTraceServiceRequest)Assert.Single(harness.Consumer.Received).Model;
        var span = request.ResourceSpans[0].ScopeSpans[0].Spans[0];
        Assert.Equal("5b8efff798038103d269b633813fc60c", Convert.ToHexStringLower(span.TraceId.ToByteArray()));
        Assert.Equal("I'm a server span", span.Name);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    [InlineData("zlib")]
    public async Task Compressed_bodies_are_decompressed(string encoding)
    {
        await using var harness = await ReceiverHarness.StartAsync();
        var raw = Payloads.Traces(4).ToByteArray();
        var body = encoding == "gzip" ? Payloads.Gzip(raw) : Payloads.Zlib(raw);

        var response = await harness.Client.PostAsync("/v1/traces", body, "application/x-protobuf", encoding);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(4, Assert.Single(harness.Consumer.Received).ItemCount);
    }

    [Fact]
    public async Task Raw_deflate_without_the_zlib_wrapper_is_refused_as_the_reference_does()
    {
        await using var harness = await ReceiverHarness.StartAsync();

        var response = await harness.Client.PostAsync("/v1/traces", Payloads.RawDeflate(Payloads.Traces(2).ToByteArray()), "application/x-protobuf", "deflate");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(harness.Consumer.Received);
    }

    [Fact]
    public async Task An_empty_request_succeeds_without_calling_the_pipeline()
    {
        await using var harness = await ReceiverHarness.StartAsync();

        var protobuf = await harness.Client.PostAsync("/v1/traces", [], "application/x-protobuf");
        var json = await harness.Client.PostJsonAsync("/v1/logs", "{}");

        Assert.Equal(HttpStatusCode.OK, protobuf.StatusCode);
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Empty(harness.Consumer.Received);
    }

    [Fact]
    public async Task A_span_with_a_malformed_trace_id_is_dropped_and_reported_as_partial_success()
    {
        await using var harness = await ReceiverHarness.StartAsync();
        var json = Payloads.TracesJson.Replace("\"spans\":[{", "\"spans\":[{\"traceId\":\"ABCDEF\",\"spanId\":\"0102030405060708\",\"name\":\"bad\"},{", StringComparison.Ordinal);

        var response = await harness.Client.PostJsonAsync("/v1/traces", json);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = OtlpJsonReader.ReadTraceResponse(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, body.PartialSuccess.RejectedSpans);
        Assert.Contains("trace_id must be 16 bytes, got 3", body.PartialSuccess.ErrorMessage);
        var forwarded = Assert.Single(harness.Consumer.Received);
        Assert.Equal(1, forwarded.ItemCount);
        Assert.Equal("I'm a server span", ((ExportTraceServiceRequest)forwarded.Model).ResourceSpans[0].ScopeSpans[0].Spans[0].Name);
    }

    [Fact]
    public async Task A_log_record_with_a_malformed_span_id_is_dropped_over_protobuf_too()
    {
        await using var harness = await ReceiverHarness.StartAsync();
        var logs = Payloads.Logs();
        logs.ResourceLogs[0].ScopeLogs[0].LogRecords.Add(new MiniCollector.Otlp.Logs.LogRecord { SpanId = ByteString.CopyFrom([1, 2, 3]) });

        var response = await harness.Client.PostProtobufAsync("/v1/logs", logs);

        var body = ExportLogsServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, body.PartialSuccess.RejectedLogRecords);
        Assert.Equal(1, Assert.Single(harness.Consumer.Received).ItemCount);
    }

    [Fact]
    public async Task A_refusing_pipeline_gives_503_with_retry_after_and_retry_info()
    {
        await using var harness = await ReceiverHarness.StartAsync();
        harness.Consumer.Answer = ConsumeResult.Refuse("queue is full", TimeSpan.FromSeconds(3));

        var response = await harness.Client.PostProtobufAsync("/v1/metrics", Payloads.Metrics());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter?.Delta);
        var status = await response.ReadStatusAsync();
        Assert.Equal(14, status.Code);
        Assert.Equal("queue is full", status.Message);
        var retryInfo = Assert.Single(status.Details).Unpack<RetryInfo>();
        Assert.Equal(3, retryInfo.RetryDelay.Seconds);
    }

    [Fact]
    public async Task Permanent_pipeline_errors_map_to_400_and_500()
    {
        await using var harness = await ReceiverHarness.StartAsync();

        harness.Consumer.Answer = ConsumeResult.Reject("bad data");
        var rejected = await harness.Client.PostProtobufAsync("/v1/logs", Payloads.Logs());
        harness.Consumer.Answer = ConsumeResult.Fail("exporter exploded");
        var failed = await harness.Client.PostJsonAsync("/v1/logs", Payloads.LogsJson);

        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.Equal(3, (await rejected.ReadStatusAsync()).Code);
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        var status = await failed.ReadStatusAsync();
        Assert.Equal(13, status.Code);
        Assert.Equal("exporter exploded", status.Message);
    }

    [Fact]
    public async Task Partial_success_from_the_pipeline_reaches_the_client()
    {
        await using var harness = await ReceiverHarness.StartAsync();
        harness.Consumer.Answer = ConsumeResult.Partial(2, "two spans were too old");

        var response = await harness.Client.PostProtobufAsync("/v1/traces", Payloads.Traces(5));

        var body = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(2, body.PartialSuccess.RejectedSpans);
        Assert.Equal("two spans were too old", body.PartialSuccess.ErrorMessage);
    }

    [Fact]
    public async Task Cleartext_http2_with_prior_knowledge_is_served_on_the_same_port()
    {
        await using var harness = await ReceiverHarness.StartAsync();
        var body = Payloads.Traces(1).ToByteArray();

        var h2 = await harness.Client.PostAsync("/v1/traces", body, "application/x-protobuf", configure: r =>
        {
            r.Version = HttpVersion.Version20;
            r.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        });
        var h1 = await harness.Client.PostProtobufAsync("/v1/traces", Payloads.Traces(1));

        Assert.Equal(HttpStatusCode.OK, h2.StatusCode);
        Assert.Equal(HttpVersion.Version20, h2.Version);
        Assert.Equal(HttpStatusCode.OK, h1.StatusCode);
        Assert.Equal(HttpVersion.Version11, h1.Version);
        Assert.Equal(2, harness.Consumer.Received.Count);
    }

    [Fact]
    public async Task Custom_url_paths_replace_the_defaults()
    {
        await using var harness = await ReceiverHarness.StartAsync("traces_url_path: custom/traces");

        var custom = await harness.Client.PostProtobufAsync("/custom/traces", Payloads.Traces(1));
        var old = await harness.Client.PostProtobufAsync("/v1/traces", Payloads.Traces(1));

        Assert.Equal(HttpStatusCode.OK, custom.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
    }

    [Fact]
    public async Task Include_metadata_passes_request_headers_to_the_pipeline()
    {
        await using var harness = await ReceiverHarness.StartAsync("include_metadata: true");

        await harness.Client.PostAsync("/v1/logs", Payloads.Logs().ToByteArray(), "application/x-protobuf", configure: r => r.Headers.Add("X-Tenant", "acme"));

        Assert.Equal(["acme"], Assert.Single(harness.Consumer.Received).Metadata.Get("x-tenant"));
    }

    [Fact]
    public async Task Without_include_metadata_no_headers_are_passed_on()
    {
        await using var harness = await ReceiverHarness.StartAsync();

        await harness.Client.PostAsync("/v1/logs", Payloads.Logs().ToByteArray(), "application/x-protobuf", configure: r => r.Headers.Add("X-Tenant", "acme"));

        Assert.Empty(Assert.Single(harness.Consumer.Received).Metadata.Values);
    }

    [Fact]
    public async Task Response_headers_are_added_to_every_answer()
    {
        await using var harness = await ReceiverHarness.StartAsync("response_headers:\n  X-Served-By: minicollector");

        var ok = await harness.Client.PostProtobufAsync("/v1/logs", Payloads.Logs());
        var bad = await harness.Client.GetAsync("/v1/logs");

        Assert.Equal("minicollector", ok.Headers.GetValues("X-Served-By").Single());
        Assert.Equal("minicollector", bad.Headers.GetValues("X-Served-By").Single());
    }

    [Fact]
    public async Task Large_bodies_within_the_limit_are_accepted()
    {
        await using var harness = await ReceiverHarness.StartAsync();
        var request = Payloads.Traces(20_000);

        var response = await harness.Client.PostProtobufAsync("/v1/traces", request, "gzip");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(20_000, Assert.Single(harness.Consumer.Received).ItemCount);
    }

    [Fact]
    public async Task Json_bodies_declared_with_a_charset_parameter_are_accepted()
    {
        await using var harness = await ReceiverHarness.StartAsync();

        var response = await harness.Client.PostAsync("/v1/logs", Encoding.UTF8.GetBytes(Payloads.LogsJson), "application/json; charset=utf-8");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.IsType<ExportLogsServiceRequest>(Assert.Single(harness.Consumer.Received).Model);
    }
}
