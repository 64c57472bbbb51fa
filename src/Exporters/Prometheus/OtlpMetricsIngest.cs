using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Collections;
using MiniCollector.Exporters.Prometheus.Store;
using MiniCollector.Exporters.Prometheus.Translation;
using MiniCollector.Exposition;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Metrics;
using Exemplar = MiniCollector.Exposition.Exemplar;
using OtlpExemplar = MiniCollector.Otlp.Metrics.Exemplar;

namespace MiniCollector.Exporters.Prometheus;

/// <summary>
/// Translates OTLP metrics into store updates: names and units by the compatibility spec, <c>job</c>/<c>instance</c>
/// from the resource, one <c>target_info</c> per job+instance, scope labels, exemplars, and which temporality /
/// type combinations can be exposed. Each data point's labels are rendered once, into scratch reused for every point
/// (requests are ingested one at a time, under the store's lock), and looked up by those bytes: updating an existing
/// series allocates nothing here.
/// </summary>
internal sealed class OtlpMetricsIngest(PrometheusOptions options, MetricStore store)
{
    private const string TargetInfo = "target_info";
    private const uint NoRecordedValue = 1;

    // Label names are always escaped: the served formats have no way to carry UTF-8 label names.
    private const TranslationStrategy LabelStrategy = TranslationStrategy.UnderscoreEscapingWithSuffixes;

    private readonly MetricNameCache _names = new(options.Namespace, options.Strategy);
    private readonly KeyValuePair<string, string>[] _constLabels = [.. options.ConstLabels.Select(kv => new KeyValuePair<string, string>(kv.Key, kv.Value))];
    private readonly LabelSetBuilder _builder = new(LabelStrategy);
    private readonly List<KeyValuePair<string, string>> _labels = [];
    private readonly ArrayBufferWriter<byte> _labelText = new(256);
    private readonly List<int> _labelEnds = [];
    private readonly ArrayBufferWriter<byte> _identity = new(64);

    /// <summary>Counts of points not exposed, by reason (for logs and self-metrics).</summary>
    public DropCounters Dropped { get; } = new();

    /// <summary>Applies one request to the store under a single store lock.</summary>
    public void Ingest(ExportMetricsServiceRequest request) => store.Batch(_ => IngestLocked(request));

    private void IngestLocked(ExportMetricsServiceRequest request)
    {
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            var resourceAttributes = resourceMetrics.Resource?.Attributes ?? [];
            var (job, instance) = JobAndInstance(resourceAttributes);
            var resourceLabels = ResourceLabels(resourceAttributes, job, instance);
            UpdateTargetInfo(resourceAttributes, job, instance);
            foreach (var scopeMetrics in resourceMetrics.ScopeMetrics)
            {
                var scopeLabels = options.WithoutScopeInfo ? [] : ScopeLabels(scopeMetrics);
                foreach (var metric in scopeMetrics.Metrics)
                {
                    IngestMetric(metric, resourceLabels, scopeLabels);
                }
            }
        }
    }

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

    private FamilyInfo Family(Metric metric, MetricKind kind, MetricType type)
    {
        var name = _names.Get(metric.Name, metric.Unit, kind);

        // The UTF-8 strategies pick names and suffixes their way, but no format we serve (nor Prometheus 2.x)
        // carries UTF-8 names, so they are underscore-escaped for exposition.
        if (!options.Strategy.EscapesNames())
        {
            name = PrometheusNames.MetricName(name, string.Empty, MetricKind.Gauge, string.Empty, TranslationStrategy.UnderscoreEscapingWithoutSuffixes);
        }

        // OpenMetrics accepts a UNIT only when the name ends with it; UnitMetadata says when that holds.
        return new FamilyInfo(name, type, metric.Description, PrometheusNames.UnitMetadata(name, metric.Unit, kind));
    }

    // The point's labels, rendered into scratch that the next call overwrites; _labels holds them as pairs meanwhile.
    private SeriesKey Id(RepeatedField<KeyValue> attributes, List<KeyValuePair<string, string>> resourceLabels, List<KeyValuePair<string, string>> scopeLabels)
    {
        _builder.Clear();
        foreach (var attribute in attributes)
        {
            _builder.Add(attribute.Key, PrometheusNames.AnyValueText(attribute.Value));
        }

        foreach (var label in scopeLabels)
        {
            _builder.Add(label.Key, label.Value);
        }

        foreach (var label in resourceLabels)
        {
            _builder.Add(label.Key, label.Value);
        }

        foreach (var label in _constLabels)
        {
            _builder.Add(label.Key, label.Value);
        }

        RenderLabels();
        return new SeriesKey(_labelText.WrittenSpan, CollectionsMarshal.AsSpan(_labelEnds));
    }

    // Builds the labels added to _builder into _labels, and renders each into _labelText, recording where it ends.
    private void RenderLabels()
    {
        _builder.BuildInto(_labels);
        _labelText.ResetWrittenCount();
        _labelEnds.Clear();
        foreach (var (name, value) in _labels)
        {
            RenderedLabels.Write(_labelText, name, value);
            _labelEnds.Add(_labelText.WrittenCount);
        }
    }

    // job = service.namespace/service.name (or service.name); instance = service.instance.id.
    private static (string Job, string Instance) JobAndInstance(RepeatedField<KeyValue> attributes)
    {
        string name = string.Empty, ns = string.Empty, instance = string.Empty;
        foreach (var a in attributes)
        {
            switch (a.Key)
            {
                case "service.name":
                    name = PrometheusNames.AnyValueText(a.Value);
                    break;
                case "service.namespace":
                    ns = PrometheusNames.AnyValueText(a.Value);
                    break;
                case "service.instance.id":
                    instance = PrometheusNames.AnyValueText(a.Value);
                    break;
            }
        }

        return (ns.Length > 0 && name.Length > 0 ? ns + "/" + name : name, instance);
    }

    private List<KeyValuePair<string, string>> ResourceLabels(RepeatedField<KeyValue> attributes, string job, string instance)
    {
        var labels = new List<KeyValuePair<string, string>>();
        if (options.ResourceToTelemetryConversion)
        {
            foreach (var a in attributes)
            {
                if (options.ExcludeServiceAttributes && IsServiceAttribute(a.Key))
                {
                    continue;
                }

                labels.Add(new(a.Key, PrometheusNames.AnyValueText(a.Value)));
            }
        }

        // Empty label values are the same as absent ones to Prometheus, so they are not written.
        if (job.Length > 0)
        {
            labels.Add(new("job", job));
        }

        if (instance.Length > 0)
        {
            labels.Add(new("instance", instance));
        }

        return labels;
    }

    private void UpdateTargetInfo(RepeatedField<KeyValue> attributes, string job, string instance)
    {
        _builder.Clear();
        bool any = false;
        foreach (var a in attributes)
        {
            if (!IsServiceAttribute(a.Key))
            {
                _builder.Add(a.Key, PrometheusNames.AnyValueText(a.Value));
                any = true;
            }
        }

        if (!any)
        {
            return;
        }

        if (job.Length > 0)
        {
            _builder.Add("job", job);
        }

        if (instance.Length > 0)
        {
            _builder.Add("instance", instance);
        }

        foreach (var label in _constLabels)
        {
            _builder.Add(label.Key, label.Value);
        }

        RenderLabels();
        var family = new FamilyInfo(TargetInfo, MetricType.Gauge, "Target metadata", string.Empty);

        // One target_info per job+instance: its identity is those two labels, its other labels the latest seen.
        _identity.ResetWrittenCount();
        Encoding.UTF8.GetBytes(job, _identity);
        _identity.Write("\u0001"u8);
        Encoding.UTF8.GetBytes(instance, _identity);
        store.SetGauge(family, new SeriesKey(_identity.WrittenSpan, _labelText.WrittenSpan, CollectionsMarshal.AsSpan(_labelEnds)), 1, 0);
    }

    private static List<KeyValuePair<string, string>> ScopeLabels(ScopeMetrics scope)
    {
        var labels = new List<KeyValuePair<string, string>>();
        if (scope.Scope is not { } s)
        {
            return labels;
        }

        if (s.Name.Length > 0)
        {
            labels.Add(new("otel_scope_name", s.Name));
        }

        if (s.Version.Length > 0)
        {
            labels.Add(new("otel_scope_version", s.Version));
        }

        if (scope.SchemaUrl.Length > 0)
        {
            labels.Add(new("otel_scope_schema_url", scope.SchemaUrl));
        }

        foreach (var a in s.Attributes)
        {
            // Attributes that would collide with the three labels above are dropped, as the spec says.
            if (a.Key is "name" or "version" or "schema_url")
            {
                continue;
            }

            labels.Add(new("otel_scope_" + a.Key, PrometheusNames.AnyValueText(a.Value)));
        }

        return labels;
    }

    private bool Deleted(uint flags, in FamilyInfo family, SeriesKey id)
    {
        if ((flags & NoRecordedValue) == 0)
        {
            return false;
        }

        store.Remove(family.Name, family.Type, id);
        return true;
    }

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
                Dropped.Add("instrument type conflict, using existing type definition", metric.Name, 1);
                break;
            case StoreRejection.Misaligned:
                Dropped.Add("delta point starting before the accumulated interval ends", metric.Name, 1);
                break;
        }
    }

    private static bool IsServiceAttribute(string key) => key is "service.name" or "service.namespace" or "service.instance.id";

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
