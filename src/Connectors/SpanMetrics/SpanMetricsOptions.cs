using MiniCollector.Pipeline.Config;

namespace MiniCollector.Connectors.SpanMetrics;

/// <summary>Options of the <c>spanmetrics</c> connector, with the reference collector's keys and defaults.</summary>
public sealed record SpanMetricsOptions
{
    /// <summary>The reference's default <c>namespace</c>.</summary>
    public const string DefaultNamespace = "traces.span.metrics";

    /// <summary>The attribute names every data point carries unless <c>exclude_dimensions</c> names them.</summary>
    public static IReadOnlyList<string> ReservedDimensions { get; } = [SpanMetricsNames.ServiceName, SpanMetricsNames.SpanName, SpanMetricsNames.SpanKind, SpanMetricsNames.StatusCode];

    private const string Cumulative = "AGGREGATION_TEMPORALITY_CUMULATIVE";
    private const string Delta = "AGGREGATION_TEMPORALITY_DELTA";

    /// <summary><c>histogram</c>.</summary>
    public HistogramOptions Histogram { get; init; } = new();

    /// <summary><c>dimensions</c>: on every metric, after the four common ones.</summary>
    public IReadOnlyList<SpanMetricsDimension> Dimensions { get; init; } = [];

    /// <summary><c>calls_dimensions</c>: on the calls metric only, after <see cref="Dimensions"/>.</summary>
    public IReadOnlyList<SpanMetricsDimension> CallsDimensions { get; init; } = [];

    /// <summary><c>exclude_dimensions</c>: common dimensions left out of every metric.</summary>
    public IReadOnlyList<string> ExcludeDimensions { get; init; } = [];

    /// <summary><c>dimensions_cache_size</c>: deprecated in the reference (use <c>aggregation_cardinality_limit</c>); accepted, no effect here.</summary>
    public int DimensionsCacheSize { get; init; }

    /// <summary><c>resource_metrics_cache_size</c>: most resources held; the least recently seen are dropped after a flush.</summary>
    public int ResourceMetricsCacheSize { get; init; } = 1000;

    /// <summary><c>resource_metrics_key_attributes</c>: the resource attributes that tell resources apart; empty: all of them.</summary>
    public IReadOnlyList<string> ResourceMetricsKeyAttributes { get; init; } = [];

    /// <summary><c>aggregation_temporality</c>.</summary>
    public SpanMetricsTemporality Temporality { get; init; } = SpanMetricsTemporality.Cumulative;

    /// <summary><c>metrics_flush_interval</c>: how often the metrics are sent on.</summary>
    public TimeSpan MetricsFlushInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary><c>metrics_expiration</c>: a resource without spans for this long is no longer sent; zero: never.</summary>
    public TimeSpan MetricsExpiration { get; init; }

    /// <summary><c>series_expiration</c>: a series without spans for this long is no longer sent; zero: never.</summary>
    public TimeSpan SeriesExpiration { get; init; }

    /// <summary><c>metric_timestamp_cache_size</c>: delta series whose last flush time is remembered (their next start time).</summary>
    public int MetricTimestampCacheSize { get; init; } = 1000;

    /// <summary><c>namespace</c>: prefix of the metric names, joined with a dot; empty: no prefix.</summary>
    public string Namespace { get; init; } = DefaultNamespace;

    /// <summary><c>exemplars</c>.</summary>
    public ExemplarsOptions Exemplars { get; init; } = new();

    /// <summary><c>events</c>.</summary>
    public EventsOptions Events { get; init; } = new();

    /// <summary><c>include_instrumentation_scope</c>: spans of these scopes get the scope name and version as dimensions.</summary>
    public IReadOnlyList<string> IncludeInstrumentationScope { get; init; } = [];

    /// <summary><c>aggregation_cardinality_limit</c>: most series per metric and resource; more go to one overflow series. Zero: no limit.</summary>
    public int AggregationCardinalityLimit { get; init; }

    /// <summary>
    /// <c>add_resource_attributes</c>: the reference's switch back to copying resource attributes when its
    /// <c>connector.spanmetrics.excludeResourceMetrics</c> gate is on; the gate is off by default and not offered here,
    /// so resource attributes are always copied and this has no effect.
    /// </summary>
    public bool AddResourceAttributes { get; init; }

    /// <summary>The name of a metric: <c>{namespace}.{name}</c>, or the bare name without a namespace.</summary>
    public string MetricName(string name) => Namespace.Length == 0 ? name : Namespace + "." + name;

    /// <summary>Binds <c>connectors::spanmetrics</c>, reporting every problem.</summary>
    public static SpanMetricsOptions Bind(ConfigSection section)
    {
        var defaults = new SpanMetricsOptions();
        var temporality = section.Choice("aggregation_temporality", Cumulative, Cumulative, Delta);
        var options = new SpanMetricsOptions
        {
            Histogram = BindHistogram(section.Section("histogram")),
            Dimensions = BindDimensions(section, "dimensions"),
            CallsDimensions = BindDimensions(section, "calls_dimensions"),
            ExcludeDimensions = section.StringList("exclude_dimensions") ?? [],
            DimensionsCacheSize = section.Int("dimensions_cache_size", defaults.DimensionsCacheSize, min: 0),
            ResourceMetricsCacheSize = section.Int("resource_metrics_cache_size", defaults.ResourceMetricsCacheSize, min: 1),
            ResourceMetricsKeyAttributes = section.StringList("resource_metrics_key_attributes") ?? [],
            Temporality = temporality == Delta ? SpanMetricsTemporality.Delta : SpanMetricsTemporality.Cumulative,
            MetricsFlushInterval = section.Duration("metrics_flush_interval", defaults.MetricsFlushInterval),
            MetricsExpiration = section.Duration("metrics_expiration", defaults.MetricsExpiration),
            SeriesExpiration = section.Duration("series_expiration", defaults.SeriesExpiration),
            MetricTimestampCacheSize = section.Int("metric_timestamp_cache_size", defaults.MetricTimestampCacheSize),
            Namespace = section.String("namespace", defaults.Namespace),
            Exemplars = BindExemplars(section.Section("exemplars")),
            Events = BindEvents(section.Section("events")),
            IncludeInstrumentationScope = section.StringList("include_instrumentation_scope") ?? [],
            AggregationCardinalityLimit = section.Int("aggregation_cardinality_limit", defaults.AggregationCardinalityLimit, min: 0),
            AddResourceAttributes = section.Bool("add_resource_attributes", defaults.AddResourceAttributes),
        };
        section.ReportUnknownKeys();

        CheckDuplicates(section, "dimensions", [], options.Dimensions);
        CheckDuplicates(section, "calls_dimensions", options.Dimensions, options.CallsDimensions);
        CheckDuplicates(section.Section("histogram"), "dimensions", options.Dimensions, options.Histogram.Dimensions);
        if (options.MetricsFlushInterval == TimeSpan.Zero)
        {
            section.Invalid("metrics_flush_interval", "invalid metrics_flush_interval: 0s, the duration should be positive");
        }

        if (options.Temporality == SpanMetricsTemporality.Delta && options.MetricTimestampCacheSize <= 0)
        {
            section.Invalid("metric_timestamp_cache_size", $"invalid delta timestamp cache size: {options.MetricTimestampCacheSize}, the maximum number of the items in the cache should be positive");
        }

        return options;
    }

    private static HistogramOptions BindHistogram(ConfigSection section)
    {
        var unit = section.Choice("unit", "ms", "ms", "s");
        var explicitSection = section.Section("explicit");
        var exponentialSection = section.Section("exponential");
        var buckets = explicitSection.IsPresent ? BindBuckets(explicitSection) : null;
        explicitSection.ReportUnknownKeys();
        int? maxSize = null;
        if (exponentialSection.IsPresent)
        {
            // As the reference's histogram library: zero means its default, sizes are kept between 2 and 16384.
            int written = exponentialSection.Int("max_size", 0, min: 0);
            maxSize = written == 0 ? HistogramOptions.DefaultExponentialMaxSize : Math.Clamp(written, 2, 16_384);
            exponentialSection.ReportUnknownKeys();
        }

        var options = new HistogramOptions
        {
            Disable = section.Bool("disable", false),
            Unit = unit == "s" ? DurationUnit.Seconds : DurationUnit.Milliseconds,
            ExplicitBuckets = buckets,
            ExponentialMaxSize = maxSize,
            Dimensions = BindDimensions(section, "dimensions"),
        };
        section.ReportUnknownKeys();

        if (explicitSection.Node is not null && exponentialSection.Node is not null)
        {
            section.Invalid("use either `explicit` or `exponential` buckets histogram");
        }

        return options;
    }

    private static List<TimeSpan>? BindBuckets(ConfigSection section)
    {
        var node = section.NodeOf("buckets");
        if (node is null or ConfigScalar { Value: null })
        {
            return null;
        }

        var path = section.Path + "::buckets";
        if (node is not ConfigList list)
        {
            section.Invalid("buckets", $"expected a list of durations, found {node.Describe()}");
            return null;
        }

        var buckets = new List<TimeSpan>(list.Items.Count);
        foreach (var item in list.Items)
        {
            if (item is ConfigScalar { Value: { } text } && GoDuration.TryParse(text, out var bucket))
            {
                if (buckets.Count > 0 && bucket <= buckets[^1])
                {
                    section.Errors.Add(item, path, $"buckets must be in increasing order: \"{text}\" follows \"{GoDuration.Format(buckets[^1])}\"");
                }

                buckets.Add(bucket);
            }
            else
            {
                section.Errors.Add(item, path, $"expected a duration such as 2ms, 1s or 1m in the list, found {item.Describe()}");
            }
        }

        return buckets;
    }

    private static ExemplarsOptions BindExemplars(ConfigSection section)
    {
        var defaults = new ExemplarsOptions();
        var options = new ExemplarsOptions
        {
            Enabled = section.Bool("enabled", defaults.Enabled),
            MaxPerDataPoint = section.Int("max_per_data_point", defaults.MaxPerDataPoint, min: 0),
        };
        section.ReportUnknownKeys();
        return options.MaxPerDataPoint == 0 ? options with { MaxPerDataPoint = ExemplarsOptions.DefaultMaxPerDataPoint } : options;
    }

    private static EventsOptions BindEvents(ConfigSection section)
    {
        var options = new EventsOptions
        {
            Enabled = section.Bool("enabled", false),
            Dimensions = BindDimensions(section, "dimensions"),
        };
        section.ReportUnknownKeys();
        if (options.Enabled && section.Node is not null)
        {
            if (options.Dimensions.Count == 0)
            {
                section.Invalid("dimensions", "failed validating event dimensions: no dimensions configured for events");
            }
            else
            {
                CheckDuplicates(section, "dimensions", [], options.Dimensions, "failed validating event dimensions");
            }
        }

        return options;
    }

    private static List<SpanMetricsDimension> BindDimensions(ConfigSection section, string key)
    {
        var dimensions = new List<SpanMetricsDimension>();
        var node = section.NodeOf(key);
        if (node is null or ConfigScalar { Value: null })
        {
            return dimensions;
        }

        if (node is not ConfigList list)
        {
            section.Invalid(key, $"expected a list of dimensions (name and optional default), found {node.Describe()}");
            return dimensions;
        }

        for (int i = 0; i < list.Items.Count; i++)
        {
            var item = new ConfigSection(list.Items[i], $"{section.Path}::{key}[{i}]", section.Errors);
            var name = item.StringOrNull("name");
            var defaultValue = item.StringOrNull("default");
            item.ReportUnknownKeys();
            if (string.IsNullOrEmpty(name))
            {
                item.Invalid("name", "missing required field \"name\"");
                continue;
            }

            dimensions.Add(new SpanMetricsDimension(name, defaultValue));
        }

        return dimensions;
    }

    // The reference's rule: no dimension may repeat another or a common one (a data point cannot hold a key twice).
    // Only `dimensions` (those under `key`) are reported; `before` are the ones they come after on the same metric.
    private static void CheckDuplicates(ConfigSection section, string key, IReadOnlyList<SpanMetricsDimension> before, IReadOnlyList<SpanMetricsDimension> dimensions, string prefix = "failed validating dimensions")
    {
        var seen = new HashSet<string>(ReservedDimensions, StringComparer.Ordinal);
        seen.UnionWith(before.Select(d => d.Name));
        foreach (var dimension in dimensions)
        {
            if (!seen.Add(dimension.Name))
            {
                section.Invalid(key, $"{prefix}: duplicate dimension name {dimension.Name}");
            }
        }
    }
}
