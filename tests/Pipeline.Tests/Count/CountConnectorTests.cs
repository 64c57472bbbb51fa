using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Logs;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Otlp.Trace;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Pipeline.Tests.TestSupport;
using static MiniCollector.Pipeline.Tests.Attributes.AttributesKit;
using static MiniCollector.Pipeline.Tests.Count.CountKit;

namespace MiniCollector.Pipeline.Tests.Count;

/// <summary>What the count connector counts and sends, built through its factory, as the reference builds it.</summary>
public sealed class CountConnectorTests
{
    private const string ScopeName = "github.com/open-telemetry/opentelemetry-collector-contrib/connector/countconnector";

    private static Span TimedSpan(string name, ulong start, ulong end, params KeyValue[] attributes)
    {
        var span = Span(name, attributes);
        span.StartTimeUnixNano = start;
        span.EndTimeUnixNano = end;
        return span;
    }

    private static Span.Types.Event Event(string name, ulong time, params KeyValue[] attributes)
    {
        var e = new Span.Types.Event { Name = name, TimeUnixNano = time };
        e.Attributes.Add(attributes);
        return e;
    }

    [Fact]
    public async Task Default_traces_counts_are_spans_and_span_events_per_resource_as_delta_monotonic_sums()
    {
        var first = TimedSpan("a", 100, 300);
        first.Events.Add(Event("e1", 150));
        first.Events.Add(Event("e2", 250));
        var model = Traces(TimedSpan("b", 50, 120), first);
        var other = Traces(Resource(Kv("service.name", "other")), null, TimedSpan("c", 10, 20));
        model.ResourceSpans.Add(other.ResourceSpans);

        var counts = await CountedAsync(string.Empty, Request(model));

        Assert.Equal(2, counts.ResourceMetrics.Count);
        var resource = counts.ResourceMetrics[0];
        Assert.Equal("svc", resource.Resource.Attributes.Single(a => a.Key == "service.name").Value.StringValue);
        var scope = Assert.Single(resource.ScopeMetrics);
        Assert.Equal(ScopeName, scope.Scope.Name);
        Assert.Equal(["trace.span.count", "trace.span.event.count"], scope.Metrics.Select(m => m.Name));

        var spans = scope.Metrics[0];
        Assert.Equal("The number of spans observed.", spans.Description);
        Assert.True(spans.Sum.IsMonotonic);
        Assert.Equal(AggregationTemporality.Delta, spans.Sum.AggregationTemporality);
        var point = Assert.Single(spans.Sum.DataPoints);
        Assert.Equal(2, point.AsInt);
        Assert.Empty(point.Attributes);
        Assert.Equal(50UL, point.StartTimeUnixNano);
        Assert.Equal(300UL, point.TimeUnixNano);

        var events = scope.Metrics[1];
        Assert.Equal("The number of span events observed.", events.Description);
        Assert.Equal(2, events.Sum.DataPoints.Single().AsInt);
        Assert.Equal(150UL, events.Sum.DataPoints.Single().StartTimeUnixNano);
        Assert.Equal(250UL, events.Sum.DataPoints.Single().TimeUnixNano);

        var second = counts.ResourceMetrics[1];
        Assert.Equal("other", second.Resource.Attributes.Single().Value.StringValue);
        Assert.Equal(["trace.span.count"], second.ScopeMetrics.Single().Metrics.Select(m => m.Name));
    }

    [Fact]
    public async Task Default_metrics_counts_are_metrics_stamped_now_and_data_points_of_every_type()
    {
        var gauge = new Metric { Name = "g", Gauge = new Gauge { DataPoints = { new NumberDataPoint { AsDouble = 1, TimeUnixNano = 500 }, new NumberDataPoint { AsDouble = 2, TimeUnixNano = 700 } } } };
        var histogram = new Metric { Name = "h", Histogram = new Histogram { DataPoints = { new HistogramDataPoint { Count = 1, TimeUnixNano = 600 } } } };
        var summary = new Metric { Name = "s", Summary = new Summary { DataPoints = { new SummaryDataPoint { Count = 1, TimeUnixNano = 400 } } } };
        var exponential = new Metric { Name = "e", ExponentialHistogram = new ExponentialHistogram { DataPoints = { new ExponentialHistogramDataPoint { Count = 1, TimeUnixNano = 450 } } } };
        var sum = new Metric { Name = "sum", Sum = new Sum { DataPoints = { new NumberDataPoint { AsInt = 1, TimeUnixNano = 650 } } } };

        var counts = await CountedAsync(string.Empty, Request(Metrics(Resource(Kv("service.name", "svc")), gauge, histogram, summary, exponential, sum)));

        var metrics = MetricOf(counts, 0, "metric.count").Sum.DataPoints.Single();
        Assert.Equal(5, metrics.AsInt);
        Assert.Equal(NowNanos, metrics.StartTimeUnixNano);
        Assert.Equal(NowNanos, metrics.TimeUnixNano);
        Assert.Equal("The number of metrics observed.", MetricOf(counts, 0, "metric.count").Description);
        var points = MetricOf(counts, 0, "metric.datapoint.count");
        Assert.Equal("The number of data points observed.", points.Description);
        Assert.Equal(6, points.Sum.DataPoints.Single().AsInt);
        Assert.Equal(400UL, points.Sum.DataPoints.Single().StartTimeUnixNano);
        Assert.Equal(700UL, points.Sum.DataPoints.Single().TimeUnixNano);
    }

    [Fact]
    public async Task Default_logs_count_is_log_records_timed_by_the_records_or_now_when_they_have_no_time()
    {
        var timed = Log("a", SeverityNumber.Info, "INFO");
        timed.TimeUnixNano = 900;
        timed.ObservedTimeUnixNano = 5000;
        var untimed = Log("b", SeverityNumber.Info, "INFO");

        var counts = await CountedAsync(string.Empty, Request(Logs(Resource(Kv("k", "1")), timed, Log("c", SeverityNumber.Warn, "WARN"))));
        var point = MetricOf(counts, 0, "log.record.count").Sum.DataPoints.Single();
        Assert.Equal(2, point.AsInt);
        Assert.Equal(900UL, point.StartTimeUnixNano);
        Assert.Equal(900UL, point.TimeUnixNano);
        Assert.Equal("The number of log records observed.", MetricOf(counts, 0, "log.record.count").Description);

        var now = MetricOf(await CountedAsync(string.Empty, Request(Logs(null, untimed))), 0, "log.record.count").Sum.DataPoints.Single();
        Assert.Equal(NowNanos, now.StartTimeUnixNano);
        Assert.Equal(NowNanos, now.TimeUnixNano);
    }

    [Fact]
    public async Task A_written_section_replaces_its_default_and_leaves_the_others()
    {
        var span = Span("a", []);
        span.Events.Add(Event("e", 1));
        var counts = await CountedAsync("spans: {my.spans: {description: mine}}", Request(Traces(span)));

        var names = counts.ResourceMetrics.Single().ScopeMetrics.Single().Metrics.Select(m => m.Name);
        Assert.Equal(["my.spans", "trace.span.event.count"], names);
        Assert.Equal("mine", MetricOf(counts, 0, "my.spans").Description);
    }

    [Fact]
    public async Task Empty_sections_count_nothing_and_nothing_is_sent()
    {
        var (connector, metrics) = Build("spans: {}\nspanevents:", Signal.Traces);

        var result = await connector.ConsumeAsync(Request(Traces(Span("a", []))), CancellationToken.None);

        Assert.Equal(ConsumeResult.Success, result);
        Assert.Empty(metrics.Received);
    }

    [Fact]
    public async Task Conditions_are_ORed_in_their_context()
    {
        const string yaml = """
            spans:
              prod.spans:
                conditions:
                  - 'attributes["env"] == "prod"'
                  - 'name == "special"'
            spanevents:
              error.events:
                conditions: ['name == "error" and span.name == "a"']
            """;
        var a = Span("a", [Kv("env", "prod")]);
        a.Events.Add(Event("error", 1));
        a.Events.Add(Event("info", 2));
        var b = Span("special", [Kv("env", "dev")]);
        b.Events.Add(Event("error", 3));
        var c = Span("c", [Kv("env", "dev")]);

        var counts = await CountedAsync(yaml, Request(Traces(a, b, c)));

        Assert.Equal(2, MetricOf(counts, 0, "prod.spans").Sum.DataPoints.Single().AsInt);
        Assert.Equal(1, MetricOf(counts, 0, "error.events").Sum.DataPoints.Single().AsInt);
    }

    [Fact]
    public async Task Metric_and_data_point_and_log_conditions_use_their_contexts()
    {
        const string yaml = """
            metrics:
              gauges: {conditions: ['name == "g"']}
            datapoints:
              big: {conditions: ['value_double > 1.5']}
            """;
        var gauge = new Metric { Name = "g", Gauge = new Gauge { DataPoints = { new NumberDataPoint { AsDouble = 1 }, new NumberDataPoint { AsDouble = 2 } } } };
        var other = new Metric { Name = "o", Gauge = new Gauge { DataPoints = { new NumberDataPoint { AsDouble = 3 } } } };
        var counts = await CountedAsync(yaml, Request(Metrics(null, gauge, other)));
        Assert.Equal(1, MetricOf(counts, 0, "gauges").Sum.DataPoints.Single().AsInt);
        Assert.Equal(2, MetricOf(counts, 0, "big").Sum.DataPoints.Single().AsInt);

        var logs = await CountedAsync("logs: {errors: {conditions: ['severity_number >= SEVERITY_NUMBER_ERROR']}}", Request(Logs(null,
            Log("a", SeverityNumber.Error, "ERROR"), Log("b", SeverityNumber.Info, "INFO"), Log("c", SeverityNumber.Fatal, "FATAL"))));
        Assert.Equal(2, MetricOf(logs, 0, "errors").Sum.DataPoints.Single().AsInt);
    }

    [Fact]
    public async Task Attributes_give_one_point_per_distinct_set_and_items_without_them_are_not_counted()
    {
        const string yaml = """
            logs:
              by.env:
                attributes: [{key: env}, {key: region, default_value: unknown}]
            """;
        var counts = await CountedAsync(yaml, Request(Logs(null,
            Log("1", SeverityNumber.Info, "I", Kv("env", "prod"), Kv("region", "eu")),
            Log("2", SeverityNumber.Info, "I", Kv("env", "prod"), Kv("region", "eu")),
            Log("3", SeverityNumber.Info, "I", Kv("env", "prod")),
            Log("4", SeverityNumber.Info, "I", Kv("env", "dev"), Kv("region", "us")),
            Log("5", SeverityNumber.Info, "I", Kv("region", "us")))));

        var points = Points(MetricOf(counts, 0, "by.env"));
        Assert.Equal(new Dictionary<string, long>
        {
            ["env=prod,region=eu"] = 2,
            ["env=prod,region=unknown"] = 1,
            ["env=dev,region=us"] = 1,
        }, points);
    }

    [Fact]
    public async Task Attributes_are_read_from_the_item_then_its_scope_then_its_resource_keeping_numbers_typed()
    {
        const string yaml = """
            spans:
              by.attrs:
                attributes: [{key: tier}, {key: code}, {key: flag}, {key: limit, default_value: 5}, {key: ratio, default_value: 0.5}]
            """;
        var scope = new InstrumentationScope { Name = "lib", Attributes = { Kv("tier", "scope-tier") } };
        var model = Traces(Resource(Kv("tier", "resource-tier"), Kv("code", 7L)), scope, Span("a", [Kv("flag", true)]));

        var points = Points(MetricOf(await CountedAsync(yaml, Request(model)), 0, "by.attrs"));

        Assert.Equal("tier=scope-tier,code=i:7,flag=true,limit=i:5,ratio=d:0.5", Assert.Single(points).Key);
    }

    [Fact]
    public async Task Counts_carry_the_request_metadata()
    {
        var (connector, metrics) = Build(string.Empty, Signal.Logs);
        var request = TelemetryRequest<ExportLogsServiceRequest>.FromModel(LogsKind.Instance, Logs(null, Log("a", SeverityNumber.Info, "I")), Metadata(("x-tenant", ["acme"])));

        Assert.True((await connector.ConsumeAsync(request, CancellationToken.None)).IsAccepted);

        Assert.Equal(["acme"], metrics.Received.Single().Metadata.Get("X-Tenant"));
    }

    [Fact]
    public async Task When_the_metrics_pipeline_refuses_the_caller_is_refused_so_it_retries()
    {
        var refusing = new RecordingConsumer();
        refusing.RefuseAll("queue is full");
        var (connector, _) = Build(string.Empty, Signal.Traces, refusing);

        var result = await connector.ConsumeAsync(Request(Traces(Span("a", []))), CancellationToken.None);

        Assert.Equal(ConsumeOutcome.Refused, result.Outcome);
        Assert.Equal("queue is full", result.Message);
    }

    [Fact]
    public async Task A_partial_success_of_the_counts_is_a_warning_not_rejected_items_of_the_caller()
    {
        var partial = new RecordingConsumer { Answer = _ => ConsumeResult.Partial(1, "bad point") };
        var (connector, _) = Build(string.Empty, Signal.Traces, partial);

        var result = await connector.ConsumeAsync(Request(Traces(Span("a", []), Span("b", []))), CancellationToken.None);

        Assert.True(result.IsAccepted);
        Assert.Equal(0, result.RejectedItems);
        Assert.Contains("1 count data points were rejected downstream: bad point", result.Message);
    }

    [Fact]
    public async Task A_condition_failing_on_an_item_fails_the_request_and_sends_nothing()
    {
        var (connector, metrics) = Build("spans: {long: {conditions: ['Len(attributes[\"n\"]) > 1']}}", Signal.Traces);

        var result = await connector.ConsumeAsync(Request(Traces(Span("a", [Kv("n", 5L)]))), CancellationToken.None);

        Assert.Equal(ConsumeOutcome.Failed, result.Outcome);
        Assert.Contains("Len", result.Message);
        Assert.Empty(metrics.Received);
    }

    [Fact]
    public async Task The_received_request_is_not_changed_and_the_counts_share_nothing_with_it()
    {
        var model = Traces(Resource(Kv("service.name", "svc")), null, Span("a", [Kv("env", "prod")]));
        var request = Request(model);
        var before = request.Bytes.ToArray();
        var (connector, metrics) = Build("spans: {by.env: {attributes: [{key: env}]}}", Signal.Traces);

        Assert.False(connector.MutatesData);
        Assert.True((await connector.ConsumeAsync(request, CancellationToken.None)).IsAccepted);
        var counts = (ExportMetricsServiceRequest)metrics.Received.Single().Model;
        counts.ResourceMetrics[0].Resource.Attributes[0].Value.StringValue = "changed";
        counts.ResourceMetrics[0].ScopeMetrics[0].Metrics[0].Sum.DataPoints[0].Attributes[0].Value.StringValue = "changed";

        var decoded = (ExportTraceServiceRequest)request.Model;
        Assert.Equal("svc", decoded.ResourceSpans[0].Resource.Attributes[0].Value.StringValue);
        Assert.Equal("prod", decoded.ResourceSpans[0].ScopeSpans[0].Spans[0].Attributes[0].Value.StringValue);
        Assert.Equal(before, request.Bytes.ToArray());
    }
}
