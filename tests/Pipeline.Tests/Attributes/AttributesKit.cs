using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Logs;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Otlp.Trace;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Pipeline.Tests.TestSupport;
using MiniCollector.Processors.Attributes;
using MiniCollector.Processors.Resource;
using OtlpResource = MiniCollector.Otlp.Resource.Resource;

namespace MiniCollector.Pipeline.Tests.Attributes;

/// <summary>Binds attributes/resource processor configs from YAML and runs requests through the built processors.</summary>
internal static class AttributesKit
{
    public const string Path = "processors::attributes";

    public static (AttributesOptions Options, IReadOnlyList<ConfigError> Errors) Bind(string yaml)
    {
        return ConfigHelper.Bind<AttributesOptions>(new AttributesProcessorFactory(), yaml, Path);
    }

    public static AttributesOptions BindValid(string yaml)
    {
        var (options, errors) = Bind(yaml);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        return options;
    }

    /// <summary>The errors as text, one per line, path first.</summary>
    public static string ErrorsOf(string yaml) => string.Join(Environment.NewLine, Bind(yaml).Errors);

    public static (ResourceOptions Options, IReadOnlyList<ConfigError> Errors) BindResource(string yaml)
    {
        return ConfigHelper.Bind<ResourceOptions>(new ResourceProcessorFactory(), yaml, "processors::resource");
    }

    public static ComponentContext Context(string id = "attributes") => new(new ComponentId(id, string.Empty), ComponentKind.Processor, NullLoggerFactory.Instance);

    /// <summary>Runs the request through an attributes processor built for its signal; what the next consumer received.</summary>
    public static TelemetryRequest Process(string yaml, TelemetryRequest request)
    {
        var next = new RecordingConsumer();
        var processor = new AttributesProcessorFactory().Create(Context(), BindValid(yaml), request.Signal, next);
        Assert.True(processor.ConsumeAsync(request, CancellationToken.None).AsTask().Result.IsAccepted);
        return Assert.Single(next.Received);
    }

    /// <summary>Runs one span with the attributes through the actions; the span's attributes after them, as decoded from the bytes sent on.</summary>
    public static Dictionary<string, AnyValue> OnSpan(string yaml, IEnumerable<KeyValue> attributes, ClientMetadata? metadata = null)
    {
        var request = TelemetryRequest<ExportTraceServiceRequest>.FromBytes(TracesKind.Instance, Traces(Span("s", attributes)).ToByteArray(), metadata);
        var output = Process(yaml, request);
        var decoded = ExportTraceServiceRequest.Parser.ParseFrom(output.Bytes.Span);
        return decoded.ResourceSpans[0].ScopeSpans[0].Spans[0].Attributes.ToDictionary(kv => kv.Key, kv => kv.Value);
    }

    public static KeyValue Kv(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    public static KeyValue Kv(string key, long value) => new() { Key = key, Value = new AnyValue { IntValue = value } };

    public static KeyValue Kv(string key, double value) => new() { Key = key, Value = new AnyValue { DoubleValue = value } };

    public static KeyValue Kv(string key, bool value) => new() { Key = key, Value = new AnyValue { BoolValue = value } };

    public static AnyValue Str(string s) => new() { StringValue = s };

    public static AnyValue Int(long n) => new() { IntValue = n };

    public static Span Span(string name, IEnumerable<KeyValue> attributes, Span.Types.SpanKind kind = MiniCollector.Otlp.Trace.Span.Types.SpanKind.Internal)
    {
        var span = new Span { Name = name, Kind = kind, TraceId = ByteString.CopyFrom(new byte[16] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 }), SpanId = ByteString.CopyFrom(new byte[8] { 1, 2, 3, 4, 5, 6, 7, 8 }) };
        span.Attributes.Add(attributes);
        return span;
    }

    public static OtlpResource Resource(params KeyValue[] attributes)
    {
        var resource = new OtlpResource();
        resource.Attributes.Add(attributes);
        return resource;
    }

    public static ExportTraceServiceRequest Traces(params Span[] spans) => Traces(Resource(Kv("service.name", "svc")), new InstrumentationScope { Name = "lib", Version = "1.0" }, spans);

    public static ExportTraceServiceRequest Traces(OtlpResource? resource, InstrumentationScope? scope, params Span[] spans)
    {
        var scopeSpans = new ScopeSpans { Scope = scope };
        scopeSpans.Spans.Add(spans);
        return new ExportTraceServiceRequest { ResourceSpans = { new ResourceSpans { Resource = resource, ScopeSpans = { scopeSpans } } } };
    }

    public static LogRecord Log(string body, SeverityNumber severity, string severityText, params KeyValue[] attributes)
    {
        var record = new LogRecord { Body = Str(body), SeverityNumber = severity, SeverityText = severityText };
        record.Attributes.Add(attributes);
        return record;
    }

    public static ExportLogsServiceRequest Logs(OtlpResource? resource, params LogRecord[] records)
    {
        var scopeLogs = new ScopeLogs { Scope = new InstrumentationScope { Name = "lib", Version = "1.0" } };
        scopeLogs.LogRecords.Add(records);
        return new ExportLogsServiceRequest { ResourceLogs = { new ResourceLogs { Resource = resource, ScopeLogs = { scopeLogs } } } };
    }

    public static ExportMetricsServiceRequest Metrics(OtlpResource? resource, params Metric[] metrics)
    {
        var scopeMetrics = new ScopeMetrics { Scope = new InstrumentationScope { Name = "lib" } };
        scopeMetrics.Metrics.Add(metrics);
        return new ExportMetricsServiceRequest { ResourceMetrics = { new ResourceMetrics { Resource = resource, ScopeMetrics = { scopeMetrics } } } };
    }

    public static TelemetryRequest Request(ExportTraceServiceRequest model) => TelemetryRequest<ExportTraceServiceRequest>.FromBytes(TracesKind.Instance, model.ToByteArray());

    public static TelemetryRequest Request(ExportLogsServiceRequest model) => TelemetryRequest<ExportLogsServiceRequest>.FromBytes(LogsKind.Instance, model.ToByteArray());

    public static TelemetryRequest Request(ExportMetricsServiceRequest model) => TelemetryRequest<ExportMetricsServiceRequest>.FromBytes(MetricsKind.Instance, model.ToByteArray());

    /// <summary>The span attributes, by span name, as the bytes sent on carry them.</summary>
    public static Dictionary<string, Dictionary<string, AnyValue>> SpanAttributes(TelemetryRequest output)
        => ExportTraceServiceRequest.Parser.ParseFrom(output.Bytes.Span).ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans)
            .ToDictionary(s => s.Name, s => s.Attributes.ToDictionary(kv => kv.Key, kv => kv.Value));

    public static ClientMetadata Metadata(params (string Key, string[] Values)[] entries)
        => new(entries.ToDictionary(e => e.Key, e => e.Values, StringComparer.OrdinalIgnoreCase));

    public static Signal[] AllSignals => [Signal.Traces, Signal.Metrics, Signal.Logs];
}
