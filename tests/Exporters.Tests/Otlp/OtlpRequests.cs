using Google.Protobuf;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Logs;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Otlp.Resource;
using MiniCollector.Otlp.Trace;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Exporters.Tests.Otlp;

/// <summary>Export requests for the exporter tests, each item named uniquely.</summary>
internal static class OtlpRequests
{
    public static ExportTraceServiceRequest TracesModel(int spans, string prefix = "span")
    {
        var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "otlp-exporter-tests", Version = "1.0" } };
        for (int i = 0; i < spans; i++)
        {
            var id = new byte[16];
            id[0] = 0x5b;
            id[15] = (byte)(i + 1);
            scope.Spans.Add(new Span
            {
                TraceId = ByteString.CopyFrom(id),
                SpanId = ByteString.CopyFrom(id, 8, 8),
                Name = $"{prefix}-{i}",
                Kind = Span.Types.SpanKind.Server,
                StartTimeUnixNano = 1_700_000_000_000_000_000UL,
                EndTimeUnixNano = 1_700_000_000_500_000_000UL,
                Attributes = { new KeyValue { Key = "i", Value = new AnyValue { IntValue = i } } },
            });
        }

        var resource = new ResourceSpans { Resource = new Resource { Attributes = { new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "checkout" } } } } };
        resource.ScopeSpans.Add(scope);
        return new ExportTraceServiceRequest { ResourceSpans = { resource } };
    }

    /// <summary>A traces request built from its model (its bytes are the model's canonical encoding).</summary>
    public static TelemetryRequest Traces(int spans, string prefix = "span") => TracesKind.Instance.FromModel(TracesModel(spans, prefix));

    /// <summary>
    /// A traces request held as bytes that are valid but not what re-serialising its model gives (an unknown field
    /// comes first), so a sender that re-encodes instead of forwarding the received bytes is caught.
    /// </summary>
    public static TelemetryRequest TracesAsReceived(int spans, out byte[] received)
    {
        var canonical = TracesModel(spans).ToByteArray();

        // Field 99, wire type varint (tag 99 << 3 = 792 = 0x98 0x06), value 1.
        received = [0x98, 0x06, 0x01, .. canonical];
        var request = TracesKind.Instance.FromBytes(received);
        Assert.Equal(spans, request.ItemCount);
        Assert.False(received.AsSpan().SequenceEqual(request.Model.ToByteArray()), "the test bytes must differ from a re-encoding");
        return request;
    }

    public static TelemetryRequest Logs(int records, string prefix = "log")
    {
        var scope = new ScopeLogs();
        for (int i = 0; i < records; i++)
        {
            scope.LogRecords.Add(new LogRecord { Body = new AnyValue { StringValue = $"{prefix}-{i}" }, SeverityNumber = SeverityNumber.Info, TimeUnixNano = 1_700_000_000_000_000_000UL });
        }

        return LogsKind.Instance.FromModel(new ExportLogsServiceRequest { ResourceLogs = { new ResourceLogs { Resource = new Resource(), ScopeLogs = { scope } } } });
    }

    public static TelemetryRequest Metrics(int gauges, string prefix = "metric")
    {
        var scope = new ScopeMetrics();
        for (int i = 0; i < gauges; i++)
        {
            scope.Metrics.Add(new Metric { Name = $"{prefix}.{i}", Gauge = new Gauge { DataPoints = { new NumberDataPoint { AsDouble = i, TimeUnixNano = 1_700_000_000_000_000_000UL } } } });
        }

        return MetricsKind.Instance.FromModel(new ExportMetricsServiceRequest { ResourceMetrics = { new ResourceMetrics { Resource = new Resource(), ScopeMetrics = { scope } } } });
    }
}
