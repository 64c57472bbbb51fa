using Google.Protobuf;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Tests.TestSupport;

namespace MiniCollector.Pipeline.Tests.Payload;

/// <summary>Metrics specifics: items are data points of all five types; a metric split keeps its descriptor.</summary>
public sealed class MetricsSplitTests
{
    private static readonly MetricsKind Kind = MetricsKind.Instance;

    private static ExportMetricsServiceRequest OneMetric(Metric metric) => new()
    {
        ResourceMetrics =
        {
            new ResourceMetrics
            {
                Resource = Context.Resource("r"),
                SchemaUrl = Context.ResourceSchema("r"),
                ScopeMetrics = { new ScopeMetrics { Scope = Context.Scope("s"), SchemaUrl = Context.ScopeSchema("s"), Metrics = { metric } } },
            },
        },
    };

    [Theory]
    [InlineData(MetricType.Gauge)]
    [InlineData(MetricType.Sum)]
    [InlineData(MetricType.Histogram)]
    [InlineData(MetricType.ExponentialHistogram)]
    [InlineData(MetricType.Summary)]
    public void Each_data_type_counts_data_points_on_the_wire_and_in_the_model(MetricType type)
    {
        var request = OneMetric(MetricsCase.Metric("m", type, 6, "r/s/m"));

        Assert.Equal(6, Kind.CountItems(request));
        Assert.Equal(6, Kind.CountItems(request.ToByteArray()));
    }

    [Fact]
    public void All_five_types_together_count_every_point()
    {
        var scope = new ScopeMetrics { Scope = Context.Scope("s") };
        int expected = 0;
        foreach (var type in Enum.GetValues<MetricType>())
        {
            int points = 1 + (int)type;
            expected += points;
            scope.Metrics.Add(MetricsCase.Metric("m." + type, type, points, "r/s/" + type));
        }

        scope.Metrics.Add(new Metric { Name = "no-data" });
        scope.Metrics.Add(new Metric { Name = "empty-sum", Sum = new Sum() });
        var request = new ExportMetricsServiceRequest { ResourceMetrics = { new ResourceMetrics { ScopeMetrics = { scope } } } };

        Assert.Equal(expected, Kind.CountItems(request));
        Assert.Equal(expected, Kind.CountItems(request.ToByteArray()));
    }

    [Theory]
    [InlineData(MetricType.Gauge)]
    [InlineData(MetricType.Sum)]
    [InlineData(MetricType.Histogram)]
    [InlineData(MetricType.ExponentialHistogram)]
    [InlineData(MetricType.Summary)]
    public void A_single_huge_metric_is_split_across_parts_keeping_name_unit_and_temporality(MetricType type)
    {
        var original = MetricsCase.Metric("http.server.duration", type, 10, "r/s/m");
        var descriptor = MetricsCase.Descriptor(original);
        var labels = MetricsCase.PointLabels(original);

        var parts = Kind.Split(OneMetric(original.Clone()), 3);

        Assert.Equal([3, 3, 3, 1], parts.Select(p => Kind.CountItems(p)));
        var metrics = parts.Select(p => Assert.Single(Assert.Single(Assert.Single(p.ResourceMetrics).ScopeMetrics).Metrics)).ToList();
        Assert.All(metrics, m =>
        {
            Assert.Equal("http.server.duration", m.Name);
            Assert.Equal(MetricsCase.Unit(type), m.Unit);
            Assert.Equal(original.Description, m.Description);
            Assert.Equal(original.Metadata, m.Metadata);
            Assert.Equal(original.DataCase, m.DataCase);
            Assert.Equal(descriptor, MetricsCase.Descriptor(m));
        });
        Assert.All(parts, p => Assert.Equal(Context.Resource("r"), p.ResourceMetrics[0].Resource));
        Assert.All(parts, p => Assert.Equal(Context.Scope("s"), p.ResourceMetrics[0].ScopeMetrics[0].Scope));
        Assert.Equal(labels, metrics.SelectMany(MetricsCase.PointLabels));
    }

    [Fact]
    public void Sum_split_keeps_monotonicity_and_delta_temporality()
    {
        var sum = new Metric { Name = "requests", Unit = "1", Sum = new Sum { AggregationTemporality = AggregationTemporality.Delta, IsMonotonic = true } };
        for (int i = 0; i < 5; i++)
        {
            sum.Sum.DataPoints.Add(new NumberDataPoint { AsInt = i });
        }

        var parts = Kind.Split(OneMetric(sum), 2);

        Assert.Equal(3, parts.Count);
        Assert.All(parts, p =>
        {
            var m = p.ResourceMetrics[0].ScopeMetrics[0].Metrics[0];
            Assert.Equal(AggregationTemporality.Delta, m.Sum.AggregationTemporality);
            Assert.True(m.Sum.IsMonotonic);
            Assert.Equal("1", m.Unit);
        });
        Assert.Equal([0L, 1, 2, 3, 4], parts.SelectMany(p => p.ResourceMetrics[0].ScopeMetrics[0].Metrics[0].Sum.DataPoints).Select(d => d.AsInt));
    }

    [Fact]
    public void Metrics_without_points_travel_with_their_scope()
    {
        var scope = new ScopeMetrics { Scope = Context.Scope("s") };
        scope.Metrics.Add(MetricsCase.Metric("a", MetricType.Gauge, 2, "r/s/a"));
        scope.Metrics.Add(new Metric { Name = "no-data" });
        scope.Metrics.Add(MetricsCase.Metric("b", MetricType.Sum, 2, "r/s/b"));
        var request = new ExportMetricsServiceRequest { ResourceMetrics = { new ResourceMetrics { Resource = Context.Resource("r"), ScopeMetrics = { scope } } } };

        var parts = Kind.Split(request, 3);

        Assert.Equal(4, parts.Sum(p => Kind.CountItems(p)));
        Assert.All(parts, p => Assert.InRange(Kind.CountItems(p), 1, 3));
        var names = parts.SelectMany(p => p.ResourceMetrics).SelectMany(r => r.ScopeMetrics).SelectMany(s => s.Metrics).Select(m => m.Name).Distinct();
        Assert.Equal(["a", "no-data", "b"], names);
    }
    [Fact]
    public void Points_of_the_next_metric_never_land_in_a_previously_split_metric()
    {
        // The gauge is split (2 + 1); the sum that follows must keep its own name and type in the second part.
        var scope = new ScopeMetrics { Scope = Context.Scope("s") };
        scope.Metrics.Add(MetricsCase.Metric("g", MetricType.Gauge, 3, "r/s/g"));
        scope.Metrics.Add(MetricsCase.Metric("c", MetricType.Sum, 3, "r/s/c"));
        var request = new ExportMetricsServiceRequest { ResourceMetrics = { new ResourceMetrics { Resource = Context.Resource("r"), ScopeMetrics = { scope } } } };
        var expected = MetricsCase.Instance.Flatten(request.Clone());

        var parts = Kind.Split(request, 2);

        Assert.Equal(expected, parts.SelectMany(MetricsCase.Instance.Flatten));
        var second = parts[1].ResourceMetrics[0].ScopeMetrics[0].Metrics;
        Assert.Equal(["g", "c"], second.Select(m => m.Name));
        Assert.Single(second[0].Gauge.DataPoints);
        Assert.Single(second[1].Sum.DataPoints);
    }

    [Fact]
    public void A_histogram_after_a_split_gauge_is_split_without_error()
    {
        var scope = new ScopeMetrics { Scope = Context.Scope("s") };
        scope.Metrics.Add(MetricsCase.Metric("g", MetricType.Gauge, 3, "r/s/g"));
        scope.Metrics.Add(MetricsCase.Metric("h", MetricType.Histogram, 3, "r/s/h"));
        var request = new ExportMetricsServiceRequest { ResourceMetrics = { new ResourceMetrics { Resource = Context.Resource("r"), ScopeMetrics = { scope } } } };
        var expected = MetricsCase.Instance.Flatten(request.Clone());

        var parts = Kind.Split(request, 2);

        Assert.Equal([2, 2, 2], parts.Select(p => Kind.CountItems(p)));
        Assert.Equal(expected, parts.SelectMany(MetricsCase.Instance.Flatten));
    }
}
