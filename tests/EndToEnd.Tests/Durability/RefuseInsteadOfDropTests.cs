using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Google.Protobuf;
using MiniCollector.EndToEnd.Tests.TestSupport;
using Xunit.Abstractions;
using static MiniCollector.EndToEnd.Tests.Forwarding.Forwarding;
using static MiniCollector.EndToEnd.Tests.Overload.OverloadClient;
using Status = MiniCollector.Otlp.Rpc.Status;

namespace MiniCollector.EndToEnd.Tests.Durability;

/// <summary>
/// Collector A (otlp → batch with a small buffer → otlp exporter with a small queue) forwards to a port where nothing
/// listens. Once the exporter's queue and then the batch buffer are full, A refuses with a retryable error over HTTP
/// (503 + Retry-After) and gRPC (UNAVAILABLE + RetryInfo) instead of dropping; its self-metrics count the refusals;
/// when B starts on that port every acknowledged span arrives, no refused span arrives, and the client's retries of
/// the refused spans are then taken.
/// </summary>
public sealed class RefuseInsteadOfDropTests(ITestOutputHelper output)
{
    private const int BufferItems = 200;
    private const int SpansPerRequest = 10;

    [Fact]
    public async Task A_full_batch_buffer_refuses_retryably_over_http_and_grpc_and_every_acknowledged_span_arrives_once_B_is_up()
    {
        var port = ReservePort();
        var section = GrpcExporter($"127.0.0.1:{port}", extra: """
                sending_queue:
                  queue_size: 2
                  num_consumers: 1
            """);
        await using var a = await TestCollector.StartAsync($$"""
            receivers:
              otlp:
                protocols:
                  grpc:
                    endpoint: 127.0.0.1:0
                  http:
                    endpoint: 127.0.0.1:0
            processors:
              batch:
                timeout: 20ms
                send_batch_size: 20
                max_buffered_items: {{BufferItems}}
            exporters:
            {{section}}
            service:
              pipelines:
                traces:
                  receivers: [otlp]
                  processors: [batch]
                  exporters: [otlp]
            """);

        var acknowledged = new List<string>();
        var refusedRequests = new List<(bool Grpc, List<string> Names)>();
        int httpRefusals = 0, grpcRefusals = 0;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var grpc = GrpcClient(a.GrpcUrl);

        // Bounded: far more than the buffer and the queue can take.
        for (int request = 0; request < 400 && (httpRefusals < 3 || grpcRefusals < 3); request++)
        {
            bool overGrpc = request % 2 == 1;
            var names = Enumerable.Range(0, SpansPerRequest).Select(i => $"refuse-{request}-{i}").ToList();
            var body = Spans(names).ToByteArray();
            if (!overGrpc)
            {
                using var response = await PostAsync(http, a.HttpUrl, "traces", body);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    acknowledged.AddRange(names);
                    continue;
                }

                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.True(response.Headers.RetryAfter?.Delta is { } delta && delta >= TimeSpan.FromSeconds(1), $"Retry-After: {response.Headers.RetryAfter}");
                AssertRetryableStatus(Status.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync()));
                httpRefusals++;
            }
            else
            {
                using var response = await CallAsync(grpc, TracesMethod, body);
                var code = GrpcHeader(response, "grpc-status");
                if (code == "0")
                {
                    acknowledged.AddRange(names);
                    continue;
                }

                Assert.Equal("14", code);
                var status = GrpcStatusDetails(response);
                Assert.NotNull(status);
                AssertRetryableStatus(status);
                grpcRefusals++;
            }

            refusedRequests.Add((overGrpc, names));
        }

        int refusedSpans = refusedRequests.Sum(r => r.Names.Count);
        output.WriteLine($"acknowledged {acknowledged.Count} spans; refused {httpRefusals} HTTP and {grpcRefusals} gRPC requests ({refusedSpans} spans)");
        Assert.True(httpRefusals >= 3 && grpcRefusals >= 3, $"A never filled up: {httpRefusals} HTTP and {grpcRefusals} gRPC refusals after {acknowledged.Count} acknowledged spans");
        Assert.Contains("Refusing data: the batch buffer is full", a.Logs.TextOf("processor/batch"));

        // The refusals were counted where they happened: the batch processor refused exactly what the clients were refused.
        using (var scrape = new HttpClient())
        {
            var metrics = await scrape.GetStringAsync(a.TelemetryUrl + "/metrics");
            Assert.Equal(refusedSpans, Sum(metrics, "otelcol_processor_batch_refused_items"));
            Assert.Equal(refusedSpans, Sum(metrics, "otelcol_receiver_refused_spans"));
            Assert.Equal(refusedSpans, Sum(metrics, "minicollector_receiver_refused_spans", "reason=\"batch_buffer_full\""));
            Assert.Equal(refusedSpans, Sum(metrics, "minicollector_receiver_refused_spans"));
            Assert.True(Sum(metrics, "otelcol_exporter_enqueue_failed_spans") > 0, "the exporter's full queue should have refused the batch processor's sends");
            Assert.Equal(0, Sum(metrics, "otelcol_processor_batch_dropped_items"));
            Assert.Equal(0, Sum(metrics, "otelcol_exporter_send_failed_spans"));

            // What it holds is what it answered for and could not pass on: the acknowledged spans the exporter's queue did
            // not take; its capacity is the configured bound.
            Assert.Equal(BufferItems, Sum(metrics, "otelcol_processor_batch_buffer_capacity_items"));
            var held = Sum(metrics, "otelcol_processor_batch_buffered_items");
            Assert.InRange(held, 1, BufferItems);
            Assert.True(held <= acknowledged.Count, $"the buffer holds {held} spans, more than the {acknowledged.Count} acknowledged");
        }

        // B starts on the port A forwards to: everything acknowledged arrives, nothing refused does.
        var counting = new CountingExporterFactory();
        await using var b = await TestCollector.StartAsync(DownstreamConfig(grpcEndpoint: $"127.0.0.1:{port}"), counting);
        var expected = acknowledged.Select(n => "span:" + n).ToList();
        var missing = await Arrivals.WaitForAllAsync(counting.Instance, expected);
        var duplicates = Arrivals.Duplicates(counting.Instance);
        output.WriteLine($"after B started: {missing.Count} missing, {duplicates.Count} duplicated {string.Join(", ", duplicates)}");
        Assert.True(missing.Count == 0, Arrivals.Describe(expected, missing, counting.Instance));
        var refusedButArrived = refusedRequests.SelectMany(r => r.Names).Where(n => counting.Instance.Arrivals.ContainsKey("span:" + n)).ToList();
        Assert.True(refusedButArrived.Count == 0, $"refused spans must not be delivered (the client keeps and resends them): {string.Join(", ", refusedButArrived.Take(10))}");

        // The client retries what it was refused, as told; now it is taken and arrives too.
        foreach (var (overGrpc, names) in refusedRequests)
        {
            await ResendUntilAcceptedAsync(http, grpc, a, overGrpc, names);
        }

        var everything = expected.Concat(refusedRequests.SelectMany(r => r.Names).Select(n => "span:" + n)).ToList();
        missing = await Arrivals.WaitForAllAsync(counting.Instance, everything);
        Assert.True(missing.Count == 0, Arrivals.Describe(everything, missing, counting.Instance));
    }

    private static void AssertRetryableStatus(Status status)
    {
        Assert.Equal(14, status.Code);
        Assert.Equal($"batch processor batch: buffer full ({BufferItems} items)", status.Message);
        Assert.True(RetryDelay(status) >= TimeSpan.FromSeconds(1), $"RetryInfo delay {RetryDelay(status)}");
    }

    private static async Task ResendUntilAcceptedAsync(HttpClient http, HttpClient grpc, TestCollector a, bool overGrpc, List<string> names)
    {
        var body = Spans(names).ToByteArray();
        for (int attempt = 0; attempt < 100; attempt++)
        {
            if (overGrpc)
            {
                using var response = await CallAsync(grpc, TracesMethod, body);
                if (GrpcHeader(response, "grpc-status") == "0")
                {
                    return;
                }
            }
            else
            {
                using var response = await PostAsync(http, a.HttpUrl, "traces", body);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }

            await Task.Delay(100);
        }

        Assert.Fail($"a retried request ({names[0]}..) was never accepted although B is up");
    }

    /// <summary>The sum of every series of a metric in a Prometheus text exposition.</summary>
    private static long Sum(string exposition, string name, string label = "")
    {
        var matches = Regex.Matches(exposition, $@"^{Regex.Escape(name)}(\{{[^}}]*\}})? (\S+)$", RegexOptions.Multiline).Where(m => m.Groups[1].Value.Contains(label, StringComparison.Ordinal)).ToList();
        Assert.True(matches.Count > 0, $"{name} {label} not found in:\n{exposition}");
        return matches.Sum(m => (long)double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
    }
}
