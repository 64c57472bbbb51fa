using Google.Protobuf;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Resource;
using MiniCollector.Otlp.Trace;

namespace MiniCollector.Pipeline.Tests.SpanMetrics;

/// <summary>Builds trace requests for the spanmetrics tests: one resource per call, spans with the fields that matter.</summary>
internal static class Traces
{
    /// <summary>A time all spans are near, so durations are exact.</summary>
    public const ulong Epoch = 1_800_000_000_000_000_000;

    public static KeyValue Kv(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    public static KeyValue Kv(string key, long value) => new() { Key = key, Value = new AnyValue { IntValue = value } };

    /// <summary>A span lasting <paramref name="durationMs"/> milliseconds (fractions allowed).</summary>
    public static Span Span(
        string name,
        double durationMs,
        Span.Types.SpanKind kind = MiniCollector.Otlp.Trace.Span.Types.SpanKind.Server,
        Status.Types.StatusCode status = Status.Types.StatusCode.Unset,
        int id = 1,
        params KeyValue[] attributes)
    {
        var span = new Span
        {
            Name = name,
            Kind = kind,
            TraceId = Id(16, id),
            SpanId = Id(8, id),
            StartTimeUnixNano = Epoch,
            EndTimeUnixNano = Epoch + (ulong)Math.Round(durationMs * 1_000_000),
            Status = new Status { Code = status },
        };
        span.Attributes.Add(attributes);
        return span;
    }

    /// <summary>One request with one resource (<c>service.name</c> plus <paramref name="resource"/>) and one scope.</summary>
    public static ExportTraceServiceRequest Request(string service, IEnumerable<Span> spans, string scope = "test-scope", params KeyValue[] resource)
    {
        var resourceSpans = Resource(service, spans, scope, resource);
        var request = new ExportTraceServiceRequest();
        request.ResourceSpans.Add(resourceSpans);
        return request;
    }

    public static ResourceSpans Resource(string? service, IEnumerable<Span> spans, string scope = "test-scope", params KeyValue[] resource)
    {
        var resourceSpans = new ResourceSpans { Resource = new Resource() };
        if (service is not null)
        {
            resourceSpans.Resource.Attributes.Add(Kv("service.name", service));
        }

        resourceSpans.Resource.Attributes.Add(resource);
        var scopeSpans = new ScopeSpans { Scope = new InstrumentationScope { Name = scope, Version = "1.2.3" } };
        scopeSpans.Spans.Add(spans);
        resourceSpans.ScopeSpans.Add(scopeSpans);
        return resourceSpans;
    }

    public static ByteString Id(int length, int seed)
    {
        var bytes = new byte[length];
        bytes[0] = 0xAB;
        BitConverter.TryWriteBytes(bytes.AsSpan(length - 4), seed);
        return ByteString.CopyFrom(bytes);
    }
}
