using System.Globalization;
using System.Text;
using Google.Protobuf.Collections;
using MiniCollector.Otlp.Collector.Logs;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Collector.Trace;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Metrics;

namespace MiniCollector.Exporters.Debug;

/// <summary>The debug exporter's <c>normal</c> verbosity: one line per resource, per scope and per record.</summary>
/// <remarks>
/// Layout, every line ending in <c>\n</c> (bracketed and trailing parts only when non-empty):
/// <code>
/// ResourceTraces #0 [schemaURL] service.name=checkout k=v
/// ScopeTraces #0 name@version [schemaURL] k=v
/// &lt;span name&gt; &lt;trace id&gt; &lt;span id&gt; k=v k=v
///
/// ResourceMetrics #0 ... / ScopeMetrics #0 ...
/// &lt;name&gt;{k=v,k=v} 42                                     gauge and sum
/// &lt;name&gt;{k=v} count=3 sum=6 min=1 max=3 le1=1 le5=2 le+Inf=0   histogram (per-bucket counts)
/// &lt;name&gt;{k=v} count=5 sum=1.5 scale=2 zero_count=1 positive_offset=-1 positive=[1,2] negative_offset=0 negative=[1]
/// &lt;name&gt;{k=v} count=4 sum=10 q0.5=2 q0.99=4                summary
///
/// ResourceLog #0 ... / ScopeLog #0 ...
/// &lt;body&gt; k=v k=v
/// </code>
/// Values are untyped (<c>k=v</c>, maps and slices as JSON) and doubles use the shortest round-trip form. As in the
/// reference collector, a multi-line log body or string value is printed as is and spans several lines.
/// </remarks>
public static class NormalFormatter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Appends the traces in the <c>normal</c> layout.</summary>
    public static void Write(StringBuilder sb, ExportTraceServiceRequest request)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(request);
        for (int i = 0; i < request.ResourceSpans.Count; i++)
        {
            var resource = request.ResourceSpans[i];
            AppendResourceLine(sb, "ResourceTraces", i, resource.SchemaUrl, resource.Resource?.Attributes);
            for (int j = 0; j < resource.ScopeSpans.Count; j++)
            {
                var scope = resource.ScopeSpans[j];
                AppendScopeLine(sb, "ScopeTraces", j, scope.Scope, scope.SchemaUrl);
                foreach (var span in scope.Spans)
                {
                    sb.Append(span.Name).Append(' ');
                    DebugText.AppendId(sb, span.TraceId);
                    sb.Append(' ');
                    DebugText.AppendId(sb, span.SpanId);
                    AppendSpacedPairs(sb, span.Attributes);
                    sb.Append('\n');
                }
            }
        }
    }

    /// <summary>Appends the metrics in the <c>normal</c> layout, one line per data point.</summary>
    public static void Write(StringBuilder sb, ExportMetricsServiceRequest request)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(request);
        for (int i = 0; i < request.ResourceMetrics.Count; i++)
        {
            var resource = request.ResourceMetrics[i];
            AppendResourceLine(sb, "ResourceMetrics", i, resource.SchemaUrl, resource.Resource?.Attributes);
            for (int j = 0; j < resource.ScopeMetrics.Count; j++)
            {
                var scope = resource.ScopeMetrics[j];
                AppendScopeLine(sb, "ScopeMetrics", j, scope.Scope, scope.SchemaUrl);
                foreach (var metric in scope.Metrics)
                {
                    AppendMetric(sb, metric);
                }
            }
        }
    }

    /// <summary>Appends the logs in the <c>normal</c> layout, one line per record: body, then attributes.</summary>
    public static void Write(StringBuilder sb, ExportLogsServiceRequest request)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(request);
        for (int i = 0; i < request.ResourceLogs.Count; i++)
        {
            var resource = request.ResourceLogs[i];
            AppendResourceLine(sb, "ResourceLog", i, resource.SchemaUrl, resource.Resource?.Attributes);
            for (int j = 0; j < resource.ScopeLogs.Count; j++)
            {
                var scope = resource.ScopeLogs[j];
                AppendScopeLine(sb, "ScopeLog", j, scope.Scope, scope.SchemaUrl);
                foreach (var record in scope.LogRecords)
                {
                    DebugText.AppendValue(sb, record.Body);
                    AppendSpacedPairs(sb, record.Attributes);
                    sb.Append('\n');
                }
            }
        }
    }

    private static void AppendResourceLine(
        StringBuilder sb, string label, int index, string schemaUrl, RepeatedField<KeyValue>? attributes)
    {
        sb.Append(Inv, $"{label} #{index}");
        if (schemaUrl.Length > 0)
        {
            sb.Append(" [").Append(schemaUrl).Append(']');
        }

        AppendSpacedPairs(sb, attributes);
        sb.Append('\n');
    }

    private static void AppendScopeLine(
        StringBuilder sb, string label, int index, InstrumentationScope? scope, string schemaUrl)
    {
        sb.Append(Inv, $"{label} #{index}");
        string name = scope?.Name ?? "";
        string version = scope?.Version ?? "";
        if (name.Length > 0 || version.Length > 0)
        {
            sb.Append(' ').Append(name);
            if (version.Length > 0)
            {
                sb.Append('@').Append(version);
            }
        }

        if (schemaUrl.Length > 0)
        {
            sb.Append(" [").Append(schemaUrl).Append(']');
        }

        AppendSpacedPairs(sb, scope?.Attributes);
        sb.Append('\n');
    }

    private static void AppendMetric(StringBuilder sb, Metric metric)
    {
        // A metric without data has no points to print, as in the reference collector.
        switch (metric.DataCase)
        {
            case Metric.DataOneofCase.Gauge:
                AppendNumberPoints(sb, metric.Name, metric.Gauge.DataPoints);
                break;
            case Metric.DataOneofCase.Sum:
                AppendNumberPoints(sb, metric.Name, metric.Sum.DataPoints);
                break;
            case Metric.DataOneofCase.Histogram:
                foreach (var point in metric.Histogram.DataPoints)
                {
                    AppendHistogramPoint(sb, metric.Name, point);
                }

                break;
            case Metric.DataOneofCase.ExponentialHistogram:
                foreach (var point in metric.ExponentialHistogram.DataPoints)
                {
                    AppendExponentialPoint(sb, metric.Name, point);
                }

                break;
            case Metric.DataOneofCase.Summary:
                foreach (var point in metric.Summary.DataPoints)
                {
                    AppendSummaryPoint(sb, metric.Name, point);
                }

                break;
        }
    }

    private static void AppendNumberPoints(StringBuilder sb, string name, RepeatedField<NumberDataPoint> points)
    {
        foreach (var point in points)
        {
            AppendSeries(sb, name, point.Attributes);
            switch (point.ValueCase)
            {
                case NumberDataPoint.ValueOneofCase.AsInt:
                    sb.Append(Inv, $" {point.AsInt}");
                    break;
                case NumberDataPoint.ValueOneofCase.AsDouble:
                    sb.Append(' ');
                    DebugText.AppendShortest(sb, point.AsDouble);
                    break;
            }

            sb.Append('\n');
        }
    }

    private static void AppendHistogramPoint(StringBuilder sb, string name, HistogramDataPoint point)
    {
        AppendSeries(sb, name, point.Attributes);
        AppendCountSumMinMax(
            sb, point.Count, point.HasSum, point.Sum, point.HasMin, point.Min, point.HasMax, point.Max);
        for (int b = 0; b < point.BucketCounts.Count; b++)
        {
            // Prometheus-style upper bounds; the bucket past the last explicit bound is the +Inf one.
            sb.Append(" le");
            if (b < point.ExplicitBounds.Count)
            {
                DebugText.AppendShortest(sb, point.ExplicitBounds[b]);
            }
            else
            {
                sb.Append("+Inf");
            }

            sb.Append(Inv, $"={point.BucketCounts[b]}");
        }

        sb.Append('\n');
    }

    private static void AppendExponentialPoint(StringBuilder sb, string name, ExponentialHistogramDataPoint point)
    {
        AppendSeries(sb, name, point.Attributes);
        AppendCountSumMinMax(
            sb, point.Count, point.HasSum, point.Sum, point.HasMin, point.Min, point.HasMax, point.Max);
        sb.Append(Inv, $" scale={point.Scale} zero_count={point.ZeroCount}");
        if (point.ZeroThreshold != 0)
        {
            sb.Append(" zero_threshold=");
            DebugText.AppendShortest(sb, point.ZeroThreshold);
        }

        // Raw offsets and counts rather than computed bounds: exact, short, and what the sender actually sent.
        AppendBuckets(sb, "positive", point.Positive);
        AppendBuckets(sb, "negative", point.Negative);
        sb.Append('\n');
    }

    private static void AppendBuckets(
        StringBuilder sb, string label, ExponentialHistogramDataPoint.Types.Buckets? buckets)
    {
        if (buckets is null || buckets.BucketCounts.Count == 0)
        {
            return;
        }

        sb.Append(Inv, $" {label}_offset={buckets.Offset} {label}=[");
        for (int i = 0; i < buckets.BucketCounts.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            sb.Append(Inv, $"{buckets.BucketCounts[i]}");
        }

        sb.Append(']');
    }

    private static void AppendSummaryPoint(StringBuilder sb, string name, SummaryDataPoint point)
    {
        AppendSeries(sb, name, point.Attributes);
        sb.Append(Inv, $" count={point.Count} sum=");
        DebugText.AppendShortest(sb, point.Sum);
        foreach (var quantile in point.QuantileValues)
        {
            sb.Append(" q");
            DebugText.AppendShortest(sb, quantile.Quantile);
            sb.Append('=');
            DebugText.AppendShortest(sb, quantile.Value);
        }

        sb.Append('\n');
    }

    private static void AppendCountSumMinMax(
        StringBuilder sb, ulong count, bool hasSum, double sum, bool hasMin, double min, bool hasMax, double max)
    {
        sb.Append(Inv, $" count={count}");
        AppendOptional(sb, " sum=", hasSum, sum);
        AppendOptional(sb, " min=", hasMin, min);
        AppendOptional(sb, " max=", hasMax, max);
    }

    private static void AppendOptional(StringBuilder sb, string label, bool present, double value)
    {
        if (present)
        {
            sb.Append(label);
            DebugText.AppendShortest(sb, value);
        }
    }

    // name{k=v,k=v}: the braces stay even when empty so every point line has the same shape.
    private static void AppendSeries(StringBuilder sb, string name, RepeatedField<KeyValue> attributes)
    {
        sb.Append(name).Append('{');
        AppendPairs(sb, attributes, ',');
        sb.Append('}');
    }

    private static void AppendSpacedPairs(StringBuilder sb, RepeatedField<KeyValue>? attributes)
    {
        if (attributes is { Count: > 0 })
        {
            sb.Append(' ');
            AppendPairs(sb, attributes, ' ');
        }
    }

    private static void AppendPairs(StringBuilder sb, RepeatedField<KeyValue> attributes, char separator)
    {
        for (int i = 0; i < attributes.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(separator);
            }

            sb.Append(attributes[i].Key).Append('=');
            DebugText.AppendValue(sb, attributes[i].Value);
        }
    }
}
