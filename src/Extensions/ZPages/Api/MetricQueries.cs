using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using Google.Protobuf.Collections;
using MiniCollector.Extensions.ZPages.Capture;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Metrics;

namespace MiniCollector.Extensions.ZPages.Api;

/// <summary>
/// The metrics JSON: the latest point of every captured series (<c>/api/metrics</c>) and the recent points of one
/// (<c>/api/metrics/{id}</c>).
/// </summary>
internal static class MetricQueries
{
    /// <summary>Points of one series returned at most (the newest).</summary>
    public const int MaxPointsPerSeries = 500;

    /// <summary>Every captured series, by id, each with its points in arrival order.</summary>
    public static Dictionary<string, MetricSeries> Series(IReadOnlyList<Captured<ExportMetricsServiceRequest>> captures)
    {
        var series = new Dictionary<string, MetricSeries>(StringComparer.Ordinal);
        var key = new StringBuilder();
        foreach (var capture in captures)
        {
            foreach (var resourceMetrics in capture.Message.ResourceMetrics)
            {
                var service = OtlpValues.ServiceName(resourceMetrics.Resource);
                foreach (var scopeMetrics in resourceMetrics.ScopeMetrics)
                {
                    foreach (var metric in scopeMetrics.Metrics)
                    {
                        foreach (var (attributes, point) in Points(metric))
                        {
                            key.Clear().Append(service).Append('\n').Append(metric.Name);
                            foreach (var attribute in attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
                            {
                                key.Append('\n').Append(attribute.Key).Append('=').Append(OtlpValues.Text(attribute.Value));
                            }

                            var id = Convert.ToHexStringLower(XxHash64.Hash(Encoding.UTF8.GetBytes(key.ToString())));
                            if (!series.TryGetValue(id, out var one))
                            {
                                series[id] = one = new MetricSeries(id, service, metric, attributes);
                            }

                            one.Metric = metric;
                            one.Points.Add(point);
                        }
                    }
                }
            }
        }

        return series;
    }

    /// <summary>Writes <c>{"series": [...], "matched": n}</c>, each series with its latest point, by name.</summary>
    public static void WriteList(Utf8JsonWriter writer, Dictionary<string, MetricSeries> series, TelemetryFilter filter)
    {
        var rows = series.Values
            .Where(s => filter.MatchesService(s.Service) && filter.MatchesName(s.Metric.Name)
                && (filter.Attribute is not { } needle || s.Attributes.Any(a => a.Key.Contains(needle, StringComparison.OrdinalIgnoreCase)
                    || (!SecretAttributes.IsSecret(a.Key) && OtlpValues.Text(a.Value).Contains(needle, StringComparison.OrdinalIgnoreCase)))))
            .OrderBy(s => s.Metric.Name, StringComparer.Ordinal)
            .ThenBy(s => s.Service, StringComparer.Ordinal)
            .ThenBy(s => s.Id, StringComparer.Ordinal)
            .ToList();
        writer.WriteStartObject();
        writer.WriteNumber("matched"u8, rows.Count);
        writer.WriteStartArray("series"u8);
        foreach (var one in rows.Take(filter.Limit))
        {
            writer.WriteStartObject();
            WriteHead(writer, one);
            writer.WriteNumber("pointCount"u8, one.Points.Count);
            writer.WritePropertyName("latest"u8);
            WritePoint(writer, one.Points[^1]);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Writes one series with its newest points, oldest first.</summary>
    public static void WriteSeries(Utf8JsonWriter writer, MetricSeries series)
    {
        writer.WriteStartObject();
        WriteHead(writer, series);
        writer.WriteStartArray("points"u8);
        foreach (var point in series.Points.Skip(Math.Max(0, series.Points.Count - MaxPointsPerSeries)))
        {
            WritePoint(writer, point);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteHead(Utf8JsonWriter writer, MetricSeries series)
    {
        var metric = series.Metric;
        writer.WriteString("id"u8, series.Id);
        writer.WriteString("service"u8, series.Service);
        writer.WriteString("name"u8, metric.Name);
        writer.WriteString("description"u8, metric.Description);
        writer.WriteString("unit"u8, metric.Unit);
        writer.WriteString("type"u8, TypeName(metric));
        writer.WriteString("temporality"u8, Temporality(metric));
        if (metric.DataCase == Metric.DataOneofCase.Sum)
        {
            writer.WriteBoolean("monotonic"u8, metric.Sum.IsMonotonic);
        }

        writer.WriteStartObject("attributes"u8);
        foreach (var attribute in series.Attributes)
        {
            writer.WritePropertyName(attribute.Key);
            if (SecretAttributes.IsSecret(attribute.Key))
            {
                writer.WriteStringValue(SecretAttributes.Redacted);
            }
            else
            {
                OtlpValues.WriteValue(writer, attribute.Value);
            }
        }

        writer.WriteEndObject();
    }

    private static void WritePoint(Utf8JsonWriter writer, MetricPoint point)
    {
        writer.WriteStartObject();
        OtlpValues.WriteTime(writer, "time"u8, point.TimeUnixNano);
        if (point.Value is { } value)
        {
            writer.WritePropertyName("value"u8);
            OtlpValues.WriteDouble(writer, value);
        }
        else
        {
            writer.WriteNull("value"u8);
        }

        if (point.Count is { } count)
        {
            writer.WriteNumber("count"u8, count);
        }

        if (point.Sum is { } sum)
        {
            writer.WritePropertyName("sum"u8);
            OtlpValues.WriteDouble(writer, sum);
        }

        writer.WriteEndObject();
    }

    private static IEnumerable<(RepeatedField<KeyValue> Attributes, MetricPoint Point)> Points(Metric metric)
    {
        switch (metric.DataCase)
        {
            case Metric.DataOneofCase.Gauge:
                return metric.Gauge.DataPoints.Select(p => (p.Attributes, Number(p)));
            case Metric.DataOneofCase.Sum:
                return metric.Sum.DataPoints.Select(p => (p.Attributes, Number(p)));
            case Metric.DataOneofCase.Histogram:
                return metric.Histogram.DataPoints.Select(p => (p.Attributes, Distribution(p.TimeUnixNano, p.Count, p.HasSum ? p.Sum : null)));
            case Metric.DataOneofCase.ExponentialHistogram:
                return metric.ExponentialHistogram.DataPoints.Select(p => (p.Attributes, Distribution(p.TimeUnixNano, p.Count, p.HasSum ? p.Sum : null)));
            case Metric.DataOneofCase.Summary:
                return metric.Summary.DataPoints.Select(p => (p.Attributes, Distribution(p.TimeUnixNano, p.Count, p.Sum)));
            default:
                return [];
        }
    }

    private static MetricPoint Number(NumberDataPoint p) => new(
        p.TimeUnixNano,
        p.ValueCase switch
        {
            NumberDataPoint.ValueOneofCase.AsInt => p.AsInt,
            NumberDataPoint.ValueOneofCase.AsDouble => p.AsDouble,
            _ => null,
        },
        null,
        null);

    private static MetricPoint Distribution(ulong time, ulong count, double? sum)
        => new(time, count > 0 && sum is { } s ? s / count : null, count, sum);

    private static string TypeName(Metric metric) => metric.DataCase switch
    {
        Metric.DataOneofCase.Gauge => "gauge",
        Metric.DataOneofCase.Sum => "sum",
        Metric.DataOneofCase.Histogram => "histogram",
        Metric.DataOneofCase.ExponentialHistogram => "exponential_histogram",
        Metric.DataOneofCase.Summary => "summary",
        _ => "empty",
    };

    private static string Temporality(Metric metric)
    {
        var temporality = metric.DataCase switch
        {
            Metric.DataOneofCase.Sum => metric.Sum.AggregationTemporality,
            Metric.DataOneofCase.Histogram => metric.Histogram.AggregationTemporality,
            Metric.DataOneofCase.ExponentialHistogram => metric.ExponentialHistogram.AggregationTemporality,
            _ => AggregationTemporality.Unspecified,
        };
        return temporality switch
        {
            AggregationTemporality.Delta => "delta",
            AggregationTemporality.Cumulative => "cumulative",
            _ => metric.DataCase is Metric.DataOneofCase.Gauge or Metric.DataOneofCase.Summary ? "none" : "unspecified",
        };
    }
}
