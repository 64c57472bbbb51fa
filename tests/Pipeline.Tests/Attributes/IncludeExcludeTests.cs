using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Logs;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Otlp.Trace;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Pipeline.Tests.TestSupport;
using MiniCollector.Processors.Attributes;
using SpanKind = MiniCollector.Otlp.Trace.Span.Types.SpanKind;
using static MiniCollector.Pipeline.Tests.Attributes.AttributesKit;

namespace MiniCollector.Pipeline.Tests.Attributes;

/// <summary>
/// include/exclude of the attributes processor, one match property at a time: each test marks the items an
/// <c>upsert</c> reached, so the selected set is visible.
/// </summary>
public sealed class IncludeExcludeTests
{
    private const string Mark = "actions: [{key: hit, value: true, action: upsert}]";

    private static readonly Span[] Spans =
    [
        Span("GET /users", [Kv("http.method", "GET"), Kv("code", 200L)], SpanKind.Server),
        Span("POST /users", [Kv("http.method", "POST"), Kv("code", 500L)], SpanKind.Client),
        Span("db query", [Kv("db.system", "postgres")], SpanKind.Internal),
    ];

    private static string[] HitSpans(string match, ExportTraceServiceRequestFactory? traces = null)
    {
        var request = Request(traces?.Invoke() ?? Traces(Resource(Kv("service.name", "checkout"), Kv("env", "prod")), new InstrumentationScope { Name = "io.http", Version = "2.1" }, [.. Spans.Select(s => s.Clone())]));
        var output = Process(match + "\n" + Mark, request);
        return [.. SpanAttributes(output).Where(s => s.Value.ContainsKey("hit")).Select(s => s.Key).Order(StringComparer.Ordinal)];
    }

    public delegate MiniCollector.Otlp.Collector.Trace.ExportTraceServiceRequest ExportTraceServiceRequestFactory();

    [Theory]
    [InlineData("include: {match_type: strict, span_names: [GET /users]}", "GET /users")]
    [InlineData("include: {match_type: regexp, span_names: [users]}", "GET /users,POST /users")]
    [InlineData("include: {match_type: regexp, span_names: ['^db']}", "db query")]
    [InlineData("exclude: {match_type: strict, span_names: [db query]}", "GET /users,POST /users")]
    [InlineData("include: {match_type: strict, span_kinds: [SPAN_KIND_SERVER, SPAN_KIND_INTERNAL]}", "GET /users,db query")]
    [InlineData("include: {match_type: regexp, span_kinds: [CLIENT]}", "POST /users")]
    [InlineData("include: {match_type: strict, services: [checkout]}", "GET /users,POST /users,db query")]
    [InlineData("include: {match_type: strict, services: [billing]}", "")]
    [InlineData("include: {match_type: regexp, services: ['^check']}", "GET /users,POST /users,db query")]
    [InlineData("include: {match_type: strict, attributes: [{key: http.method}]}", "GET /users,POST /users")]
    [InlineData("include: {match_type: strict, attributes: [{key: code, value: 500}]}", "POST /users")]
    [InlineData("include: {match_type: strict, attributes: [{key: code, value: '500'}]}", "")]
    [InlineData("include: {match_type: regexp, attributes: [{key: code, value: '^5'}]}", "POST /users")]
    [InlineData("include: {match_type: strict, attributes: [{key: http.method, value: GET}, {key: code, value: 200}]}", "GET /users")]
    [InlineData("include: {match_type: strict, resources: [{key: env, value: prod}]}", "GET /users,POST /users,db query")]
    [InlineData("include: {match_type: strict, resources: [{key: env, value: dev}]}", "")]
    [InlineData("include: {match_type: strict, libraries: [{name: io.http}]}", "GET /users,POST /users,db query")]
    [InlineData("include: {match_type: strict, libraries: [{name: io.http, version: '2.1'}]}", "GET /users,POST /users,db query")]
    [InlineData("include: {match_type: strict, libraries: [{name: io.http, version: '9'}]}", "")]
    [InlineData("include: {match_type: strict, libraries: [{name: io.http, version: ''}]}", "")]
    [InlineData("include: {match_type: regexp, libraries: [{name: '^io\\.'}]}", "GET /users,POST /users,db query")]
    [InlineData("include: {match_type: regexp, span_names: [users]}\nexclude: {match_type: strict, attributes: [{key: http.method, value: POST}]}", "GET /users")]
    [InlineData("include: {match_type: strict, span_names: [GET /users, db query], attributes: [{key: db.system}]}", "db query")]
    public void Spans_are_selected_by_each_property(string match, string expected)
        => Assert.Equal(expected.Length == 0 ? [] : expected.Split(','), HitSpans(match));

    [Fact]
    public void A_resource_without_a_service_name_matches_the_references_placeholder()
        => Assert.Equal(["GET /users"], HitSpans("include: {match_type: strict, services: ['<nil-service-name>']}", () => Traces(Resource(), null, Spans[0].Clone())));

    [Theory]
    [InlineData("include: {match_type: strict, log_bodies: [started]}", "started")]
    [InlineData("include: {match_type: regexp, log_bodies: [fail]}", "failed")]
    [InlineData("include: {match_type: strict, log_severity_texts: [ERROR]}", "failed")]
    [InlineData("include: {match_type: strict, log_severity_number: {min: WARN}}", "failed")]
    [InlineData("include: {match_type: strict, log_severity_number: {min: 9}}", "failed,started")]
    [InlineData("include: {match_type: strict, log_severity_number: {min: info, match_undefined: true}}", "failed,started,unknown")]
    [InlineData("include: {match_type: strict, attributes: [{key: user}]}", "started")]
    [InlineData("exclude: {match_type: strict, resources: [{key: service.name, value: svc}]}", "")]
    [InlineData("include: {match_type: strict, libraries: [{name: lib}]}", "failed,started,unknown")]
    public void Log_records_are_selected_by_each_property(string match, string expected)
    {
        var request = Request(Logs(
            Resource(Kv("service.name", "svc")),
            Log("started", SeverityNumber.Info, "INFO", Kv("user", "u")),
            Log("failed", SeverityNumber.Error, "ERROR"),
            Log("unknown", SeverityNumber.Unspecified, string.Empty)));

        var output = Process(match + "\n" + Mark, request);

        var hits = MiniCollector.Otlp.Collector.Logs.ExportLogsServiceRequest.Parser.ParseFrom(output.Bytes.Span).ResourceLogs[0].ScopeLogs[0].LogRecords
            .Where(r => r.Attributes.Any(a => a.Key == "hit")).Select(r => r.Body.StringValue).Order(StringComparer.Ordinal);
        Assert.Equal(expected.Length == 0 ? [] : expected.Split(','), hits);
    }

    [Theory]
    [InlineData("include: {match_type: strict, metric_names: [requests]}", "requests")]
    [InlineData("include: {match_type: regexp, metric_names: ['^(requests|latency)$']}", "latency,requests")]
    [InlineData("exclude: {match_type: strict, metric_names: [requests]}", "latency,memory")]
    [InlineData("include: {match_type: strict, resources: [{key: service.name, value: other}]}", "")]
    public void Metrics_are_selected_by_name_and_resource_and_every_data_point_is_changed(string match, string expected)
    {
        var request = Request(Metrics(
            Resource(Kv("service.name", "svc")),
            new Metric { Name = "requests", Sum = new Sum { DataPoints = { new NumberDataPoint { AsInt = 1 }, new NumberDataPoint { AsInt = 2 } } } },
            new Metric { Name = "latency", Histogram = new Histogram { DataPoints = { new HistogramDataPoint { Count = 1 } } } },
            new Metric { Name = "memory", Gauge = new Gauge { DataPoints = { new NumberDataPoint { AsDouble = 1 } } } }));

        var output = Process(match + "\n" + Mark, request);

        var metrics = MiniCollector.Otlp.Collector.Metrics.ExportMetricsServiceRequest.Parser.ParseFrom(output.Bytes.Span).ResourceMetrics[0].ScopeMetrics[0].Metrics;
        var hit = metrics.Where(m => Points(m).All(p => p.Any(a => a.Key == "hit")) && Points(m).Any()).Select(m => m.Name).Order(StringComparer.Ordinal);
        Assert.Equal(expected.Length == 0 ? [] : expected.Split(','), hit);
        Assert.All(metrics.Where(m => !hit.Contains(m.Name)), m => Assert.All(Points(m), p => Assert.DoesNotContain(p, a => a.Key == "hit")));
    }

    [Theory]
    [InlineData(Signal.Logs, "include: {match_type: strict, span_names: [a]}", "include: services, span_names and span_kinds are not valid for log records")]
    [InlineData(Signal.Logs, "exclude: {match_type: strict, metric_names: [a]}", "exclude: at least one of")]
    [InlineData(Signal.Traces, "include: {match_type: strict, log_bodies: [a]}", "include: log_bodies, log_severity_texts and log_severity_number should not be specified for trace spans")]
    [InlineData(Signal.Traces, "include: {match_type: strict}", "include: at least one of \"services\"")]
    public void A_block_that_does_not_fit_the_signal_stops_the_processor_being_built_for_it(Signal signal, string match, string expected)
    {
        var options = BindValid(match + "\n" + Mark);

        var error = Assert.Throws<ComponentStartException>(() => new AttributesProcessorFactory().Create(Context(), options, signal, new RecordingConsumer()));

        Assert.Contains("processors::attributes: " + expected, error.Message);
    }

    [Fact]
    public void Metric_blocks_may_hold_any_property_as_in_the_reference()
        => new AttributesProcessorFactory().Create(Context(), BindValid("include: {match_type: strict, span_names: [a]}\n" + Mark), Signal.Metrics, new RecordingConsumer());

    private static IEnumerable<Google.Protobuf.Collections.RepeatedField<KeyValue>> Points(Metric metric) => metric.DataCase switch
    {
        Metric.DataOneofCase.Sum => metric.Sum.DataPoints.Select(p => p.Attributes),
        Metric.DataOneofCase.Gauge => metric.Gauge.DataPoints.Select(p => p.Attributes),
        Metric.DataOneofCase.Histogram => metric.Histogram.DataPoints.Select(p => p.Attributes),
        _ => [],
    };
}
