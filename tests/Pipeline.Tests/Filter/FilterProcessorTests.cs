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
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Pipeline.Telemetry;
using MiniCollector.Pipeline.Tests.TestSupport;
using MiniCollector.Processors.Filter;
using static MiniCollector.Pipeline.Tests.Attributes.AttributesKit;

namespace MiniCollector.Pipeline.Tests.Filter;

/// <summary>The filter processor: config binding and errors, what each kind of condition drops, empty levels, counts.</summary>
public sealed class FilterProcessorTests
{
    private const string Path = "processors::filter";

    private static (FilterOptions Options, IReadOnlyList<ConfigError> Errors) Bind(string yaml)
    {
        return ConfigHelper.Bind<FilterOptions>(new FilterProcessorFactory(), yaml, Path);
    }

    private static string ErrorsOf(string yaml) => string.Join(Environment.NewLine, Bind(yaml).Errors.Select(e => $"{e.Path}: {e.Message}"));

    private static (RecordingConsumer Next, ConsumeResult Result, CollectorMeter Meter) Run(string yaml, TelemetryRequest request)
    {
        var (options, errors) = Bind(yaml);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        var meter = new CollectorMeter();
        var context = new ComponentContext(new ComponentId("filter", "ottl"), ComponentKind.Processor, NullLoggerFactory.Instance) { Meter = meter };
        var next = new RecordingConsumer();
        var processor = new FilterProcessorFactory().Create(context, options, request.Signal, next);
        Assert.True(processor.MutatesData);
        var result = processor.ConsumeAsync(request, CancellationToken.None).AsTask().Result;
        return (next, result, meter);
    }

    private static double Filtered(CollectorMeter meter, string name)
    {
        var reading = Assert.Single(meter.Read(), r => r.Name == name);
        Assert.Equal(new KeyValuePair<string, string>("filter", "filter/ottl"), Assert.Single(reading.Labels));
        return reading.Value;
    }

    [Fact]
    public void Spans_any_condition_matches_are_dropped_and_counted()
    {
        var request = Request(Traces(Span("health", [Kv("http.route", "/health")]), Span("api", [Kv("http.route", "/api")]), Span("slow", [Kv("http.route", "/x")])));
        var (next, result, meter) = Run("traces: {span: ['attributes[\"http.route\"] == \"/health\"', 'name == \"slow\"']}", request);

        Assert.True(result.IsAccepted);
        var output = Assert.Single(next.Received);
        Assert.Equal(["api"], SpanAttributes(output).Keys);
        Assert.Equal(1, output.ItemCount);
        Assert.Equal(2, Filtered(meter, "otelcol_processor_filter_spans_filtered"));
    }

    [Fact]
    public void A_request_nothing_matches_goes_on_with_its_received_bytes()
    {
        var bytes = Traces(Span("api", [])).ToByteArray();
        var request = TelemetryRequest<ExportTraceServiceRequest>.FromBytes(TracesKind.Instance, bytes);
        var (next, _, meter) = Run("traces: {span: ['name == \"other\"']}", request);
        Assert.Same(request, Assert.Single(next.Received));
        Assert.True(request.Bytes.Span.SequenceEqual(bytes));
        Assert.Equal(0, Filtered(meter, "otelcol_processor_filter_spans_filtered"));
    }

    [Fact]
    public void A_request_left_empty_is_not_forwarded_and_succeeds()
    {
        var (next, result, meter) = Run("error_mode: propagate\ntraces: {span: ['true']}", Request(Traces(Span("a", []), Span("b", []))));
        Assert.Empty(next.Received);
        Assert.Equal(ConsumeResult.Success, result);
        Assert.Equal(2, Filtered(meter, "otelcol_processor_filter_spans_filtered"));
    }

    [Fact]
    public void Empty_scopes_and_resources_are_removed()
    {
        var model = Traces(Span("drop", []));
        var kept = Traces(Resource(Kv("service.name", "other")), new InstrumentationScope { Name = "x" }, Span("keep", []));
        model.ResourceSpans.Add(kept.ResourceSpans);
        var (next, _, _) = Run("traces: {span: ['name == \"drop\"']}", Request(model));
        var output = ExportTraceServiceRequest.Parser.ParseFrom(Assert.Single(next.Received).Bytes.Span);
        var resource = Assert.Single(output.ResourceSpans);
        Assert.Equal("other", resource.Resource.Attributes[0].Value.StringValue);
    }

    [Fact]
    public void Span_events_are_dropped_from_kept_spans_and_a_span_without_events_stays()
    {
        var span = Span("a", []);
        span.Events.Add(new Span.Types.Event { Name = "grpc", Attributes = { Kv("grpc", true) } });
        span.Events.Add(new Span.Types.Event { Name = "keep" });
        var lone = Span("b", []);
        lone.Events.Add(new Span.Types.Event { Name = "grpc" });
        var (next, _, meter) = Run("traces: {spanevent: ['attributes[\"grpc\"] == true', 'IsMatch(name, \".*grpc.*\")']}", Request(Traces(span, lone)));
        var output = ExportTraceServiceRequest.Parser.ParseFrom(Assert.Single(next.Received).Bytes.Span);
        var spans = output.ResourceSpans[0].ScopeSpans[0].Spans;
        Assert.Equal(["keep"], spans[0].Events.Select(e => e.Name));
        Assert.Empty(spans[1].Events);
        Assert.Equal(0, Filtered(meter, "otelcol_processor_filter_spans_filtered"));
    }

    [Fact]
    public void Metrics_and_data_points_are_dropped_and_counted_in_points()
    {
        var sum = new Metric { Name = "requests", Sum = new Sum { DataPoints = { Point(1, "GET"), Point(2, "POST"), Point(3, "GET") } } };
        var histogram = new Metric { Name = "latency", Histogram = new Histogram { DataPoints = { new HistogramDataPoint(), new HistogramDataPoint() } } };
        var gauge = new Metric { Name = "only.get", Gauge = new Gauge { DataPoints = { Point(1, "GET") } } };
        var (next, _, meter) = Run(
            "metrics:\n  metric: ['type == METRIC_DATA_TYPE_HISTOGRAM']\n  datapoint: ['attributes[\"method\"] == \"GET\"']",
            Request(Metrics(Resource(Kv("service.name", "svc")), sum, histogram, gauge)));
        var output = ExportMetricsServiceRequest.Parser.ParseFrom(Assert.Single(next.Received).Bytes.Span);
        var metric = Assert.Single(output.ResourceMetrics[0].ScopeMetrics[0].Metrics);
        Assert.Equal("requests", metric.Name);
        Assert.Equal([2L], metric.Sum.DataPoints.Select(p => p.AsInt));
        Assert.Equal(5, Filtered(meter, "otelcol_processor_filter_datapoints_filtered"));
    }

    [Fact]
    public void Log_records_are_dropped_and_counted()
    {
        var request = Request(Logs(Resource(), Log("password=1", SeverityNumber.Info, "INFO"), Log("boom", SeverityNumber.Error, "ERROR"), Log("debug", SeverityNumber.Debug, "DEBUG")));
        var (next, _, meter) = Run("logs: {log_record: ['IsMatch(body, \".*password.*\")', 'severity_number < SEVERITY_NUMBER_WARN']}", request);
        var output = ExportLogsServiceRequest.Parser.ParseFrom(Assert.Single(next.Received).Bytes.Span);
        Assert.Equal(["boom"], output.ResourceLogs[0].ScopeLogs[0].LogRecords.Select(r => r.Body.StringValue));
        Assert.Equal(2, Filtered(meter, "otelcol_processor_filter_logs_filtered"));
    }

    [Fact]
    public void Under_ignore_a_failing_condition_counts_as_not_matching_and_under_propagate_it_rejects_the_request()
    {
        const string Conditions = "traces: {span: ['Len(attributes[\"n\"]) > 1', 'name == \"drop\"']}";
        var (next, result, _) = Run(Conditions, Request(Traces(Span("drop", [Kv("n", 1L)]), Span("keep", [Kv("n", 1L)]))));
        Assert.True(result.IsAccepted);
        Assert.Equal(["keep"], SpanAttributes(Assert.Single(next.Received)).Keys);

        (next, result, _) = Run("error_mode: propagate\n" + Conditions, Request(Traces(Span("keep", [Kv("n", 1L)]))));
        Assert.Equal(ConsumeOutcome.Rejected, result.Outcome);
        Assert.Contains("Len: target must be a string, map or list, got int", result.Message);
        Assert.Empty(next.Received);
    }

    [Fact]
    public void A_filter_without_conditions_for_the_signal_passes_everything()
    {
        var request = Request(Logs(Resource(), Log("x", SeverityNumber.Info, "INFO")));
        var (next, _, _) = Run("traces: {span: ['true']}", request);
        Assert.Same(request, Assert.Single(next.Received));
    }

    [Theory]
    [InlineData("traces: {span: ['name == \"a\" where']}", "processors::filter::traces::span[0]: column 13: expected \"and\", \"or\" or end of condition but found \"where\" (in \"name == \"a\" where\")")]
    [InlineData("traces: {span: ['name == \"a\"', 'nme == 1']}", "processors::filter::traces::span[1]: column 1: unknown path \"nme\" in the span context")]
    [InlineData("traces: {spanevent: ['kind == 1']}", "processors::filter::traces::spanevent[0]: column 1: unknown path \"kind\" in the spanevent context")]
    [InlineData("metrics: {datapoint: ['metric.type == METRIC_DATA_TYPE_SUMARY']}", "processors::filter::metrics::datapoint[0]: column 16: unknown enum \"METRIC_DATA_TYPE_SUMARY\"")]
    [InlineData("logs: {log_record: ['body ==']}", "processors::filter::logs::log_record[0]: column 8: expected a value but found end of statement")]
    [InlineData("error_mode: loud", "processors::filter::error_mode: invalid value \"loud\" (valid values: ignore, silent, propagate)")]
    [InlineData("traces: {span: 'name == \"a\"'}", "processors::filter::traces::span: expected a list of conditions, found \"name == \"a\"\"")]
    [InlineData("traces: {include: {match_type: strict, services: [a]}}", "processors::filter::traces: unknown key \"include\" (valid keys: span, spanevent) The legacy include/exclude form of the filter processor is not supported")]
    [InlineData("spans: {exclude: {match_type: strict}}", "processors::filter: unknown key \"spans\" (valid keys: error_mode, traces, metrics, logs) The legacy include/exclude form")]
    [InlineData("logs: {log: ['true']}", "processors::filter::logs: unknown key \"log\" (valid keys: log_record)")]
    public void Config_errors_name_the_item_and_the_column(string yaml, string expectedStart)
        => Assert.StartsWith(expectedStart, ErrorsOf(yaml));

    [Fact]
    public void The_factory_is_for_every_signal()
    {
        Assert.Equal("filter", new FilterProcessorFactory().Type);
        var options = Bind("traces: {span: ['true']}").Options;
        foreach (var signal in AllSignals)
        {
            Assert.NotNull(new FilterProcessorFactory().Create(new ComponentContext(new ComponentId("filter", string.Empty), ComponentKind.Processor, NullLoggerFactory.Instance), options, signal, new RecordingConsumer()));
        }
    }

    private static NumberDataPoint Point(long value, string method) => new() { AsInt = value, Attributes = { Kv("method", method) } };
}
