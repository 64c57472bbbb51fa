using System.Net;
using Google.Protobuf;
using MiniCollector.EndToEnd.Tests.TestSupport;
using MiniCollector.Otlp.Rpc;
using static MiniCollector.EndToEnd.Tests.Overload.OverloadClient;

namespace MiniCollector.EndToEnd.Tests.Overload;

/// <summary>
/// A real collector whose traces pipeline starts with a memory limiter that is always over its limit
/// (<c>limit_mib: 1</c>): the otlp receiver refuses trace data before reading it, with a retryable 503 +
/// Retry-After + RetryInfo over HTTP and UNAVAILABLE + RetryInfo over gRPC; nothing reaches the pipeline, and a
/// malformed body is refused, not rejected, since it is never decoded. A pipeline without a limiter still flows.
/// </summary>
public sealed class MemoryLimiterRefusalTests : IAsyncLifetime
{
    private const string Config = """
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:0
              http:
                endpoint: 127.0.0.1:0
        processors:
          memory_limiter:
            check_interval: 2s
            limit_mib: 1
          batch:
            timeout: 50ms
        exporters:
          counting:
        service:
          pipelines:
            traces:
              receivers: [otlp]
              processors: [memory_limiter, batch]
              exporters: [counting]
            metrics:
              receivers: [otlp]
              processors: [batch]
              exporters: [counting]
        """;

    // Not a valid ExportTraceServiceRequest: field 1 as a length-delimited field running past the end.
    private static readonly byte[] Malformed = [0x0A, 0xFF, 0xFF, 0xFF, 0x0F, 0x01, 0x02];

    private readonly CountingExporterFactory _counting = new();
    private TestCollector _collector = null!;

    public async Task InitializeAsync() => _collector = await TestCollector.StartAsync(Config, _counting);

    public async Task DisposeAsync() => await _collector.DisposeAsync();

    private CountingExporter Counting => _counting.Instance;

    [Fact]
    public async Task Control_the_malformed_body_is_a_400_on_a_route_without_a_limiter()
    {
        // The control for the tests below: the same bytes on the metrics route (no limiter) are a 400.
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var response = await PostAsync(client, _collector.HttpUrl, "metrics", Malformed);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_http_protobuf_post_gets_503_with_Retry_After_and_a_status_with_RetryInfo_and_nothing_enters_the_pipeline()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var response = await PostAsync(client, _collector.HttpUrl, "traces", Spans(["refused-http-1", "refused-http-2"]).ToByteArray());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType?.MediaType);
        var status = Status.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(14, status.Code);
        Assert.Equal("data refused due to high memory usage", status.Message);
        Assert.Equal(TimeSpan.FromSeconds(2), RetryDelay(status));

        await AssertNoSpansArrivedAsync();
    }

    [Fact]
    public async Task An_http_json_post_gets_503_with_a_json_status_with_RetryInfo()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var json = JsonFormatter.Default.Format(Spans(["refused-json"]));
        using var response = await PostAsync(client, _collector.HttpUrl, "traces", System.Text.Encoding.UTF8.GetBytes(json), "application/json");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("type.googleapis.com/google.rpc.RetryInfo", text);
        Assert.Contains("\"code\":14", text.Replace(" ", string.Empty, StringComparison.Ordinal));

        await AssertNoSpansArrivedAsync();
    }

    [Fact]
    public async Task A_malformed_http_body_is_refused_with_503_not_rejected_with_400_so_it_was_never_decoded()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var response = await PostAsync(client, _collector.HttpUrl, "traces", Malformed);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        var status = Status.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(14, status.Code);
        Assert.Equal(TimeSpan.FromSeconds(2), RetryDelay(status));
        Assert.DoesNotContain("Rejected a malformed", _collector.Logs.TextOf("receiver/otlp"));
    }

    [Fact]
    public async Task A_grpc_export_gets_UNAVAILABLE_with_RetryInfo_in_grpc_status_details_bin_and_nothing_enters_the_pipeline()
    {
        using var client = GrpcClient(_collector.GrpcUrl);
        using var response = await CallAsync(client, TracesMethod, Spans(["refused-grpc-1", "refused-grpc-2"]).ToByteArray());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("14", GrpcHeader(response, "grpc-status"));
        var status = GrpcStatusDetails(response);
        Assert.NotNull(status);
        Assert.Equal(14, status.Code);
        Assert.Equal("data refused due to high memory usage", status.Message);
        Assert.Equal(TimeSpan.FromSeconds(2), RetryDelay(status));

        await AssertNoSpansArrivedAsync();
    }

    [Fact]
    public async Task A_malformed_grpc_message_is_UNAVAILABLE_not_INVALID_ARGUMENT()
    {
        using var client = GrpcClient(_collector.GrpcUrl);
        using var response = await CallAsync(client, TracesMethod, Malformed);

        Assert.Equal("14", GrpcHeader(response, "grpc-status"));
        Assert.NotNull(GrpcStatusDetails(response));
    }

    [Fact]
    public async Task A_pipeline_without_a_limiter_on_the_same_receiver_still_accepts()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var refused = await PostAsync(client, _collector.HttpUrl, "traces", Spans(["refused-beside-metrics"]).ToByteArray());
        using var accepted = await PostAsync(client, _collector.HttpUrl, "metrics", Gauge("flows.past.the.limiter").ToByteArray());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        await Counting.WaitForAsync("metric:", 1, TimeSpan.FromSeconds(10));
        Assert.Equal(1, Counting.Count("metric:flows.past.the.limiter"));
        Assert.Equal(0, Counting.Count("span:"));
    }

    [Fact]
    public async Task The_limiter_logs_that_it_refuses_data()
    {
        var text = await _collector.Logs.WaitForAsync("processor/memory_limiter", t => t.Contains("Refusing data", StringComparison.Ordinal), TimeSpan.FromSeconds(10));

        Assert.Contains("Memory usage is above soft limit. Refusing data.", text);
    }

    private async Task AssertNoSpansArrivedAsync()
    {
        // Give a wrongly accepted request time to pass the 50 ms batch (bounded), then check nothing arrived.
        await Task.Delay(300);
        Assert.Equal(0, Counting.Count("span:"));
        Assert.DoesNotContain(Counting.Arrivals.Keys, k => k.StartsWith("span:", StringComparison.Ordinal));
    }
}
