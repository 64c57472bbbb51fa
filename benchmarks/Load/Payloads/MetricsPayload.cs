using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Otlp.Resource;

namespace MiniCollector.Benchmarks.Load.Payloads;

/// <summary>
/// Metrics requests of a <see cref="MetricsShape"/>: 10 metrics (5 gauges, 5 monotonic cumulative sums) x N data
/// points with two string attributes each, under one resource and one scope.
/// </summary>
public static class MetricsPayload
{
    /// <summary>
    /// Builds a request. With a <paramref name="seriesSet"/>, every point also carries a <c>set</c> attribute of
    /// that value, so requests with different sets create distinct series instead of updating the same ones.
    /// </summary>
    public static ExportMetricsServiceRequest Build(MetricsShape shape, int? seriesSet = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var now = (ulong)(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000);
        var startTime = now - 60_000_000_000UL;
        var scope = new ScopeMetrics { Scope = new InstrumentationScope { Name = "minicollector.load", Version = "1.0.0" } };
        for (int m = 0; m < MetricsShape.Metrics; m++)
        {
            bool gauge = m % 2 == 0;
            var metric = new Metric
            {
                Name = gauge ? "load.gauge." + m : "load.requests." + m,
                Description = gauge ? "A gauge the load benchmark sends" : "A counter the load benchmark sends",
                Unit = gauge ? "ms" : "{request}",
            };
            var points = gauge
                ? (metric.Gauge = new Gauge()).DataPoints
                : (metric.Sum = new Sum { AggregationTemporality = AggregationTemporality.Cumulative, IsMonotonic = true }).DataPoints;
            for (int p = 0; p < shape.PointsPerMetric; p++)
            {
                var point = new NumberDataPoint { StartTimeUnixNano = startTime, TimeUnixNano = now };
                if (gauge)
                {
                    point.AsDouble = p * 1.25;
                }
                else
                {
                    point.AsInt = 1_000 + p;
                }

                point.Attributes.Add(Text("host", "host-" + (p % 10)));
                point.Attributes.Add(Text("route", "/api/v1/resource/" + p));
                if (seriesSet is int set)
                {
                    point.Attributes.Add(Text("set", "s" + set));
                }

                points.Add(point);
            }

            scope.Metrics.Add(metric);
        }

        var resource = new ResourceMetrics
        {
            Resource = new Resource
            {
                Attributes =
                {
                    Text("service.name", "load-benchmark"),
                    Text("service.instance.id", "load-benchmark-1"),
                },
            },
        };
        resource.ScopeMetrics.Add(scope);
        return new ExportMetricsServiceRequest { ResourceMetrics = { resource } };
    }

    private static KeyValue Text(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
}
