using Google.Protobuf;
using MiniCollector.Exposition;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Logs;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Otlp.Resource;
using MiniCollector.Otlp.Trace;

namespace MiniCollector.Benchmarks.Micro;

/// <summary>
/// Builds the payloads every benchmark measures, so the figures of different classes describe the same bytes.
/// </summary>
/// <remarks>
/// The standard load payload is one <c>ExportTraceServiceRequest</c> of 1 resource, 1 scope and 100 spans, each span with
/// 10 string attributes of 20-character values and valid ids (about 46 KB): the shape the end-to-end load benchmark sends.
/// Everything is seeded, so two runs measure identical input.
/// </remarks>
public static class OtlpPayloads
{
    /// <summary>Spans in the standard trace payload; per-span figures divide by this.</summary>
    public const int SpansPerRequest = 100;

    /// <summary>String attributes per span (and per log record).</summary>
    public const int AttributesPerItem = 10;

    /// <summary>Characters of every attribute value.</summary>
    public const int AttributeValueLength = 20;

    private const ulong BaseTimeNanos = 1_700_000_000_000_000_000;

    private static readonly Lazy<byte[]> StandardTraceBytes = new(() => Traces(SpansPerRequest).ToByteArray());
    private static readonly Lazy<byte[]> StandardMetricsBytes = new(() => Metrics(10, 100).ToByteArray());
    private static readonly Lazy<byte[]> StandardLogsBytes = new(() => Logs(100).ToByteArray());

    /// <summary>The standard trace payload, serialized (a fresh copy of the cached bytes is never needed: nothing writes to it).</summary>
    public static byte[] TraceBytes => StandardTraceBytes.Value;

    /// <summary>10 metrics (5 cumulative sums, 5 gauges) of 100 points each, 1 000 data points in all, serialized.</summary>
    public static byte[] MetricsBytes => StandardMetricsBytes.Value;

    /// <summary>100 log records with string bodies, 10 attributes and ids, serialized.</summary>
    public static byte[] LogsBytes => StandardLogsBytes.Value;

    /// <summary>
    /// A trace request of one resource, one scope and <paramref name="spans"/> spans. <paramref name="seed"/> varies the
    /// ids and values so that several requests built for a batch are not byte-identical.
    /// </summary>
    public static ExportTraceServiceRequest Traces(int spans, int seed = 1)
    {
        var random = new Random(seed);
        var scope = new ScopeSpans { Scope = Scope() };
        var traceId = RandomBytes(random, 16);
        for (int i = 0; i < spans; i++)
        {
            // A new trace every 10 spans, as a service handling many requests produces.
            if (i % 10 == 0)
            {
                traceId = RandomBytes(random, 16);
            }

            var start = BaseTimeNanos + (ulong)i * 1_000_000;
            var span = new Span
            {
                TraceId = traceId,
                SpanId = RandomBytes(random, 8),
                ParentSpanId = i % 10 == 0 ? ByteString.Empty : RandomBytes(random, 8),
                Name = "GET /api/orders/{id}",
                Kind = Span.Types.SpanKind.Server,
                StartTimeUnixNano = start,
                EndTimeUnixNano = start + 250_000,
                Status = new Status { Code = Status.Types.StatusCode.Ok },
            };
            AddAttributes(span.Attributes, random, AttributesPerItem);
            scope.Spans.Add(span);
        }

        var resource = new ResourceSpans { Resource = Resource() };
        resource.ScopeSpans.Add(scope);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resource);
        return request;
    }

    /// <summary>
    /// A metrics request of one resource and scope holding <paramref name="metrics"/> metrics, alternately cumulative
    /// monotonic sums and gauges, each with <paramref name="pointsPerMetric"/> points of distinct attribute sets (so
    /// every point is its own Prometheus series).
    /// </summary>
    public static ExportMetricsServiceRequest Metrics(int metrics, int pointsPerMetric, int seed = 1)
    {
        var random = new Random(seed);
        var scope = new ScopeMetrics { Scope = Scope() };
        for (int m = 0; m < metrics; m++)
        {
            var points = new Google.Protobuf.Collections.RepeatedField<NumberDataPoint>();
            for (int p = 0; p < pointsPerMetric; p++)
            {
                var point = new NumberDataPoint
                {
                    StartTimeUnixNano = BaseTimeNanos,
                    TimeUnixNano = BaseTimeNanos + 10_000_000_000,
                    AsDouble = random.NextDouble() * 1000,
                };
                point.Attributes.Add(StringAttribute("http.route", $"/api/v1/resource/{p % 50}"));
                point.Attributes.Add(StringAttribute("http.response.status_code", (200 + (p / 50 % 5)).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                point.Attributes.Add(StringAttribute("instance.slot", p.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                points.Add(point);
            }

            var metric = new Metric { Name = $"app.requests.metric_{m}", Description = "A benchmark metric.", Unit = m % 2 == 0 ? "{request}" : "ms" };
            if (m % 2 == 0)
            {
                metric.Sum = new Sum { AggregationTemporality = AggregationTemporality.Cumulative, IsMonotonic = true };
                metric.Sum.DataPoints.Add(points);
            }
            else
            {
                metric.Gauge = new Gauge();
                metric.Gauge.DataPoints.Add(points);
            }

            scope.Metrics.Add(metric);
        }

        var resource = new ResourceMetrics { Resource = Resource() };
        resource.ScopeMetrics.Add(scope);
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(resource);
        return request;
    }

    /// <summary>A logs request of one resource and scope with <paramref name="records"/> records carrying trace context.</summary>
    public static ExportLogsServiceRequest Logs(int records, int seed = 1)
    {
        var random = new Random(seed);
        var scope = new ScopeLogs { Scope = Scope() };
        for (int i = 0; i < records; i++)
        {
            var record = new LogRecord
            {
                TimeUnixNano = BaseTimeNanos + (ulong)i * 1_000_000,
                ObservedTimeUnixNano = BaseTimeNanos + (ulong)i * 1_000_000 + 5_000,
                SeverityNumber = SeverityNumber.Info,
                SeverityText = "Information",
                Body = new AnyValue { StringValue = $"Order {i} processed for customer {random.Next(100_000)} in {random.Next(1, 500)} ms" },
                TraceId = RandomBytes(random, 16),
                SpanId = RandomBytes(random, 8),
            };
            AddAttributes(record.Attributes, random, AttributesPerItem);
            scope.LogRecords.Add(record);
        }

        var resource = new ResourceLogs { Resource = Resource() };
        resource.ScopeLogs.Add(scope);
        var request = new ExportLogsServiceRequest();
        request.ResourceLogs.Add(resource);
        return request;
    }

    /// <summary>
    /// Metric families as the prometheus exporter hands them to the exposition writers for
    /// <c>Metrics(families, seriesPerFamily)</c>: the same names, the same seven labels in the exporter's (sorted) order
    /// (the point's three attributes, job and instance from the resource, the scope's name and version) and the same
    /// kind of values, so writer-only and whole-render figures describe the same exposition.
    /// </summary>
    public static List<MetricFamily> ExpositionFamilies(int families, int seriesPerFamily, int seed = 1)
    {
        var random = new Random(seed);
        var result = new List<MetricFamily>(families);
        for (int f = 0; f < families; f++)
        {
            bool counter = f % 2 == 0;
            var points = new List<MetricPoint>(seriesPerFamily);
            for (int s = 0; s < seriesPerFamily; s++)
            {
                KeyValuePair<string, string>[] labels =
                [
                    new("http_response_status_code", (200 + (s / 50 % 5)).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    new("http_route", $"/api/v1/resource/{s % 50}"),
                    new("instance", "checkout-7f9c6d5b8-x2k4q"),
                    new("instance_slot", s.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    new("job", "checkout-service"),
                    new("otel_scope_name", "MiniCollector.Benchmarks"),
                    new("otel_scope_version", "1.0.0"),
                ];
                points.Add(new MetricPoint(labels, Value: random.NextDouble() * 1000));
            }

            result.Add(new MetricFamily(
                counter ? $"app_requests_metric_{f}_total" : $"app_requests_metric_{f}_milliseconds",
                counter ? MetricType.Counter : MetricType.Gauge,
                "A benchmark metric.",
                counter ? string.Empty : "milliseconds",
                points));
        }

        return result;
    }

    private static Resource Resource()
    {
        var resource = new Resource();
        resource.Attributes.Add(StringAttribute("service.name", "checkout-service"));
        resource.Attributes.Add(StringAttribute("service.instance.id", "checkout-7f9c6d5b8-x2k4q"));
        resource.Attributes.Add(StringAttribute("telemetry.sdk.language", "dotnet"));
        return resource;
    }

    private static InstrumentationScope Scope() => new() { Name = "MiniCollector.Benchmarks", Version = "1.0.0" };

    private static void AddAttributes(Google.Protobuf.Collections.RepeatedField<KeyValue> target, Random random, int count)
    {
        for (int a = 0; a < count; a++)
        {
            target.Add(StringAttribute($"app.key.{a}", RandomText(random, AttributeValueLength)));
        }
    }

    private static KeyValue StringAttribute(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    private static ByteString RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return ByteString.CopyFrom(bytes);
    }

    private static string RandomText(Random random, int length)
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        return string.Create(length, random, static (chars, r) =>
        {
            for (int i = 0; i < chars.Length; i++)
            {
                chars[i] = Alphabet[r.Next(Alphabet.Length)];
            }
        });
    }
}
