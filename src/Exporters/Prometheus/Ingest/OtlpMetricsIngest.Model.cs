using Google.Protobuf.Collections;
using MiniCollector.Exporters.Prometheus.Store;
using MiniCollector.Exporters.Prometheus.Translation;
using MiniCollector.Exposition;
using MiniCollector.Otlp.Metrics;
using Exemplar = MiniCollector.Exposition.Exemplar;
using OtlpExemplar = MiniCollector.Otlp.Metrics.Exemplar;

namespace MiniCollector.Exporters.Prometheus.Ingest;

/// <summary>
/// The ingest of a decoded metric: histograms, exponential histograms, summaries, and gauges and sums that carry
/// metadata (<c>prometheus.type</c>), whose points are each labelled and looked up by their labels.
/// </summary>
internal sealed partial class OtlpMetricsIngest
{
    private const string TypeConflictReason = "instrument type conflict, using existing type definition";

    private void IngestMetric(Metric metric, List<KeyValuePair<string, string>> resourceLabels, List<KeyValuePair<string, string>> scopeLabels)
    {
        if (_names.Get(metric.Name, metric.Unit, MetricKind.Gauge).Length == 0)
        {
            Dropped.Add("metric name with no usable characters", metric.Name, 1);
            return;
        }

        switch (metric.DataCase)
        {
            case Metric.DataOneofCase.Gauge:
                var gaugeType = IsUnknownTyped(metric) ? MetricType.Unknown : MetricType.Gauge;
                var gauge = Family(metric, MetricKind.Gauge, gaugeType);
                foreach (var p in metric.Gauge.DataPoints)
                {
                    var id = Id(p.Attributes, resourceLabels, scopeLabels);
                    if (Deleted(p.Flags, gauge, id))
                    {
                        continue;
                    }

                    Count(store.SetGauge(gauge, id, Value(p), p.TimeUnixNano), metric);
                }

                break;
            case Metric.DataOneofCase.Sum:
                IngestSum(metric, resourceLabels, scopeLabels);
                break;
            case Metric.DataOneofCase.Histogram:
                var temporality = metric.Histogram.AggregationTemporality;
                if (temporality == AggregationTemporality.Unspecified)
                {
                    Dropped.Add("histogram with unspecified temporality", metric.Name, metric.Histogram.DataPoints.Count);
                    break;
                }

                var histogram = Family(metric, MetricKind.Histogram, MetricType.Histogram);
                foreach (var p in metric.Histogram.DataPoints)
                {
                    var id = Id(p.Attributes, resourceLabels, scopeLabels);
                    if (Deleted(p.Flags, histogram, id) || Reserved("le", metric))
                    {
                        continue;
                    }

                    var input = new HistogramInput(p.StartTimeUnixNano, p.TimeUnixNano, p.Count, p.HasSum ? p.Sum : 0, [.. p.ExplicitBounds], [.. p.BucketCounts], Exemplars(p.Exemplars));
                    Count(store.SetHistogram(histogram, id, input, temporality == AggregationTemporality.Delta), metric);
                }

                break;
            case Metric.DataOneofCase.ExponentialHistogram:
                IngestExponentialHistogram(metric, resourceLabels, scopeLabels);
                break;
            case Metric.DataOneofCase.Summary:
                var summary = Family(metric, MetricKind.Summary, MetricType.Summary);
                foreach (var p in metric.Summary.DataPoints)
                {
                    var id = Id(p.Attributes, resourceLabels, scopeLabels);
                    if (Deleted(p.Flags, summary, id) || Reserved("quantile", metric))
                    {
                        continue;
                    }

                    var quantiles = p.QuantileValues.Select(q => new KeyValuePair<double, double>(q.Quantile, q.Value)).OrderBy(q => q.Key).ToArray();
                    Count(store.SetSummary(summary, id, new SummaryValue(p.Count, p.Sum, quantiles), p.StartTimeUnixNano, p.TimeUnixNano), metric);
                }

                break;
            default:
                Dropped.Add("metric without data", metric.Name, 1);
                break;
        }
    }

    private void IngestSum(Metric metric, List<KeyValuePair<string, string>> resourceLabels, List<KeyValuePair<string, string>> scopeLabels)
    {
        var sum = metric.Sum;
        if (sum.AggregationTemporality == AggregationTemporality.Unspecified)
        {
            Dropped.Add("sum with unspecified temporality", metric.Name, sum.DataPoints.Count);
            return;
        }

        bool delta = sum.AggregationTemporality == AggregationTemporality.Delta;
        if (!sum.IsMonotonic && delta)
        {
            Dropped.Add("non-monotonic delta sum", metric.Name, sum.DataPoints.Count);
            return;
        }

        var family = sum.IsMonotonic ? Family(metric, MetricKind.MonotonicCounter, MetricType.Counter) : Family(metric, MetricKind.NonMonotonicSum, MetricType.Gauge);
        foreach (var p in sum.DataPoints)
        {
            var id = Id(p.Attributes, resourceLabels, scopeLabels);
            if (Deleted(p.Flags, family, id))
            {
                continue;
            }

            var result = sum.IsMonotonic
                ? store.SetCounter(family, id, Value(p), p.StartTimeUnixNano, p.TimeUnixNano, delta, LatestExemplar(p.Exemplars))
                : store.SetGauge(family, id, Value(p), p.TimeUnixNano);
            Count(result, metric);
        }
    }

    private void IngestExponentialHistogram(Metric metric, List<KeyValuePair<string, string>> resourceLabels, List<KeyValuePair<string, string>> scopeLabels)
    {
        var data = metric.ExponentialHistogram;
        if (data.AggregationTemporality == AggregationTemporality.Unspecified)
        {
            Dropped.Add("exponential histogram with unspecified temporality", metric.Name, data.DataPoints.Count);
            return;
        }

        var family = Family(metric, MetricKind.ExponentialHistogram, MetricType.Histogram);
        foreach (var p in data.DataPoints)
        {
            var id = Id(p.Attributes, resourceLabels, scopeLabels);
            if (Deleted(p.Flags, family, id) || Reserved("le", metric))
            {
                continue;
            }

            // Prometheus native histograms need the sum (the compatibility spec drops points without one).
            if (!p.HasSum)
            {
                Dropped.Add("exponential histogram point without sum", metric.Name, 1);
                continue;
            }

            var input = new ExponentialHistogramInput(
                p.StartTimeUnixNano,
                p.TimeUnixNano,
                p.Count,
                p.Sum,
                p.Scale,
                p.ZeroThreshold,
                p.ZeroCount,
                Buckets(p.Positive),
                Buckets(p.Negative));
            Count(store.SetExponentialHistogram(family, id, input, data.AggregationTemporality == AggregationTemporality.Delta), metric);
        }
    }

    private bool Deleted(uint flags, in FamilyInfo family, SeriesKey id)
    {
        if ((flags & NoRecordedValue) == 0)
        {
            return false;
        }

        Remove(family, id);
        return true;
    }

    private void Remove(in FamilyInfo family, SeriesKey id) => store.Remove(family.Name, family.Type, id);

    // A label the exposition itself adds (le on buckets, quantile on summaries) cannot also come from an attribute;
    // such a point is dropped and counted, as the reference's client library refuses it.
    private bool Reserved(string label, Metric metric)
    {
        foreach (var (name, _) in _labels)
        {
            if (name == label)
            {
                Dropped.Add($"attribute named \"{label}\" collides with the exposition's own label", metric.Name, 1);
                return true;
            }
        }

        return false;
    }

    private void Count(StoreRejection rejection, Metric metric)
    {
        switch (rejection)
        {
            case StoreRejection.TypeConflict:
                Dropped.Add(TypeConflictReason, metric.Name, 1);
                break;
            case StoreRejection.Misaligned:
                Dropped.Add("delta point starting before the accumulated interval ends", metric.Name, 1);
                break;
        }
    }

    private static bool IsUnknownTyped(Metric metric)
    {
        foreach (var m in metric.Metadata)
        {
            if (m.Key == "prometheus.type" && m.Value?.StringValue == "unknown")
            {
                return true;
            }
        }

        return false;
    }

    private static double Value(NumberDataPoint p) => p.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? p.AsInt : p.AsDouble;

    private static ExponentialBuckets Buckets(ExponentialHistogramDataPoint.Types.Buckets? buckets)
        => buckets is null || buckets.BucketCounts.Count == 0 ? ExponentialBuckets.Empty : new ExponentialBuckets(buckets.Offset, [.. buckets.BucketCounts]);

    private Exemplar? LatestExemplar(RepeatedField<OtlpExemplar> exemplars)
        => exemplars.Count == 0 ? null : ToExemplar(exemplars[^1]);

    private List<Exemplar> Exemplars(RepeatedField<OtlpExemplar> exemplars)
    {
        var result = new List<Exemplar>(exemplars.Count);
        foreach (var e in exemplars)
        {
            result.Add(ToExemplar(e));
        }

        return result;
    }

    private Exemplar ToExemplar(OtlpExemplar e)
    {
        var labels = new List<KeyValuePair<string, string>>();
        if (!e.TraceId.IsEmpty)
        {
            labels.Add(new("trace_id", Convert.ToHexStringLower(e.TraceId.Span)));
        }

        if (!e.SpanId.IsEmpty)
        {
            labels.Add(new("span_id", Convert.ToHexStringLower(e.SpanId.Span)));
        }

        foreach (var a in e.FilteredAttributes)
        {
            var name = PrometheusNames.LabelName(a.Key, LabelStrategy);
            if (name is not ("" or "trace_id" or "span_id"))
            {
                labels.Add(new(name, PrometheusNames.AnyValueText(a.Value)));
            }
        }

        double value = e.ValueCase == OtlpExemplar.ValueOneofCase.AsInt ? e.AsInt : e.AsDouble;
        return new Exemplar(labels, value, e.TimeUnixNano > 0 ? e.TimeUnixNano / 1e9 : null);
    }
}
