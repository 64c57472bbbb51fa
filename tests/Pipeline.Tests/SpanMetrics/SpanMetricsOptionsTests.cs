using MiniCollector.Connectors.SpanMetrics;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;
using MiniCollector.Pipeline.Signals;
using MiniCollector.Pipeline.Tests.TestSupport;

namespace MiniCollector.Pipeline.Tests.SpanMetrics;

/// <summary>Binding and validating <c>connectors::spanmetrics</c>: the reference's keys and defaults, and every error at once.</summary>
public sealed class SpanMetricsOptionsTests
{
    private static (SpanMetricsOptions Options, IReadOnlyList<ConfigError> Errors) Bind(string yaml)
    {
        return ConfigHelper.Bind<SpanMetricsOptions>(new SpanMetricsConnectorFactory(), yaml, "connectors::spanmetrics");
    }

    [Fact]
    public void The_factory_is_a_traces_to_metrics_connector()
    {
        var factory = new SpanMetricsConnectorFactory();

        Assert.Equal("spanmetrics", factory.Type);
        Assert.Equal(ComponentKind.Connector, factory.Kind);
        Assert.Equal([new SignalPair(Signal.Traces, Signal.Metrics)], factory.Pairs);
        Assert.Equal([Signal.Traces], factory.Signals);
    }

    [Fact]
    public void An_empty_section_gives_the_reference_defaults()
    {
        var errors = new ConfigErrors();
        var options = SpanMetricsOptions.Bind(new ConfigSection(null, "connectors::spanmetrics", errors));

        Assert.True(errors.IsEmpty);
        Assert.Equal("traces.span.metrics", options.Namespace);
        Assert.Equal(TimeSpan.FromSeconds(60), options.MetricsFlushInterval);
        Assert.Equal(SpanMetricsTemporality.Cumulative, options.Temporality);
        Assert.Equal(TimeSpan.Zero, options.MetricsExpiration);
        Assert.Equal(TimeSpan.Zero, options.SeriesExpiration);
        Assert.False(options.Histogram.Disable);
        Assert.Equal(DurationUnit.Milliseconds, options.Histogram.Unit);
        Assert.Null(options.Histogram.ExponentialMaxSize);
        Assert.Equal([2d, 4, 6, 8, 10, 50, 100, 200, 400, 800, 1000, 1400, 2000, 5000, 10_000, 15_000], options.Histogram.Bounds());
        Assert.False(options.Exemplars.Enabled);
        Assert.Equal(5, options.Exemplars.MaxPerDataPoint);
        Assert.False(options.Events.Enabled);
        Assert.Equal(0, options.AggregationCardinalityLimit);
        Assert.Equal(1000, options.ResourceMetricsCacheSize);
        Assert.Equal(1000, options.MetricTimestampCacheSize);
        Assert.Empty(options.Dimensions);
        Assert.Empty(options.ExcludeDimensions);
        Assert.Empty(options.ResourceMetricsKeyAttributes);
    }

    [Fact]
    public void Every_key_is_bound()
    {
        var (options, errors) = Bind("""
            histogram:
              unit: s
              explicit:
                buckets: [100us, 1ms, 2ms, 6ms, 10ms, 100ms, 250ms]
              dimensions: [{name: route}]
            dimensions:
              - name: http.method
                default: GET
              - name: http.status_code
            calls_dimensions: [{name: peer}]
            exclude_dimensions: ['status.code']
            dimensions_cache_size: 1000
            resource_metrics_cache_size: 50
            resource_metrics_key_attributes: [service.name, telemetry.sdk.language]
            aggregation_temporality: "AGGREGATION_TEMPORALITY_DELTA"
            metrics_flush_interval: 15s
            metrics_expiration: 5m
            series_expiration: 1m
            metric_timestamp_cache_size: 200
            namespace: span.metrics
            exemplars: {enabled: true, max_per_data_point: 3}
            events:
              enabled: true
              dimensions:
                - name: exception.type
                - name: exception.message
            include_instrumentation_scope: [lib]
            aggregation_cardinality_limit: 1500
            add_resource_attributes: true
            """);

        Assert.Empty(errors);
        Assert.Equal(DurationUnit.Seconds, options.Histogram.Unit);
        Assert.Equal([0.0001, 0.001, 0.002, 0.006, 0.01, 0.1, 0.25], options.Histogram.Bounds());
        Assert.Equal([new SpanMetricsDimension("route")], options.Histogram.Dimensions);
        Assert.Equal([new SpanMetricsDimension("http.method", "GET"), new SpanMetricsDimension("http.status_code")], options.Dimensions);
        Assert.Equal([new SpanMetricsDimension("peer")], options.CallsDimensions);
        Assert.Equal(["status.code"], options.ExcludeDimensions);
        Assert.Equal(1000, options.DimensionsCacheSize);
        Assert.Equal(50, options.ResourceMetricsCacheSize);
        Assert.Equal(["service.name", "telemetry.sdk.language"], options.ResourceMetricsKeyAttributes);
        Assert.Equal(SpanMetricsTemporality.Delta, options.Temporality);
        Assert.Equal(TimeSpan.FromSeconds(15), options.MetricsFlushInterval);
        Assert.Equal(TimeSpan.FromMinutes(5), options.MetricsExpiration);
        Assert.Equal(TimeSpan.FromMinutes(1), options.SeriesExpiration);
        Assert.Equal(200, options.MetricTimestampCacheSize);
        Assert.Equal("span.metrics", options.Namespace);
        Assert.Equal(new ExemplarsOptions { Enabled = true, MaxPerDataPoint = 3 }, options.Exemplars);
        Assert.True(options.Events.Enabled);
        Assert.Equal(["exception.type", "exception.message"], options.Events.Dimensions.Select(d => d.Name));
        Assert.Equal(["lib"], options.IncludeInstrumentationScope);
        Assert.Equal(1500, options.AggregationCardinalityLimit);
        Assert.True(options.AddResourceAttributes);
    }

    [Theory]
    [InlineData("histogram: {exponential: {max_size: 40}}\n", 40)]
    [InlineData("histogram: {exponential: {}}\n", 160)]
    [InlineData("histogram: {exponential: {max_size: 1}}\n", 2)]
    public void An_exponential_section_chooses_exponential_buckets(string yaml, int maxSize)
    {
        var (options, errors) = Bind(yaml);

        Assert.Empty(errors);
        Assert.Equal(maxSize, options.Histogram.ExponentialMaxSize);
    }

    [Theory]
    [InlineData("colour: blue\n", "connectors::spanmetrics", "unknown key \"colour\"")]
    [InlineData("histogram: {buckets: [1ms]}\n", "connectors::spanmetrics::histogram", "unknown key \"buckets\"")]
    [InlineData("aggregation_temporality: CUMULATIVE\n", "connectors::spanmetrics::aggregation_temporality", "invalid value \"CUMULATIVE\"")]
    [InlineData("histogram: {unit: us}\n", "connectors::spanmetrics::histogram::unit", "invalid value \"us\" (valid values: ms, s)")]
    [InlineData("histogram: {explicit: {buckets: [1ms]}, exponential: {max_size: 10}}\n", "connectors::spanmetrics::histogram", "use either `explicit` or `exponential` buckets histogram")]
    [InlineData("histogram: {explicit: {buckets: [5ms, 1ms]}}\n", "connectors::spanmetrics::histogram::explicit::buckets", "buckets must be in increasing order")]
    [InlineData("histogram: {explicit: {buckets: [5]}}\n", "connectors::spanmetrics::histogram::explicit::buckets", "expected a duration")]
    [InlineData("dimensions: [{name: span.kind}]\n", "connectors::spanmetrics::dimensions", "failed validating dimensions: duplicate dimension name span.kind")]
    [InlineData("dimensions: [{name: a}, {name: a}]\n", "connectors::spanmetrics::dimensions", "duplicate dimension name a")]
    [InlineData("dimensions: [{default: x}]\n", "connectors::spanmetrics::dimensions[0]::name", "missing required field \"name\"")]
    [InlineData("dimensions: [{name: a, value: b}]\n", "connectors::spanmetrics::dimensions[0]", "unknown key \"value\"")]
    [InlineData("events: {enabled: true}\n", "connectors::spanmetrics::events::dimensions", "no dimensions configured for events")]
    [InlineData("aggregation_cardinality_limit: -1\n", "connectors::spanmetrics::aggregation_cardinality_limit", "must be at least 0")]
    [InlineData("metrics_flush_interval: 0s\n", "connectors::spanmetrics::metrics_flush_interval", "the duration should be positive")]
    [InlineData("metrics_expiration: -1s\n", "connectors::spanmetrics::metrics_expiration", "must not be negative")]
    [InlineData("aggregation_temporality: AGGREGATION_TEMPORALITY_DELTA\nmetric_timestamp_cache_size: 0\n", "connectors::spanmetrics::metric_timestamp_cache_size", "invalid delta timestamp cache size: 0")]
    [InlineData("resource_metrics_cache_size: 0\n", "connectors::spanmetrics::resource_metrics_cache_size", "must be at least 1")]
    [InlineData("exemplars: {enabled: yes please}\n", "connectors::spanmetrics::exemplars::enabled", "expected true or false")]
    public void Bad_settings_are_errors_naming_the_path(string yaml, string path, string message)
    {
        var (_, errors) = Bind(yaml);

        var error = Assert.Single(errors);
        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_lists_the_valid_ones()
    {
        var (_, errors) = Bind("flush_interval: 5s\n");

        var message = Assert.Single(errors).Message;
        Assert.Contains("metrics_flush_interval", message, StringComparison.Ordinal);
        Assert.Contains("aggregation_cardinality_limit", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var (_, errors) = Bind("namespace: x\ncolour: blue\naggregation_temporality: LATER\ndimensions: [{name: status.code}]\nhistogram: {unit: h}\n");

        Assert.Equal(4, errors.Count);
    }
}
