using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using MiniCollector.Ottl;
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
using MiniCollector.Pipeline.Tests.TestSupport;
using MiniCollector.Processors.Transform;
using static MiniCollector.Pipeline.Tests.Attributes.AttributesKit;

namespace MiniCollector.Pipeline.Tests.Transform;

/// <summary>The transform processor: basic and advanced config forms, contexts, group conditions, error modes, bytes kept when unchanged.</summary>
public sealed class TransformProcessorTests
{
    private const string Path = "processors::transform";

    private static (TransformOptions Options, IReadOnlyList<ConfigError> Errors) Bind(string yaml)
    {
        return ConfigHelper.Bind<TransformOptions>(new TransformProcessorFactory(), yaml, Path);
    }

    private static string ErrorsOf(string yaml) => string.Join(Environment.NewLine, Bind(yaml).Errors.Select(e => $"{e.Path}: {e.Message}"));

    private static (TelemetryRequest? Output, ConsumeResult Result) Run(string yaml, TelemetryRequest request)
    {
        var (options, errors) = Bind(yaml);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        var next = new RecordingConsumer();
        var processor = new TransformProcessorFactory().Create(new ComponentContext(new ComponentId("transform", string.Empty), ComponentKind.Processor, NullLoggerFactory.Instance), options, request.Signal, next);
        Assert.True(processor.MutatesData);
        var result = processor.ConsumeAsync(request, CancellationToken.None).AsTask().Result;
        return (next.Received.SingleOrDefault(), result);
    }

    private static ExportTraceServiceRequest Traced(TelemetryRequest output) => ExportTraceServiceRequest.Parser.ParseFrom(output.Bytes.Span);

    [Fact]
    public void Basic_statements_infer_their_context_and_run_in_order()
    {
        const string Yaml = """
            trace_statements:
              - set(span.attributes["env"], "prod")
              - set(span.name, Concat([span.name, span.attributes["env"]], "@"))
              - set(resource.attributes["team"], "a") where span.kind == SPAN_KIND_SERVER
            """;
        var (output, result) = Run(Yaml, Request(Traces(Span("get", [Kv("x", 1L)], MiniCollector.Otlp.Trace.Span.Types.SpanKind.Server))));
        Assert.True(result.IsAccepted);
        var decoded = Traced(output!);
        var span = decoded.ResourceSpans[0].ScopeSpans[0].Spans[0];
        Assert.Equal("get@prod", span.Name);
        Assert.Contains(decoded.ResourceSpans[0].Resource.Attributes, kv => kv.Key == "team");
        Assert.Equal(Bind(Yaml).Options.Traces.Select(g => g.Context), [OttlContextKind.Span]);
    }

    [Fact]
    public void An_unchanged_request_keeps_its_received_bytes()
    {
        var bytes = Traces(Span("a", [Kv("env", "prod")])).ToByteArray();
        var request = TelemetryRequest<ExportTraceServiceRequest>.FromBytes(TracesKind.Instance, bytes);
        var (output, _) = Run("trace_statements: ['set(span.attributes[\"env\"], \"prod\")', 'delete_key(span.attributes, \"absent\")', 'set(span.name, \"b\") where span.name == \"zzz\"']", request);
        Assert.Same(request, output);
        Assert.True(output!.Bytes.Span.SequenceEqual(bytes));
    }

    [Fact]
    public void A_missing_resource_is_made_only_when_a_statement_writes_to_it()
    {
        var model = Traces((MiniCollector.Otlp.Resource.Resource?)null, null, Span("a", []));
        var (output, _) = Run("trace_statements: ['set(resource.attributes[\"r\"], \"v\") where resource.attributes[\"nope\"] != nil']", Request(model));
        Assert.Null(Traced(output!).ResourceSpans[0].Resource);
        (output, _) = Run("trace_statements: ['set(resource.attributes[\"r\"], \"v\")', 'set(scope.name, \"s\")']", Request(model));
        Assert.Equal("v", Traced(output!).ResourceSpans[0].Resource.Attributes[0].Value.StringValue);
        Assert.Equal("s", Traced(output!).ResourceSpans[0].ScopeSpans[0].Scope.Name);
    }

    [Fact]
    public void Advanced_groups_take_a_context_conditions_and_their_own_error_mode()
    {
        const string Yaml = """
            error_mode: propagate
            trace_statements:
              - context: span
                conditions: ['name == "b"', 'attributes["force"] == true']
                statements: ['set(attributes["touched"], true)']
              - context: spanevent
                error_mode: ignore
                statements: ['set(attributes["n"], Len(attributes["missing"]))', 'set(name, "renamed")']
              - context: resource
                statements: ['delete_key(attributes, "service.name")']
            """;
        var a = Span("a", []);
        a.Events.Add(new Span.Types.Event { Name = "e" });
        var (output, result) = Run(Yaml, Request(Traces(a, Span("b", []))));
        Assert.True(result.IsAccepted);
        var decoded = Traced(output!);
        var spans = decoded.ResourceSpans[0].ScopeSpans[0].Spans;
        Assert.DoesNotContain(spans[0].Attributes, kv => kv.Key == "touched");
        Assert.Contains(spans[1].Attributes, kv => kv.Key == "touched");
        Assert.Equal("renamed", spans[0].Events[0].Name);
        Assert.Empty(decoded.ResourceSpans[0].Resource.Attributes);
    }

    [Fact]
    public void Propagate_rejects_the_request_and_ignore_goes_on()
    {
        var request = Request(Traces(Span("a", [Kv("n", 1L)])));
        var (output, result) = Run("error_mode: propagate\ntrace_statements: ['set(span.name, SHA256(span.attributes[\"n\"]))']", request);
        Assert.Null(output);
        Assert.Equal(ConsumeOutcome.Rejected, result.Outcome);
        Assert.Contains("SHA256: value must be a string, got int", result.Message);

        (output, result) = Run("trace_statements: ['set(span.name, SHA256(span.attributes[\"n\"]))', 'set(span.attributes[\"after\"], 1)']", Request(Traces(Span("a", [Kv("n", 1L)]))));
        Assert.True(result.IsAccepted);
        Assert.Contains(Traced(output!).ResourceSpans[0].ScopeSpans[0].Spans[0].Attributes, kv => kv.Key == "after");
    }

    [Fact]
    public void Metric_statements_run_on_metrics_and_data_points()
    {
        const string Yaml = """
            metric_statements:
              - set(metric.description, "Sum") where metric.type == METRIC_DATA_TYPE_SUM
              - context: datapoint
                statements: ['set(attributes["doubled"], value_int * 2)', 'set(metric.unit, "ms")']
            """;
        var sum = new Metric { Name = "requests", Sum = new Sum { DataPoints = { new NumberDataPoint { AsInt = 4 } } } };
        var histogram = new Metric { Name = "latency", Histogram = new Histogram { DataPoints = { new HistogramDataPoint { Count = 1 } } } };
        var (output, _) = Run(Yaml, Request(Metrics(Resource(), sum, histogram)));
        var metrics = ExportMetricsServiceRequest.Parser.ParseFrom(output!.Bytes.Span).ResourceMetrics[0].ScopeMetrics[0].Metrics;
        Assert.Equal(("Sum", "ms"), (metrics[0].Description, metrics[0].Unit));
        Assert.Equal(8, metrics[0].Sum.DataPoints[0].Attributes[0].Value.IntValue);
        Assert.Equal(string.Empty, metrics[1].Description);
        Assert.Empty(metrics[1].Histogram.DataPoints[0].Attributes);
    }

    [Fact]
    public void Log_statements_run_on_records_scopes_and_resources()
    {
        const string Yaml = """
            log_statements:
              - set(log.severity_text, "FAIL") where log.body == "request failed"
              - replace_pattern(log.body, "password=\\S+", "password=***")
              - context: scope
                statements: ['set(version, "2")']
            """;
        var (output, _) = Run(Yaml, Request(Logs(Resource(), Log("request failed", SeverityNumber.Error, "ERROR"), Log("login password=hunter2 ok", SeverityNumber.Info, "INFO"))));
        var scope = ExportLogsServiceRequest.Parser.ParseFrom(output!.Bytes.Span).ResourceLogs[0].ScopeLogs[0];
        Assert.Equal("FAIL", scope.LogRecords[0].SeverityText);
        Assert.Equal("login password=*** ok", scope.LogRecords[1].Body.StringValue);
        Assert.Equal("2", scope.Scope.Version);
    }

    [Theory]
    [InlineData("trace_statements: ['set(span.name, \"x\" where span.name == \"a\"']", "processors::transform::trace_statements[0]: column 20: expected \",\" or \")\" but found \"where\" (in \"set(span.name, \"x\" where span.name == \"a\"\")")]
    [InlineData("trace_statements: ['set(span.name, \"x\")', 'set(span.nme, \"x\")']", "processors::transform::trace_statements[1]: column 5: unknown path \"span.nme\" in the span context")]
    [InlineData("trace_statements: ['set(name, \"x\")']", "processors::transform::trace_statements[0]: cannot tell which context the statements run in")]
    [InlineData("log_statements: ['set(span.name, \"x\")']", "processors::transform::log_statements[0]: paths use the span context, which is not available here (valid: resource, scope, log)")]
    [InlineData("metric_statements: [{context: exemplar, statements: ['set(attributes[\"a\"], 1)']}]", "processors::transform::metric_statements[0]::context: invalid value \"exemplar\" (valid values: resource, scope, metric, datapoint)")]
    [InlineData("trace_statements: [{context: span}]", "processors::transform::trace_statements[0]::statements: missing required field \"statements\"")]
    [InlineData("trace_statements: [{context: span, statements: ['set(name, 1)'], conditions: ['nme == 1']}]", "processors::transform::trace_statements[0]::conditions[0]: column 1: unknown path \"nme\"")]
    [InlineData("trace_statements: [{context: span, statement: ['set(name, \"x\")']}]", "processors::transform::trace_statements[0]: unknown key \"statement\"")]
    [InlineData("trace_statement: []", "processors::transform: unknown key \"trace_statement\"")]
    [InlineData("trace_statements: [{context: span, error_mode: never, statements: ['set(name, \"x\")']}]", "processors::transform::trace_statements[0]::error_mode: invalid value \"never\"")]
    public void Config_errors_name_the_statement_and_the_column(string yaml, string expectedStart)
        => Assert.True(ErrorsOf(yaml).StartsWith(expectedStart, StringComparison.Ordinal), ErrorsOf(yaml));

    [Fact]
    public void Advanced_groups_without_a_context_infer_it()
    {
        var options = Bind("metric_statements: [{statements: ['set(metric.description, \"x\") where datapoint.attributes[\"a\"] == \"b\"']}]").Options;
        Assert.Equal(OttlContextKind.DataPoint, Assert.Single(options.Metrics).Context);
        Assert.Empty(Bind("trace_statements: [{context: span, statements: ['set(name, \"x\")', 'set(span.name, \"y\")']}]").Errors);
    }
}
