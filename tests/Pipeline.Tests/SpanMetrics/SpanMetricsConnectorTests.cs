using MiniCollector.Connectors.SpanMetrics;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Otlp.Trace;
using static MiniCollector.Pipeline.Tests.SpanMetrics.SpanMetricsHarness;
using static MiniCollector.Pipeline.Tests.SpanMetrics.Traces;
using Kind = MiniCollector.Otlp.Trace.Span.Types.SpanKind;
using StatusCode = MiniCollector.Otlp.Trace.Status.Types.StatusCode;

namespace MiniCollector.Pipeline.Tests.SpanMetrics;

/// <summary>
/// The spanmetrics connector built through its factory, feeding a recording consumer, on a fake clock: the calls and
/// duration metrics and their attributes, buckets, dimensions, temporality, exemplars, overflow, flushing.
/// </summary>
public sealed class SpanMetricsConnectorTests
{
    private const string Calls = "traces.span.metrics.calls";
    private const string Duration = "traces.span.metrics.duration";

    private static NumberDataPoint CallsPoint(Metric calls, string spanName, string kind = "SPAN_KIND_SERVER", string status = "STATUS_CODE_UNSET")
        => Assert.Single(calls.Sum.DataPoints, p => Matches(Texts(p.Attributes), spanName, kind, status));

    private static HistogramDataPoint DurationPoint(Metric duration, string spanName, string kind = "SPAN_KIND_SERVER", string status = "STATUS_CODE_UNSET")
        => Assert.Single(duration.Histogram.DataPoints, p => Matches(Texts(p.Attributes), spanName, kind, status));

    private static bool Matches(Dictionary<string, string> attributes, string spanName, string kind, string status)
        => attributes.GetValueOrDefault("span.name") == spanName && attributes.GetValueOrDefault("span.kind") == kind && attributes.GetValueOrDefault("status.code") == status;

    [Fact]
    public async Task Spans_become_calls_and_duration_series_with_the_reference_names_and_attributes()
    {
        await using var h = await StartAsync();
        await h.SendAsync(Request("checkout", [Span("GET /cart", 5, id: 1), Span("GET /cart", 30, id: 2), Span("GET /cart", 150, Kind.Client, StatusCode.Error, id: 3)]));

        var metrics = await h.FlushAsync();

        var resource = Assert.Single(metrics.ResourceMetrics);
        Assert.Equal("checkout", Texts(resource.Resource.Attributes)["service.name"]);
        var scope = Assert.Single(resource.ScopeMetrics);
        Assert.Equal("spanmetricsconnector", scope.Scope.Name);
        Assert.Equal([Calls, Duration], scope.Metrics.Select(m => m.Name));

        var calls = Metric(metrics, Calls);
        Assert.True(calls.Sum.IsMonotonic);
        Assert.Equal(AggregationTemporality.Cumulative, calls.Sum.AggregationTemporality);
        Assert.Equal(2, calls.Sum.DataPoints.Count);
        var server = CallsPoint(calls, "GET /cart");
        Assert.Equal(2, server.AsInt);
        Assert.Equal(
            new Dictionary<string, string> { ["service.name"] = "checkout", ["span.name"] = "GET /cart", ["span.kind"] = "SPAN_KIND_SERVER", ["status.code"] = "STATUS_CODE_UNSET" },
            Texts(server.Attributes));
        Assert.Equal(1, CallsPoint(calls, "GET /cart", "SPAN_KIND_CLIENT", "STATUS_CODE_ERROR").AsInt);

        var duration = Metric(metrics, Duration);
        Assert.Equal("ms", duration.Unit);
        Assert.Equal(AggregationTemporality.Cumulative, duration.Histogram.AggregationTemporality);
        var histogram = DurationPoint(duration, "GET /cart");
        Assert.Equal(HistogramOptions.DefaultBucketsMs, histogram.ExplicitBounds);
        Assert.Equal(2UL, histogram.Count);
        Assert.Equal(35, histogram.Sum, 9);
        // 5 ms falls under the 6 ms bound (index 2), 30 ms under the 50 ms bound (index 5).
        Assert.Equal([0UL, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], histogram.BucketCounts);
        var error = DurationPoint(duration, "GET /cart", "SPAN_KIND_CLIENT", "STATUS_CODE_ERROR");
        Assert.Equal(1UL, error.BucketCounts[7]);
        Assert.Equal(4, h.Sink.Received[0].ItemCount);
    }

    [Fact]
    public async Task A_duration_on_a_bound_counts_in_that_bound_s_bucket_and_beyond_the_last_in_the_overflow_bucket()
    {
        await using var h = await StartAsync();
        await h.SendAsync(Request("svc", [Span("op", 10, id: 1), Span("op", 20_000, id: 2), Span("op", 0, id: 3)]));

        var point = DurationPoint(Metric(await h.FlushAsync(), Duration), "op");

        Assert.Equal(1UL, point.BucketCounts[0]);
        Assert.Equal(1UL, point.BucketCounts[4]);
        Assert.Equal(1UL, point.BucketCounts[16]);
    }

    [Fact]
    public async Task Dimensions_come_from_the_span_then_the_resource_then_the_default_and_are_left_out_without_one()
    {
        await using var h = await StartAsync("""
            dimensions:
              - name: http.method
                default: GET
              - name: region
              - name: http.status_code
              - name: absent
            """);
        await h.SendAsync(Request("svc", [Span("a", 1, id: 1, attributes: [Kv("http.method", "POST"), Kv("http.status_code", 201)]), Span("b", 1, id: 2)], resource: [Kv("region", "eu-west")]));

        var calls = Metric(await h.FlushAsync(), Calls);

        var a = Texts(CallsPoint(calls, "a").Attributes);
        Assert.Equal("POST", a["http.method"]);
        Assert.Equal("eu-west", a["region"]);
        Assert.Equal("201", a["http.status_code"]);
        Assert.Equal(MiniCollector.Otlp.Common.AnyValue.ValueOneofCase.IntValue, CallsPoint(calls, "a").Attributes.Single(kv => kv.Key == "http.status_code").Value.ValueCase);
        Assert.False(a.ContainsKey("absent"));
        var b = Texts(CallsPoint(calls, "b").Attributes);
        Assert.Equal("GET", b["http.method"]);
        Assert.False(b.ContainsKey("http.status_code"));
    }

    [Fact]
    public async Task A_dimension_value_splits_series_and_a_default_joins_the_spans_that_carry_that_value()
    {
        await using var h = await StartAsync("dimensions: [{name: http.method, default: GET}]\n");
        await h.SendAsync(Request("svc", [Span("op", 1, id: 1, attributes: [Kv("http.method", "GET")]), Span("op", 1, id: 2), Span("op", 1, id: 3, attributes: [Kv("http.method", "PUT")])]));

        var calls = Metric(await h.FlushAsync(), Calls);

        Assert.Equal(2, calls.Sum.DataPoints.Count);
        Assert.Equal(2, calls.Sum.DataPoints.Single(p => Texts(p.Attributes)["http.method"] == "GET").AsInt);
    }

    [Fact]
    public async Task Calls_and_histogram_dimensions_go_on_their_own_metric_only()
    {
        await using var h = await StartAsync("calls_dimensions: [{name: peer}]\nhistogram: {dimensions: [{name: route}]}\n");
        await h.SendAsync(Request("svc", [Span("op", 1, id: 1, attributes: [Kv("peer", "db"), Kv("route", "/x")])]));

        var metrics = await h.FlushAsync();

        var calls = Texts(Assert.Single(Metric(metrics, Calls).Sum.DataPoints).Attributes);
        var duration = Texts(Assert.Single(Metric(metrics, Duration).Histogram.DataPoints).Attributes);
        Assert.Equal("db", calls["peer"]);
        Assert.False(calls.ContainsKey("route"));
        Assert.Equal("/x", duration["route"]);
        Assert.False(duration.ContainsKey("peer"));
    }

    [Fact]
    public async Task Excluded_common_dimensions_are_neither_attributes_nor_part_of_the_series()
    {
        await using var h = await StartAsync("exclude_dimensions: [status.code]\n");
        await h.SendAsync(Request("svc", [Span("op", 1, status: StatusCode.Ok, id: 1), Span("op", 1, status: StatusCode.Error, id: 2)]));

        var point = Assert.Single(Metric(await h.FlushAsync(), Calls).Sum.DataPoints);

        Assert.Equal(2, point.AsInt);
        Assert.False(Texts(point.Attributes).ContainsKey("status.code"));
    }

    [Fact]
    public async Task Cumulative_points_keep_each_series_start_and_add_up_across_flushes()
    {
        await using var h = await StartAsync();
        await h.SendAsync(Request("svc", [Span("op", 1, id: 1)]));
        ulong firstSpanTime = h.NowNanos;
        var first = CallsPoint(Metric(await h.FlushAsync(), Calls), "op");
        ulong firstFlush = h.NowNanos;
        await h.SendAsync(Request("svc", [Span("op", 1, id: 2), Span("op", 1, id: 3), Span("new", 1, id: 4)]));
        ulong newSeriesTime = h.NowNanos;

        var second = Metric(await h.FlushAsync(), Calls);

        Assert.Equal(1, first.AsInt);
        Assert.Equal(firstSpanTime, first.StartTimeUnixNano);
        Assert.Equal(firstFlush, first.TimeUnixNano);
        var op = CallsPoint(second, "op");
        Assert.Equal(3, op.AsInt);
        Assert.Equal(firstSpanTime, op.StartTimeUnixNano);
        Assert.Equal(h.NowNanos, op.TimeUnixNano);
        Assert.Equal(newSeriesTime, CallsPoint(second, "new").StartTimeUnixNano);
        Assert.Equal(3UL, DurationPoint(Metric(await h.FlushAsync(), Duration), "op").Count);
    }

    [Fact]
    public async Task Delta_points_hold_what_arrived_since_the_previous_flush_and_start_where_it_ended()
    {
        await using var h = await StartAsync("aggregation_temporality: AGGREGATION_TEMPORALITY_DELTA\n");
        await h.SendAsync(Request("svc", [Span("op", 1, id: 1), Span("op", 1, id: 2), Span("once", 1, id: 3)]));
        ulong spanTime = h.NowNanos;
        var first = await h.FlushAsync();
        ulong firstFlush = h.NowNanos;
        await h.SendAsync(Request("svc", [Span("op", 5, id: 4)]));

        var second = await h.FlushAsync();

        var calls = Metric(first, Calls);
        Assert.Equal(AggregationTemporality.Delta, calls.Sum.AggregationTemporality);
        Assert.Equal(AggregationTemporality.Delta, Metric(first, Duration).Histogram.AggregationTemporality);
        Assert.Equal(2, CallsPoint(calls, "op").AsInt);
        Assert.Equal(spanTime, CallsPoint(calls, "op").StartTimeUnixNano);
        var op = Assert.Single(Metric(second, Calls).Sum.DataPoints);
        Assert.Equal(1, op.AsInt);
        Assert.Equal(firstFlush, op.StartTimeUnixNano);
        Assert.Equal(h.NowNanos, op.TimeUnixNano);
        var histogram = DurationPoint(Metric(second, Duration), "op");
        Assert.Equal(1UL, histogram.Count);
        Assert.Equal(firstFlush, histogram.StartTimeUnixNano);

        // Nothing arrived: nothing to send.
        int sent = h.Sink.Received.Count;
        h.Time.Advance(h.Options.MetricsFlushInterval);
        Assert.Equal(sent, h.Sink.Received.Count);
    }

    [Fact]
    public async Task Exemplars_carry_the_trace_and_span_ids_up_to_the_limit_and_last_one_flush()
    {
        await using var h = await StartAsync("exemplars: {enabled: true, max_per_data_point: 2}\n");
        await h.SendAsync(Request("svc", [Span("op", 3, id: 1), Span("op", 7, id: 2), Span("op", 9, id: 3)]));

        var metrics = await h.FlushAsync();

        var histogram = DurationPoint(Metric(metrics, Duration), "op");
        Assert.Equal(2, histogram.Exemplars.Count);
        Assert.Equal(Id(16, 1), histogram.Exemplars[0].TraceId);
        Assert.Equal(Id(8, 1), histogram.Exemplars[0].SpanId);
        Assert.Equal(3, histogram.Exemplars[0].AsDouble, 9);
        Assert.Equal(Id(8, 2), histogram.Exemplars[1].SpanId);
        Assert.Equal(h.NowNanos, histogram.Exemplars[0].TimeUnixNano);
        Assert.Equal(2, CallsPoint(Metric(metrics, Calls), "op").Exemplars.Count);

        await h.SendAsync(Request("svc", [Span("op", 4, id: 9)]));
        var next = DurationPoint(Metric(await h.FlushAsync(), Duration), "op");
        Assert.Equal(Id(8, 9), Assert.Single(next.Exemplars).SpanId);
    }

    [Fact]
    public async Task Without_exemplars_enabled_no_point_carries_any()
    {
        await using var h = await StartAsync();
        await h.SendAsync(Request("svc", [Span("op", 3)]));

        var metrics = await h.FlushAsync();

        Assert.Empty(DurationPoint(Metric(metrics, Duration), "op").Exemplars);
        Assert.Empty(CallsPoint(Metric(metrics, Calls), "op").Exemplars);
    }

    [Fact]
    public async Task Past_the_cardinality_limit_new_series_go_to_one_overflow_series()
    {
        await using var h = await StartAsync("aggregation_cardinality_limit: 2\n");
        await h.SendAsync(Request("svc", [Span("a", 1, id: 1), Span("b", 1, id: 2), Span("c", 1, id: 3), Span("d", 1, id: 4), Span("a", 1, id: 5)]));

        var metrics = await h.FlushAsync();

        var calls = Metric(metrics, Calls);
        Assert.Equal(3, calls.Sum.DataPoints.Count);
        Assert.Equal(2, CallsPoint(calls, "a").AsInt);
        Assert.Equal(1, CallsPoint(calls, "b").AsInt);
        var overflow = calls.Sum.DataPoints.Single(p => p.Attributes.Any(a => a.Key == "otel.metric.overflow"));
        Assert.Equal(2, overflow.AsInt);
        Assert.Equal(new Dictionary<string, string> { ["service.name"] = "svc", ["otel.metric.overflow"] = "true" }, Texts(overflow.Attributes));
        var duration = Metric(metrics, Duration);
        Assert.Equal(2UL, duration.Histogram.DataPoints.Single(p => p.Attributes.Any(a => a.Key == "otel.metric.overflow")).Count);
        var snapshot = MeterSnapshot.Take(h.Meter.Owns);
        Assert.Equal(2, snapshot.Value("minicollector_connector_spanmetrics_overflow_spans", "connector=spanmetrics"));
    }

    [Fact]
    public async Task Nothing_is_sent_before_the_flush_interval_nor_when_no_spans_arrived()
    {
        await using var h = await StartAsync("metrics_flush_interval: 15s\n");
        h.Time.Advance(TimeSpan.FromSeconds(15));
        Assert.Empty(h.Sink.Received);

        await h.SendAsync(Request("svc", [Span("op", 1)]));
        h.Time.Advance(TimeSpan.FromSeconds(14));
        Assert.Empty(h.Sink.Received);

        h.Time.Advance(TimeSpan.FromSeconds(1));
        await h.Sink.WaitUntilAsync(r => r.Count == 1);
        h.Time.Advance(TimeSpan.FromSeconds(15));
        await h.Sink.WaitUntilAsync(r => r.Count == 2);
    }

    [Theory]
    [InlineData("namespace: span.metrics\n", "span.metrics.calls", "span.metrics.duration")]
    [InlineData("namespace: \"\"\n", "calls", "duration")]
    public async Task The_namespace_prefixes_the_metric_names(string yaml, string calls, string duration)
    {
        await using var h = await StartAsync(yaml);
        await h.SendAsync(Request("svc", [Span("op", 1)]));

        var metrics = await h.FlushAsync();

        Assert.Equal([calls, duration], metrics.ResourceMetrics[0].ScopeMetrics[0].Metrics.Select(m => m.Name));
    }

    [Fact]
    public async Task Unit_s_records_seconds_against_the_default_buckets_in_seconds()
    {
        await using var h = await StartAsync("histogram: {unit: s}\n");
        await h.SendAsync(Request("svc", [Span("op", 300)]));

        var duration = Metric(await h.FlushAsync(), Duration);

        Assert.Equal("s", duration.Unit);
        var point = DurationPoint(duration, "op");
        Assert.Equal(HistogramOptions.DefaultBucketsMs.Select(b => b / 1000), point.ExplicitBounds);
        Assert.Equal(0.3, point.Sum, 9);
        Assert.Equal(1UL, point.BucketCounts[8]);
    }

    [Fact]
    public async Task Explicit_buckets_are_durations_converted_to_the_unit()
    {
        await using var h = await StartAsync("histogram: {explicit: {buckets: [100us, 1ms, 2s]}}\n");
        await h.SendAsync(Request("svc", [Span("op", 0.5)]));

        var point = DurationPoint(Metric(await h.FlushAsync(), Duration), "op");

        Assert.Equal([0.1, 1, 2000], point.ExplicitBounds);
        Assert.Equal([0UL, 1, 0, 0], point.BucketCounts);
    }

    [Fact]
    public async Task Disabled_histogram_sends_calls_only()
    {
        await using var h = await StartAsync("histogram: {disable: true}\n");
        await h.SendAsync(Request("svc", [Span("op", 1)]));

        var metrics = await h.FlushAsync();

        Assert.Equal([Calls], metrics.ResourceMetrics[0].ScopeMetrics[0].Metrics.Select(m => m.Name));
    }

    [Fact]
    public async Task Exponential_histograms_count_every_duration_within_max_size_buckets()
    {
        await using var h = await StartAsync("histogram: {exponential: {max_size: 10}}\n");
        double[] durations = [0, 0.5, 1, 3, 10, 100, 2000, 2000];
        await h.SendAsync(Request("svc", durations.Select((d, i) => Span("op", d, id: i))));

        var metric = Metric(await h.FlushAsync(), Duration);

        var point = Assert.Single(metric.ExponentialHistogram.DataPoints);
        Assert.Equal(AggregationTemporality.Cumulative, metric.ExponentialHistogram.AggregationTemporality);
        Assert.Equal((ulong)durations.Length, point.Count);
        Assert.Equal(1UL, point.ZeroCount);
        Assert.Equal(durations.Sum(), point.Sum, 6);
        Assert.Equal(0, point.Min, 9);
        Assert.Equal(2000, point.Max, 9);
        Assert.True(point.Positive.BucketCounts.Count <= 10);
        Assert.Equal(durations.Length - 1, (int)point.Positive.BucketCounts.Sum(c => (long)c));
        // Each duration lies in its bucket: (base^i, base^(i+1)] with base 2^(2^-scale).
        double @base = Math.Pow(2, Math.Pow(2, -point.Scale));
        foreach (double d in durations.Where(d => d > 0))
        {
            long index = ExponentialIndex(d, point.Scale);
            Assert.InRange(index, point.Positive.Offset, point.Positive.Offset + point.Positive.BucketCounts.Count - 1);
            Assert.True(Math.Pow(@base, index) < d * (1 + 1e-9) && d <= Math.Pow(@base, index + 1) * (1 + 1e-9), $"{d} in bucket {index} at scale {point.Scale}");
        }
    }

    private static long ExponentialIndex(double value, int scale) => (long)Math.Ceiling(Math.Log2(value) * Math.Pow(2, scale) - 1e-9) - 1;

    [Fact]
    public async Task Resources_are_told_apart_by_the_key_attributes_when_given()
    {
        await using var h = await StartAsync("resource_metrics_key_attributes: [service.name]\n");
        await h.SendAsync(Request("svc", [Span("op", 1, id: 1)], resource: [Kv("process.pid", 1)]));
        await h.SendAsync(Request("svc", [Span("op", 1, id: 2)], resource: [Kv("process.pid", 2)]));

        var metrics = await h.FlushAsync();

        var resource = Assert.Single(metrics.ResourceMetrics);
        Assert.Equal("1", Texts(resource.Resource.Attributes)["process.pid"]);
        Assert.Equal(2, CallsPoint(Metric(metrics, Calls), "op").AsInt);
    }

    [Fact]
    public async Task Each_resource_has_its_own_series_and_spans_without_service_name_are_not_counted()
    {
        await using var h = await StartAsync();
        var traces = Request("a", [Span("op", 1, id: 1)], resource: [Kv("process.pid", 1)]);
        traces.ResourceSpans.Add(Resource("a", [Span("op", 1, id: 2)], resource: [Kv("process.pid", 2)]));
        traces.ResourceSpans.Add(Resource(null, [Span("op", 1, id: 3)]));
        await h.SendAsync(traces);

        var metrics = await h.FlushAsync();

        Assert.Equal(2, metrics.ResourceMetrics.Count);
        Assert.All(metrics.ResourceMetrics, r => Assert.Equal(1, r.ScopeMetrics[0].Metrics[0].Sum.DataPoints.Single().AsInt));
    }

    [Fact]
    public async Task The_order_of_resource_attributes_does_not_make_another_resource()
    {
        await using var h = await StartAsync();
        await h.SendAsync(Request("svc", [Span("op", 1, id: 1)], resource: [Kv("a", "1"), Kv("b", "2")]));
        var reversed = Request("svc", [Span("op", 1, id: 2)]);
        reversed.ResourceSpans[0].Resource.Attributes.Clear();
        reversed.ResourceSpans[0].Resource.Attributes.Add([Kv("b", "2"), Kv("a", "1"), Kv("service.name", "svc")]);
        await h.SendAsync(reversed);

        var metrics = await h.FlushAsync();

        Assert.Single(metrics.ResourceMetrics);
    }

    [Fact]
    public async Task Events_are_counted_by_their_attributes_when_enabled()
    {
        await using var h = await StartAsync("events: {enabled: true, dimensions: [{name: exception.type}]}\n");
        var span = Span("op", 1);
        span.Events.Add(new Span.Types.Event { Name = "exception", Attributes = { Kv("exception.type", "TimeoutException") } });
        span.Events.Add(new Span.Types.Event { Name = "exception", Attributes = { Kv("exception.type", "TimeoutException") } });
        span.Events.Add(new Span.Types.Event { Name = "exception", Attributes = { Kv("exception.type", "IOException") } });
        await h.SendAsync(Request("svc", [span]));

        var events = Metric(await h.FlushAsync(), "traces.span.metrics.events");

        Assert.True(events.Sum.IsMonotonic);
        Assert.Equal(2, events.Sum.DataPoints.Single(p => Texts(p.Attributes)["exception.type"] == "TimeoutException").AsInt);
        Assert.Equal(1, events.Sum.DataPoints.Single(p => Texts(p.Attributes)["exception.type"] == "IOException").AsInt);
    }

    [Fact]
    public async Task Included_instrumentation_scopes_add_their_name_and_version()
    {
        await using var h = await StartAsync("include_instrumentation_scope: [lib.a]\n");
        var traces = Request("svc", [Span("op", 1, id: 1)], scope: "lib.a");
        traces.ResourceSpans[0].ScopeSpans.Add(Resource("svc", [Span("op", 1, id: 2)], scope: "lib.b").ScopeSpans[0]);
        await h.SendAsync(traces);

        var calls = Metric(await h.FlushAsync(), Calls);

        Assert.Equal(2, calls.Sum.DataPoints.Count);
        var withScope = Texts(calls.Sum.DataPoints.Single(p => p.Attributes.Any(a => a.Key == "span.instrumentation.scope.name")).Attributes);
        Assert.Equal("lib.a", withScope["span.instrumentation.scope.name"]);
        Assert.Equal("1.2.3", withScope["span.instrumentation.scope.version"]);
    }

    [Fact]
    public async Task Series_expire_when_no_span_fed_them_for_series_expiration_and_so_do_resources_left_empty()
    {
        await using var h = await StartAsync("metrics_flush_interval: 10s\nseries_expiration: 25s\n");
        await h.SendAsync(Request("old", [Span("op", 1, id: 1)]));
        await h.SendAsync(Request("svc", [Span("gone", 1, id: 1), Span("kept", 1, id: 2)]));
        await h.FlushAsync();
        await h.FlushAsync();
        await h.SendAsync(Request("svc", [Span("kept", 1, id: 3)]));

        // 30 s: "gone" and "old" were last fed 30 s ago; this flush still sends them, the next does not.
        var third = await h.FlushAsync();
        var fourth = await h.FlushAsync();

        Assert.Equal(2, third.ResourceMetrics.Count);
        var resource = Assert.Single(fourth.ResourceMetrics);
        Assert.Equal("svc", Texts(resource.Resource.Attributes)["service.name"]);
        Assert.Equal(2, Assert.Single(Metric(fourth, Calls).Sum.DataPoints).AsInt);
    }

    [Fact]
    public async Task A_resource_expires_when_none_of_its_spans_arrived_for_metrics_expiration()
    {
        await using var h = await StartAsync("metrics_flush_interval: 10s\nmetrics_expiration: 25s\n");
        await h.SendAsync(Request("old", [Span("op", 1, id: 1)]));
        await h.SendAsync(Request("svc", [Span("op", 1, id: 2)]));
        await h.FlushAsync();
        await h.FlushAsync();
        await h.SendAsync(Request("svc", [Span("op", 1, id: 3)]));

        var third = await h.FlushAsync();
        var fourth = await h.FlushAsync();

        Assert.Equal(2, third.ResourceMetrics.Count);
        var resource = Assert.Single(fourth.ResourceMetrics);
        Assert.Equal("svc", Texts(resource.Resource.Attributes)["service.name"]);
    }

    [Fact]
    public async Task A_flush_the_metrics_pipeline_does_not_take_is_counted_and_cumulative_totals_come_again()
    {
        await using var h = await StartAsync();
        h.Sink.FailAll();
        await h.SendAsync(Request("svc", [Span("op", 1)]));

        await h.FlushAsync();
        var snapshot = MeterSnapshot.Take(h.Meter.Owns);
        Assert.Equal(2, snapshot.Value("minicollector_connector_spanmetrics_failed_data_points", "connector=spanmetrics"));
        Assert.Equal(1, snapshot.Value("minicollector_connector_spanmetrics_failed_flushes", "connector=spanmetrics"));
        Assert.Equal(0, snapshot.Value("minicollector_connector_spanmetrics_sent_data_points", "connector=spanmetrics"));

        h.Sink.Answer = _ => MiniCollector.Pipeline.Consumers.ConsumeResult.Success;
        var again = await h.FlushAsync();
        Assert.Equal(1, CallsPoint(Metric(again, Calls), "op").AsInt);
        Assert.Equal(2, MeterSnapshot.Take(h.Meter.Owns).Value("minicollector_connector_spanmetrics_sent_data_points", "connector=spanmetrics"));
    }

    [Fact]
    public async Task Shutdown_sends_what_is_held()
    {
        var h = await StartAsync();
        await h.SendAsync(Request("svc", [Span("op", 1)]));

        await h.DisposeAsync();

        var sent = (MiniCollector.Otlp.Collector.Metrics.ExportMetricsServiceRequest)Assert.Single(h.Sink.Received).Model;
        Assert.Equal(1, CallsPoint(Metric(sent, Calls), "op").AsInt);
    }

    [Fact]
    public async Task The_request_given_to_the_connector_is_not_changed_and_flushes_share_nothing_with_it()
    {
        await using var h = await StartAsync("dimensions: [{name: tag}]\n");
        var traces = Request("svc", [Span("op", 1, attributes: [Kv("tag", "x")])]);
        var request = MiniCollector.Pipeline.Payload.TelemetryRequest<MiniCollector.Otlp.Collector.Trace.ExportTraceServiceRequest>.FromModel(MiniCollector.Pipeline.Payload.TracesKind.Instance, traces);
        var before = traces.Clone();
        await h.Connector.ConsumeAsync(request, CancellationToken.None);

        var first = await h.FlushAsync();
        CallsPoint(Metric(first, Calls), "op").Attributes.Single(a => a.Key == "tag").Value.StringValue = "changed";
        first.ResourceMetrics[0].Resource.Attributes.Clear();
        var second = await h.FlushAsync();

        Assert.Equal(before, traces);
        Assert.False(h.Connector.MutatesData);
        Assert.Equal("x", Texts(CallsPoint(Metric(second, Calls), "op").Attributes)["tag"]);
        Assert.Equal("svc", Texts(second.ResourceMetrics[0].Resource.Attributes)["service.name"]);
    }
}
