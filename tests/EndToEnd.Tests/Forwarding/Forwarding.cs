using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Google.Protobuf;
using MiniCollector.EndToEnd.Tests.TestSupport;
using MiniCollector.Exporters.Otlp;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Logs;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Otlp.Resource;
using MiniCollector.Otlp.Trace;
using MiniCollector.Pipeline.Components;

namespace MiniCollector.EndToEnd.Tests.Forwarding;

/// <summary>
/// Shared pieces of the forwarding tests: collector B (otlp receiver → counting exporter), collector A's config
/// with an OTLP exporter pointing at B, raw OTLP/HTTP posts with uniquely named items, and the exactly-once check.
/// </summary>
internal static class Forwarding
{
    /// <summary>Fast retries that never give up, so an outage only delays delivery.</summary>
    public const string FastRetry = """
            retry_on_failure:
              initial_interval: 100ms
              max_interval: 500ms
              max_elapsed_time: 0
        """;

    /// <summary>Collector B: an otlp receiver on the given endpoints feeding the counting exporter on every signal.</summary>
    public static string DownstreamConfig(string grpcEndpoint = "127.0.0.1:0", string httpEndpoint = "127.0.0.1:0") => $"""
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: {grpcEndpoint}
              http:
                endpoint: {httpEndpoint}
        exporters:
          counting:
        service:
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [counting]
            metrics:
              receivers: [otlp]
              exporters: [counting]
            logs:
              receivers: [otlp]
              exporters: [counting]
        """;

    /// <summary>
    /// Collector A: an otlp receiver on OS-chosen ports, optionally a batch processor, and the given exporters
    /// section (already indented by two spaces under <c>exporters:</c>) used by every signal's pipeline.
    /// </summary>
    public static string UpstreamConfig(string exportersSection, string exporterIds, bool batch, string signals = "traces,metrics,logs")
    {
        var pipelines = string.Concat(signals.Split(',').Select(signal => $"""
                {signal}:
                  receivers: [otlp]
                  processors: [{(batch ? "batch" : string.Empty)}]
                  exporters: [{exporterIds}]

            """));
        return $"""
            receivers:
              otlp:
                protocols:
                  grpc:
                    endpoint: 127.0.0.1:0
                  http:
                    endpoint: 127.0.0.1:0
            processors:
              batch:
                timeout: 100ms
            exporters:
            {exportersSection}
            service:
              pipelines:
            {pipelines}
            """;
    }

    /// <summary>The <c>otlp</c> (gRPC) exporter section pointing at host:port, cleartext, fast retries.</summary>
    public static string GrpcExporter(string hostPort, string type = "otlp", string extra = "") => $"""
          {type}:
            endpoint: {hostPort}
            tls:
              insecure: true
        {FastRetry}
        {extra}
        """;

    /// <summary>The <c>otlphttp</c> exporter section pointing at a base URL, fast retries.</summary>
    public static string HttpExporter(string baseUrl, string encoding = "proto", string type = "otlphttp", string extra = "") => $"""
          {type}:
            endpoint: {baseUrl}
            encoding: {encoding}
        {FastRetry}
        {extra}
        """;

    /// <summary>host:port of a URL such as <c>http://127.0.0.1:4317</c>.</summary>
    public static string HostPort(string url) => new Uri(url).Authority;

    /// <summary>
    /// A free loopback port for a collector that starts on it later. It is taken below the kernel's ephemeral range
    /// (<c>ip_local_port_range</c>), so no other test binding port 0 in the meantime can be handed it and receive what
    /// was meant for a downstream that is still down.
    /// </summary>
    public static int ReservePort()
    {
        int ephemeralLow = 32768;
        if (File.Exists("/proc/sys/net/ipv4/ip_local_port_range")
            && int.TryParse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split('\t', ' ')[0], out int low))
        {
            ephemeralLow = low;
        }

        for (int attempt = 0; attempt < 100; attempt++)
        {
            int port = Random.Shared.Next(Math.Max(1024, ephemeralLow - 12000), ephemeralLow);
            var listener = new TcpListener(IPAddress.Loopback, port);
            try
            {
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // In use: try another.
            }
            finally
            {
                listener.Stop();
            }
        }

        throw new InvalidOperationException("no free loopback port below the ephemeral range");
    }

    /// <summary>The OTLP exporter instance of a running collector.</summary>
    public static OtlpExporter Exporter(TestCollector collector, string id = "otlp")
    {
        ComponentId.TryParse(id, out var componentId, out _);
        return Assert.IsType<OtlpExporter>(collector.Host.Graph.Exporters[componentId]);
    }

    /// <summary>Waits (bounded, a hang guard) until the condition holds, then asserts it.</summary>
    public static Task WaitUntilAsync(Func<bool> condition, Func<string> describe, TimeSpan? limit = null) =>
        WaitUntilAsync(() => Task.FromResult(condition()), describe, limit);

    /// <summary>
    /// The same for a condition that must do I/O to be read, such as scraping another process's endpoint, where no
    /// event tells when the state changed. Its last evaluation is the one asserted, so <paramref name="describe"/> can
    /// show what that one saw.
    /// </summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, Func<string> describe, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(30));
        bool met;
        while (!(met = await condition()) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(25);
        }

        Assert.True(met, describe());
    }

    // ---- items and raw OTLP/HTTP posts ----

    public static ExportTraceServiceRequest Spans(IEnumerable<string> names)
    {
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "forwarding-tests" } };
        foreach (var name in names)
        {
            var id = Guid.NewGuid().ToByteArray();
            scope.Spans.Add(new Span
            {
                TraceId = ByteString.CopyFrom(id),
                SpanId = ByteString.CopyFrom(id, 0, 8),
                Name = name,
                StartTimeUnixNano = 1_700_000_000_000_000_000UL,
                EndTimeUnixNano = 1_700_000_001_000_000_000UL,
            });
        }

        return new ExportTraceServiceRequest { ResourceSpans = { new ResourceSpans { Resource = Service(), ScopeSpans = { scope } } } };
    }

    public static ExportLogsServiceRequest Logs(IEnumerable<string> bodies)
    {
        var scope = new ScopeLogs();
        foreach (var body in bodies)
        {
            scope.LogRecords.Add(new LogRecord { Body = new AnyValue { StringValue = body }, SeverityNumber = SeverityNumber.Info, TimeUnixNano = 1_700_000_000_000_000_000UL });
        }

        return new ExportLogsServiceRequest { ResourceLogs = { new ResourceLogs { Resource = Service(), ScopeLogs = { scope } } } };
    }

    /// <summary>One gauge per name, each with exactly one point.</summary>
    public static ExportMetricsServiceRequest Metrics(IEnumerable<string> names)
    {
        var scope = new ScopeMetrics();
        foreach (var name in names)
        {
            scope.Metrics.Add(new Metric { Name = name, Gauge = new Gauge { DataPoints = { new NumberDataPoint { AsInt = 1, TimeUnixNano = 1_700_000_000_000_000_000UL } } } });
        }

        return new ExportMetricsServiceRequest { ResourceMetrics = { new ResourceMetrics { Resource = Service(), ScopeMetrics = { scope } } } };
    }

    /// <summary>Posts one protobuf request to an OTLP/HTTP receiver and returns the response.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string baseUrl, string signal, IMessage request)
    {
        var content = new ByteArrayContent(request.ToByteArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        var response = await client.PostAsync($"{baseUrl}/v1/{signal}", content);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    // ---- the exactly-once check ----

    /// <summary>
    /// Asserts that exactly the expected items arrived at the counting exporter, each exactly once: the same set of
    /// span names, log bodies and metric names (a metric's points are counted together), no duplicates, no extras.
    /// </summary>
    public static void AssertEachArrivedOnce(CountingExporter counting, IReadOnlyCollection<string> spans, IReadOnlyCollection<string> logs, IReadOnlyCollection<string> metrics)
    {
        var arrivals = counting.Arrivals.ToArray();
        AssertSet("span", spans, Tally(arrivals, "span:", key => key));
        AssertSet("log", logs, Tally(arrivals, "log:", key => key));
        AssertSet("metric", metrics, Tally(arrivals, "metric:", key => key[..key.IndexOf('|', StringComparison.Ordinal)]));
    }

    /// <summary>How many of the expected items have arrived so far (any number of times).</summary>
    public static int ArrivedCount(CountingExporter counting, IReadOnlyCollection<string> spans, IReadOnlyCollection<string> logs, IReadOnlyCollection<string> metrics)
    {
        var arrivals = counting.Arrivals.ToArray();
        var spanSet = Tally(arrivals, "span:", key => key);
        var logSet = Tally(arrivals, "log:", key => key);
        var metricSet = Tally(arrivals, "metric:", key => key[..key.IndexOf('|', StringComparison.Ordinal)]);
        return spans.Count(spanSet.ContainsKey) + logs.Count(logSet.ContainsKey) + metrics.Count(metricSet.ContainsKey);
    }

    private static Dictionary<string, int> Tally(KeyValuePair<string, int>[] arrivals, string prefix, Func<string, string> name)
    {
        var tally = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (key, count) in arrivals)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                var n = name(key[prefix.Length..]);
                tally[n] = tally.GetValueOrDefault(n) + count;
            }
        }

        return tally;
    }

    private static void AssertSet(string what, IReadOnlyCollection<string> expected, Dictionary<string, int> arrived)
    {
        var missing = expected.Where(e => !arrived.ContainsKey(e)).ToList();
        var extra = arrived.Keys.Where(a => !expected.Contains(a)).ToList();
        var duplicated = arrived.Where(a => a.Value > 1).Select(a => $"{a.Key} x{a.Value}").ToList();
        Assert.True(
            missing.Count == 0 && extra.Count == 0 && duplicated.Count == 0,
            $"{what}s: expected {expected.Count} distinct, {arrived.Count} arrived; missing [{string.Join(", ", missing.Take(10))}] ({missing.Count}), " +
            $"unexpected [{string.Join(", ", extra.Take(10))}] ({extra.Count}), duplicated [{string.Join(", ", duplicated.Take(10))}] ({duplicated.Count})");
    }

    private static Resource Service() => new() { Attributes = { new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "forwarding-tests" } } } };
}
