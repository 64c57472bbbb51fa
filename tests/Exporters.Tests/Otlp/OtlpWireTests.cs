using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Otlp.Json;

namespace MiniCollector.Exporters.Tests.Otlp;

/// <summary>
/// What the OTLP exporters put on the wire: gRPC framing, paths, gzip (the received bytes forwarded as they are),
/// configured headers, <c>grpc-timeout</c>; OTLP/HTTP paths, per-signal endpoints, protobuf and JSON bodies.
/// </summary>
public sealed class OtlpWireTests
{
    private const string NoQueue = """
        sending_queue:
          enabled: false
        retry_on_failure:
          enabled: false
        """;

    [Fact]
    public async Task Grpc_gzips_by_default_and_the_payload_is_exactly_the_requests_bytes()
    {
        await using var fake = await FakeDownstream.StartGrpcAsync((_, c) => FakeAnswers.Grpc(c));
        await using var exporter = await ExporterUnderTest.GrpcAsync($"endpoint: {fake.Address}\ntls: {{insecure: true}}\n{NoQueue}");
        var request = OtlpRequests.TracesAsReceived(3, out var received);

        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(request));

        var call = Assert.Single(fake.Calls);
        Assert.Equal("/opentelemetry.proto.collector.trace.v1.TraceService/Export", call.Path);
        Assert.Equal("HTTP/2", call.Protocol);
        Assert.Equal("application/grpc", call.Header("content-type"));
        Assert.Equal("trailers", call.Header("te"));
        Assert.Equal("gzip", call.Header("grpc-encoding"));
        var (compressed, message) = FakeAnswers.Unframe(call.Body);
        Assert.True(compressed);
        Assert.Equal(received, FakeAnswers.Gunzip(message));
        Assert.Equal(request.Bytes.ToArray(), FakeAnswers.Gunzip(message));
    }

    [Fact]
    public async Task Grpc_with_compression_none_sends_the_bytes_plain()
    {
        await using var fake = await FakeDownstream.StartGrpcAsync((_, c) => FakeAnswers.Grpc(c));
        await using var exporter = await ExporterUnderTest.GrpcAsync($"endpoint: {fake.Address}\ntls: {{insecure: true}}\ncompression: none\n{NoQueue}");
        var request = OtlpRequests.TracesAsReceived(2, out var received);

        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(request));

        var call = Assert.Single(fake.Calls);
        Assert.True(call.Header("grpc-encoding") is null or "identity", $"grpc-encoding: {call.Header("grpc-encoding")}");
        var (compressed, message) = FakeAnswers.Unframe(call.Body);
        Assert.False(compressed);
        Assert.Equal(received, message);
    }

    [Fact]
    public async Task Grpc_uses_each_signals_service_method()
    {
        await using var fake = await FakeDownstream.StartGrpcAsync((_, c) => FakeAnswers.Grpc(c));
        await using var exporter = await ExporterUnderTest.GrpcAsync($"endpoint: http://{fake.Address}\n{NoQueue}");

        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(OtlpRequests.Metrics(2)));
        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(OtlpRequests.Logs(3)));

        Assert.Equal(
            ["/opentelemetry.proto.collector.metrics.v1.MetricsService/Export", "/opentelemetry.proto.collector.logs.v1.LogsService/Export"],
            fake.Calls.Select(c => c.Path));
        var metrics = ExportMetricsServiceRequest.Parser.ParseFrom(FakeAnswers.Gunzip(FakeAnswers.Unframe(fake.Calls[0].Body).Message));
        Assert.Equal(["metric.0", "metric.1"], metrics.ResourceMetrics[0].ScopeMetrics[0].Metrics.Select(m => m.Name));
        var logs = ExportLogsServiceRequest.Parser.ParseFrom(FakeAnswers.Gunzip(FakeAnswers.Unframe(fake.Calls[1].Body).Message));
        Assert.Equal(3, logs.ResourceLogs[0].ScopeLogs[0].LogRecords.Count);
        Assert.Equal(5, exporter.Counters.SentItems);
    }

    [Fact]
    public async Task Grpc_sends_the_configured_headers_and_the_timeout_as_grpc_timeout()
    {
        await using var fake = await FakeDownstream.StartGrpcAsync((_, c) => FakeAnswers.Grpc(c));
        await using var exporter = await ExporterUnderTest.GrpcAsync($"""
            endpoint: {fake.Address}
            tls:
              insecure: true
            timeout: 2500ms
            headers:
              x-scope-orgid: tenant-7
              authorization: Bearer s3cret
            {NoQueue}
            """);

        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(OtlpRequests.Traces(1)));

        var call = Assert.Single(fake.Calls);
        Assert.Equal("tenant-7", call.Header("x-scope-orgid"));
        Assert.Equal("Bearer s3cret", call.Header("authorization"));
        Assert.Equal(TimeSpan.FromMilliseconds(2500), FakeAnswers.ParseGrpcTimeout(call.Header("grpc-timeout")!));
    }

    [Fact]
    public async Task Grpc_default_timeout_is_five_seconds()
    {
        await using var fake = await FakeDownstream.StartGrpcAsync((_, c) => FakeAnswers.Grpc(c));
        await using var exporter = await ExporterUnderTest.GrpcAsync($"endpoint: {fake.Address}\ntls: {{insecure: true}}\n{NoQueue}");

        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(OtlpRequests.Traces(1)));

        Assert.Equal(TimeSpan.FromSeconds(5), FakeAnswers.ParseGrpcTimeout(Assert.Single(fake.Calls).Header("grpc-timeout")!));
    }

    [Fact]
    public async Task Grpc_timeout_zero_means_no_timeout()
    {
        // The reference: "A zero timeout means no timeout" (exporterhelper TimeoutConfig); the key validates here. An
        // hour passes on the exporter's clock while the server holds the call, and the call still succeeds.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var fake = await FakeDownstream.StartGrpcAsync(async (_, c) =>
        {
            await release.Task.WaitAsync(c.RequestAborted);
            await FakeAnswers.Grpc(c);
        });
        var clock = new ExporterClock();
        await using var exporter = await ExporterUnderTest.GrpcAsync($"endpoint: {fake.Address}\ntls: {{insecure: true}}\ntimeout: 0s\n{NoQueue}", clock);

        var answer = exporter.ConsumeAsync(OtlpRequests.Traces(2));
        await fake.WaitForAttemptsAsync(1);
        clock.Advance(TimeSpan.FromHours(1));
        release.SetResult();
        var result = await answer;

        Assert.Equal(ConsumeResult.Success, result);
        Assert.Equal(2, exporter.Counters.SentItems);

        // A call without a deadline carries no grpc-timeout.
        Assert.Null(Assert.Single(fake.Calls).Header("grpc-timeout"));
    }

    [Fact]
    public async Task Grpc_timeout_header_keeps_to_eight_digits_for_long_timeouts()
    {
        // gRPC over HTTP/2: TimeoutValue is "a positive integer as ASCII string of at most 8 digits"; grpc-go rejects
        // longer ones. 30 h is 108,000,000 ms: nine digits in milliseconds, so a coarser unit is needed.
        await using var fake = await FakeDownstream.StartGrpcAsync((_, c) => FakeAnswers.Grpc(c));
        await using var exporter = await ExporterUnderTest.GrpcAsync($"endpoint: {fake.Address}\ntls: {{insecure: true}}\ntimeout: 30h\n{NoQueue}");

        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(OtlpRequests.Traces(1)));

        var header = Assert.Single(fake.Calls).Header("grpc-timeout")!;
        Assert.True(header.Length <= 9, $"grpc-timeout: {header} has more than 8 digits");
        Assert.Equal(TimeSpan.FromHours(30), FakeAnswers.ParseGrpcTimeout(header));
    }

    [Fact]
    public async Task Http_timeout_zero_means_no_timeout()
    {
        // An hour passes on the exporter's clock while the server holds the call, and the call still succeeds.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var fake = await FakeDownstream.StartHttpAsync(async (_, c) =>
        {
            await release.Task.WaitAsync(c.RequestAborted);
            await FakeAnswers.HttpOk(c);
        });
        var clock = new ExporterClock();
        await using var exporter = await ExporterUnderTest.HttpAsync($"endpoint: {fake.BaseUrl}\ntimeout: 0s\n{NoQueue}", clock);

        var answer = exporter.ConsumeAsync(OtlpRequests.Traces(2));
        await fake.WaitForAttemptsAsync(1);
        clock.Advance(TimeSpan.FromHours(1));
        release.SetResult();
        var result = await answer;

        Assert.Equal(ConsumeResult.Success, result);
        Assert.Equal(1, fake.Attempts);
        Assert.Equal(2, exporter.Counters.SentItems);
    }

    [Fact]
    public async Task A_server_slower_than_the_timeout_is_retried()
    {
        await using var fake = await FakeDownstream.StartHttpAsync(async (n, c) =>
        {
            if (n == 1)
            {
                // Held until the exporter gives up on it (bounded, so a broken exporter cannot hold the server forever).
                await Task.Delay(TimeSpan.FromSeconds(30), c.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }

            await FakeAnswers.HttpOk(c);
        });
        var clock = new ExporterClock();
        await using var exporter = await ExporterUnderTest.HttpAsync($"""
            endpoint: {fake.BaseUrl}
            timeout: 300ms
            sending_queue:
              enabled: false
            retry_on_failure:
              initial_interval: 50ms
              max_interval: 100ms
              max_elapsed_time: 0
            """, clock);

        // The first call is abandoned when its 300 ms pass on the exporter's clock, then retried.
        var answer = exporter.ConsumeAsync(OtlpRequests.Traces(1));
        await fake.WaitForAttemptsAsync(1);
        await clock.AdvanceWhenArmedAsync(TimeSpan.FromMilliseconds(300));
        await exporter.PlayRetriesAsync(() => answer.IsCompleted, "the retry was answered");

        Assert.Equal(ConsumeResult.Success, await answer);
        Assert.Equal(2, fake.Attempts);
        Assert.Contains("within 0.3s", exporter.Logs.Text);
    }

    [Fact]
    public async Task Grpc_reads_a_gzipped_partial_success_answer()
    {
        var response = new ExportTraceServiceResponse { PartialSuccess = new ExportTracePartialSuccess { RejectedSpans = 1, ErrorMessage = "one too many" } };
        await using var fake = await FakeDownstream.StartGrpcAsync(async (_, c) =>
        {
            c.Response.ContentType = "application/grpc";
            c.Response.Headers["grpc-encoding"] = "gzip";
            using var gz = new MemoryStream();
            using (var gzip = new System.IO.Compression.GZipStream(gz, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(response.ToByteArray());
            }

            await c.Response.Body.WriteAsync(FakeAnswers.Frame(gz.ToArray(), compressed: true));
            c.Response.AppendTrailer("grpc-status", "0");
        });
        await using var exporter = await ExporterUnderTest.GrpcAsync($"endpoint: {fake.Address}\ntls: {{insecure: true}}\n{NoQueue}");

        var result = await exporter.ConsumeAsync(OtlpRequests.Traces(3));

        Assert.Equal(1, result.RejectedItems);
        Assert.Equal(2, exporter.Counters.SentItems);
    }

    [Fact]
    public async Task Http_posts_gzipped_protobuf_that_is_exactly_the_requests_bytes_to_v1_traces()
    {
        await using var fake = await FakeDownstream.StartHttpAsync((_, c) => FakeAnswers.HttpOk(c));
        await using var exporter = await ExporterUnderTest.HttpAsync($"endpoint: {fake.BaseUrl}\n{NoQueue}");
        var request = OtlpRequests.TracesAsReceived(4, out var received);

        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(request));

        var call = Assert.Single(fake.Calls);
        Assert.Equal("/v1/traces", call.Path);
        Assert.Equal("application/x-protobuf", call.Header("content-type"));
        Assert.Equal("gzip", call.Header("content-encoding"));
        Assert.Equal(received, FakeAnswers.Gunzip(call.Body));
    }

    [Fact]
    public async Task Http_with_compression_none_sends_the_bytes_plain()
    {
        await using var fake = await FakeDownstream.StartHttpAsync((_, c) => FakeAnswers.HttpOk(c));
        await using var exporter = await ExporterUnderTest.HttpAsync($"endpoint: {fake.BaseUrl}\ncompression: none\n{NoQueue}");
        var request = OtlpRequests.TracesAsReceived(2, out var received);

        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(request));

        var call = Assert.Single(fake.Calls);
        Assert.Null(call.Header("content-encoding"));
        Assert.Equal(received, call.Body);
    }

    [Fact]
    public async Task Http_appends_v1_signal_to_a_base_url_with_a_path_and_per_signal_endpoints_override_it()
    {
        await using var fake = await FakeDownstream.StartHttpAsync((_, c) => FakeAnswers.HttpOk(c));
        await using var exporter = await ExporterUnderTest.HttpAsync($"""
            endpoint: {fake.BaseUrl}/otlp/
            traces_endpoint: {fake.BaseUrl}/custom/spans
            {NoQueue}
            """);

        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(OtlpRequests.Traces(1)));
        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(OtlpRequests.Metrics(1)));
        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(OtlpRequests.Logs(1)));

        Assert.Equal(["/custom/spans", "/otlp/v1/metrics", "/otlp/v1/logs"], fake.Calls.Select(c => c.Path));
    }

    [Fact]
    public async Task Http_sends_the_configured_headers()
    {
        await using var fake = await FakeDownstream.StartHttpAsync((_, c) => FakeAnswers.HttpOk(c));
        await using var exporter = await ExporterUnderTest.HttpAsync($"""
            endpoint: {fake.BaseUrl}
            headers:
              x-scope-orgid: tenant-9
              api-key: abc123
            {NoQueue}
            """);

        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(OtlpRequests.Traces(1)));

        var call = Assert.Single(fake.Calls);
        Assert.Equal("tenant-9", call.Header("x-scope-orgid"));
        Assert.Equal("abc123", call.Header("api-key"));
    }

    [Fact]
    public async Task Http_with_encoding_json_sends_otlp_json()
    {
        await using var fake = await FakeDownstream.StartHttpAsync((_, c) => FakeAnswers.HttpJsonOk(c));
        await using var exporter = await ExporterUnderTest.HttpAsync($"endpoint: {fake.BaseUrl}\nencoding: json\ncompression: none\n{NoQueue}");
        var model = OtlpRequests.TracesModel(3);

        Assert.Equal(ConsumeResult.Success, await exporter.ConsumeAsync(MiniCollector.Pipeline.Payload.TracesKind.Instance.FromModel(model)));

        var call = Assert.Single(fake.Calls);
        Assert.Equal("/v1/traces", call.Path);
        Assert.StartsWith("application/json", call.Header("content-type"));
        var text = System.Text.Encoding.UTF8.GetString(call.Body);
        Assert.Contains("\"resourceSpans\"", text);

        // OTLP/JSON: ids as hex, enums as integers, 64-bit integers as strings.
        Assert.Contains("\"traceId\":\"5b000000000000000000000000000001\"", text);
        Assert.Contains("\"kind\":2", text);
        Assert.Contains("\"startTimeUnixNano\":\"1700000000000000000\"", text);
        Assert.Equal(model, OtlpJsonReader.ReadTraces(call.Body));
        Assert.Equal(3, exporter.Counters.SentItems);
    }

    [Fact]
    public async Task Http_json_is_gzipped_by_default_and_a_json_partial_success_is_read()
    {
        await using var fake = await FakeDownstream.StartHttpAsync(async (_, c) =>
        {
            c.Response.ContentType = "application/json";
            await c.Response.WriteAsync("""{"partialSuccess":{"rejectedSpans":"1","errorMessage":"one rejected"}}""");
        });
        await using var exporter = await ExporterUnderTest.HttpAsync($"endpoint: {fake.BaseUrl}\nencoding: json\n{NoQueue}");
        var model = OtlpRequests.TracesModel(2);

        var result = await exporter.ConsumeAsync(MiniCollector.Pipeline.Payload.TracesKind.Instance.FromModel(model));

        var call = Assert.Single(fake.Calls);
        Assert.Equal("gzip", call.Header("content-encoding"));
        Assert.Equal(model, OtlpJsonReader.ReadTraces(FakeAnswers.Gunzip(call.Body)));
        Assert.Equal(1, result.RejectedItems);
        Assert.Equal(1, exporter.Counters.SentItems);
        Assert.Equal(1, exporter.Counters.SendFailedItems);
    }
}
