using System.Buffers;
using static MiniCollector.Exposition.ProtoWire;

namespace MiniCollector.Exposition;

/// <summary>
/// Writes metric families in Prometheus's protobuf exposition format: each family a varint-length-delimited
/// <c>io.prometheus.client.MetricFamily</c> (see proto/io/prometheus/client/metrics.proto). This is the only format
/// that carries native histograms. Encoded by hand, straight into the output, with no message objects.
/// </summary>
public static class PrometheusProtobufWriter
{
    /// <summary>The HTTP content type of this format.</summary>
    public const string ContentType = "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";

    // io.prometheus.client.MetricType values.
    private const ulong TypeCounter = 0;
    private const ulong TypeGauge = 1;
    private const ulong TypeSummary = 2;
    private const ulong TypeUntyped = 3;
    private const ulong TypeHistogram = 4;

    /// <summary>Writes every family, in order, each as a length-delimited MetricFamily.</summary>
    public static void Write(IBufferWriter<byte> output, IReadOnlyList<MetricFamily> families)
        => ExpositionFormat.Protobuf.Write(output, families);

    /// <summary>Writes one family as a length-delimited MetricFamily.</summary>
    public static void WriteFamily(IBufferWriter<byte> output, MetricFamily family)
        => ExpositionFamilyWriter.WriteFamily(ExpositionFormat.Protobuf, output, family);

    /// <summary>
    /// Writes the MetricFamily's length prefix (every point's size is counted first) and its name, help and type;
    /// false (and nothing written) when the family has no point to write.
    /// </summary>
    internal static bool WriteStart<TPoints>(ref ExpositionOutput o, in FamilyMetadata family, TPoints points)
        where TPoints : IExpositionPoints
    {
        if (!ExpositionPoints.HasAny(family.Type, points))
        {
            return false;
        }

        var type = family.Type;
        var size = StringFieldSize(1, family.Name) + VarintFieldSize(3, ProtoType(type));
        if (!string.IsNullOrEmpty(family.Help))
        {
            size += StringFieldSize(2, family.Help);
        }

        if (!string.IsNullOrEmpty(family.Unit))
        {
            size += StringFieldSize(5, family.Unit);
        }

        var count = points.Count;
        for (var i = 0; i < count; i++)
        {
            var point = points[i];
            if (ExpositionPoints.IsUsable(type, point))
            {
                size += MessageFieldSize(4, MetricSize(type, point, ValueSize(type, point)));
            }
        }

        o.WriteVarint((ulong)size);
        WriteStringField(ref o, 1, family.Name);
        if (!string.IsNullOrEmpty(family.Help))
        {
            WriteStringField(ref o, 2, family.Help);
        }

        WriteVarintField(ref o, 3, ProtoType(type));
        return true;
    }

    /// <summary>Writes the Metric messages of points from <paramref name="start"/> until <paramref name="minBytes"/> are written; returns the next point.</summary>
    internal static int WritePoints<TPoints>(ref ExpositionOutput o, in FamilyMetadata family, TPoints points, int start, int minBytes)
        where TPoints : IExpositionPoints
    {
        var type = family.Type;
        var until = (long)o.Written + minBytes;
        var count = points.Count;
        var i = start;
        while (i < count)
        {
            var point = points[i++];
            if (ExpositionPoints.IsUsable(type, point))
            {
                // The value message's size goes into both the Metric's size and the value's own header.
                var valueSize = ValueSize(type, point);
                WriteMessageHeader(ref o, 4, MetricSize(type, point, valueSize));
                WriteMetric(ref o, type, point, valueSize);
                if (o.Written >= until)
                {
                    break;
                }
            }
        }

        return i;
    }

    /// <summary>Writes what follows the metrics in a MetricFamily: its unit.</summary>
    internal static void WriteEnd(ref ExpositionOutput o, in FamilyMetadata family)
    {
        if (!string.IsNullOrEmpty(family.Unit))
        {
            WriteStringField(ref o, 5, family.Unit);
        }
    }

    private static ulong ProtoType(MetricType type) => type switch
    {
        MetricType.Counter => TypeCounter,
        MetricType.Gauge => TypeGauge,
        MetricType.Summary => TypeSummary,
        MetricType.Histogram => TypeHistogram,
        _ => TypeUntyped,
    };

    // Metric: label = 1, gauge = 2, counter = 3, summary = 4, untyped = 5, timestamp_ms = 6, histogram = 7.
    private static int MetricSize(MetricType type, in ExpositionPoint point, int valueSize)
    {
        var size = LabelsSize(point) + MessageFieldSize(ValueField(type), valueSize);
        if (point.TimestampMs is { } ms)
        {
            size += VarintFieldSize(6, (ulong)ms);
        }

        return size;
    }

    private static int ValueField(MetricType type) => type switch
    {
        MetricType.Counter => 3,
        MetricType.Gauge => 2,
        MetricType.Summary => 4,
        MetricType.Histogram => 7,
        _ => 5,
    };

    /// <summary>Size of the point's value message: its Counter, Gauge, Summary, Histogram or Untyped.</summary>
    private static int ValueSize(MetricType type, in ExpositionPoint point) => type switch
    {
        MetricType.Counter => CounterSize(point),
        MetricType.Summary => SummarySize(point.Summary!, point.CreatedSeconds),
        MetricType.Histogram => HistogramSize(point.Histogram!, point.CreatedSeconds),
        _ => DoubleFieldSize(1),
    };

    private static void WriteMetric(ref ExpositionOutput o, MetricType type, in ExpositionPoint point, int valueSize)
    {
        WriteLabels(ref o, point);

        // Fields go out in number order, as protobuf serializers write them: timestamp_ms (6) before histogram (7).
        if (type == MetricType.Histogram)
        {
            WriteTimestampMs(ref o, point);
        }

        WriteMessageHeader(ref o, ValueField(type), valueSize);
        switch (type)
        {
            case MetricType.Counter:
                WriteCounter(ref o, point);
                break;
            case MetricType.Summary:
                WriteSummary(ref o, point.Summary!, point.CreatedSeconds);
                break;
            case MetricType.Histogram:
                WriteHistogram(ref o, point.Histogram!, point.CreatedSeconds);
                return;
            default:
                WriteDoubleField(ref o, 1, point.Value);
                break;
        }

        WriteTimestampMs(ref o, point);
    }

    private static void WriteTimestampMs(ref ExpositionOutput o, in ExpositionPoint point)
    {
        if (point.TimestampMs is { } ms)
        {
            WriteVarintField(ref o, 6, (ulong)ms);
        }
    }

    // LabelPair: name = 1, value = 2.
    private static int LabelPairSize(KeyValuePair<string, string> label) =>
        StringFieldSize(1, label.Key) + StringFieldSize(2, label.Value);

    // A Metric's labels: field 1, as RenderedLabelField encodes them.
    private static int LabelsSize(in ExpositionPoint point)
    {
        var size = 0;
        if (point.LabelPairs is { } labels)
        {
            for (var i = 0; i < labels.Count; i++)
            {
                size += MessageFieldSize(1, LabelPairSize(labels[i]));
            }

            return size;
        }

        var table = point.LabelTable!;
        var indexes = point.LabelIndexes!;
        var cache = point.LabelCache;
        for (var offset = 0; offset < indexes.Length;)
        {
            var index = LabelIndexes.Read(indexes, ref offset);
            size += cache is null ? RenderedLabelField.Size(table[index]) : cache.Field(table, index).Length;
        }

        return size;
    }

    private static void WriteLabel(ref ExpositionOutput o, int field, KeyValuePair<string, string> label)
    {
        WriteMessageHeader(ref o, field, LabelPairSize(label));
        WriteStringField(ref o, 1, label.Key);
        WriteStringField(ref o, 2, label.Value);
    }

    private static void WriteLabels(ref ExpositionOutput o, in ExpositionPoint point)
    {
        if (point.LabelPairs is { } labels)
        {
            for (var i = 0; i < labels.Count; i++)
            {
                WriteLabel(ref o, 1, labels[i]);
            }

            return;
        }

        var table = point.LabelTable!;
        var indexes = point.LabelIndexes!;
        var cache = point.LabelCache;
        for (var offset = 0; offset < indexes.Length;)
        {
            var index = LabelIndexes.Read(indexes, ref offset);
            if (cache is not null)
            {
                o.Write(cache.Field(table, index));
            }
            else
            {
                var label = table[index];
                o.Advance(RenderedLabelField.Encode(label, o.Reserve(RenderedLabelField.Size(label))));
            }
        }
    }

    // Counter: value = 1, exemplar = 2, created_timestamp = 3.
    private static int CounterSize(in ExpositionPoint point)
    {
        var size = DoubleFieldSize(1);
        var exemplar = ExemplarSize(point.Exemplar);
        if (exemplar >= 0)
        {
            size += MessageFieldSize(2, exemplar);
        }

        return size + CreatedSize(3, point.CreatedSeconds);
    }

    private static void WriteCounter(ref ExpositionOutput o, in ExpositionPoint point)
    {
        WriteDoubleField(ref o, 1, point.Value);
        WriteExemplar(ref o, 2, point.Exemplar);
        WriteCreated(ref o, 3, point.CreatedSeconds);
    }

    // Summary: sample_count = 1, sample_sum = 2, quantile = 3 (quantile = 1, value = 2), created_timestamp = 4.
    private static int SummarySize(SummaryValue summary, double? created) =>
        VarintFieldSize(1, summary.Count)
        + DoubleFieldSize(2)
        + (summary.Quantiles.Count * MessageFieldSize(3, 2 * DoubleFieldSize(1)))
        + CreatedSize(4, created);

    private static void WriteSummary(ref ExpositionOutput o, SummaryValue summary, double? created)
    {
        WriteVarintField(ref o, 1, summary.Count);
        WriteDoubleField(ref o, 2, summary.Sum);
        var quantiles = summary.Quantiles;
        for (var i = 0; i < quantiles.Count; i++)
        {
            WriteMessageHeader(ref o, 3, 2 * DoubleFieldSize(1));
            WriteDoubleField(ref o, 1, quantiles[i].Key);
            WriteDoubleField(ref o, 2, quantiles[i].Value);
        }

        WriteCreated(ref o, 4, created);
    }

    // Histogram: sample_count = 1, sample_sum = 2, bucket = 3, schema = 5, zero_threshold = 6, zero_count = 7,
    // negative_span = 9, negative_delta = 10, positive_span = 12, positive_delta = 13, created_timestamp = 15.
    private static int HistogramSize(HistogramValue histogram, double? created)
    {
        var size = VarintFieldSize(1, histogram.Count) + DoubleFieldSize(2);
        var listed = 0;
        var buckets = histogram.Buckets;
        for (var i = 0; i < buckets.Count; i++)
        {
            if (ExpositionPoints.IsListedBound(buckets[i].UpperBound))
            {
                size += MessageFieldSize(3, BucketSize(buckets[i].CumulativeCount, buckets[i].Exemplar));
                listed++;
            }
        }

        if ((listed == 0 && histogram.Native is null) || histogram.InfExemplar is not null)
        {
            size += MessageFieldSize(3, BucketSize(histogram.Count, histogram.InfExemplar));
        }

        if (histogram.Native is { } native)
        {
            size += VarintFieldSize(5, ZigZag32(native.Schema))
                + DoubleFieldSize(6)
                + VarintFieldSize(7, native.ZeroCount)
                + SpansSize(9, native.NegativeSpans)
                + DeltasSize(10, native.NegativeDeltas)
                + (NeedsNoOpSpan(native) ? MessageFieldSize(12, SpanSize(default)) : SpansSize(12, native.PositiveSpans))
                + DeltasSize(13, native.PositiveDeltas);
        }

        return size + CreatedSize(15, created);
    }

    private static void WriteHistogram(ref ExpositionOutput o, HistogramValue histogram, double? created)
    {
        WriteVarintField(ref o, 1, histogram.Count);
        WriteDoubleField(ref o, 2, histogram.Sum);
        var listed = 0;
        var buckets = histogram.Buckets;
        for (var i = 0; i < buckets.Count; i++)
        {
            var bucket = buckets[i];
            if (ExpositionPoints.IsListedBound(bucket.UpperBound))
            {
                WriteBucket(ref o, bucket.UpperBound, bucket.CumulativeCount, bucket.Exemplar);
                listed++;
            }
        }

        // A histogram with neither classic buckets nor native fields would read as nothing at all; the +Inf bucket
        // (optional when other buckets are present) keeps it a valid classic histogram. It is written when nothing else would describe the histogram, or to carry its exemplar.
        if ((listed == 0 && histogram.Native is null) || histogram.InfExemplar is not null)
        {
            WriteBucket(ref o, double.PositiveInfinity, histogram.Count, histogram.InfExemplar);
        }

        if (histogram.Native is { } native)
        {
            WriteVarintField(ref o, 5, ZigZag32(native.Schema));
            WriteDoubleField(ref o, 6, native.ZeroThreshold);
            WriteVarintField(ref o, 7, native.ZeroCount);
            WriteSpans(ref o, 9, native.NegativeSpans);
            WriteDeltas(ref o, 10, native.NegativeDeltas);
            if (NeedsNoOpSpan(native))
            {
                WriteSpan(ref o, 12, default);
            }
            else
            {
                WriteSpans(ref o, 12, native.PositiveSpans);
            }

            WriteDeltas(ref o, 13, native.PositiveDeltas);
        }

        WriteCreated(ref o, 15, created);
    }

    /// <summary>
    /// Prometheus tells a native histogram from a classic one by its spans, zero threshold or zero count; one with none
    /// of them (nothing observed, zero threshold 0) carries a no-op span, as the format prescribes.
    /// </summary>
    private static bool NeedsNoOpSpan(NativeHistogram native) =>
        native.PositiveSpans.Count == 0 && native.NegativeSpans.Count == 0 && !(native.ZeroThreshold > 0) && native.ZeroCount == 0;

    // Bucket: cumulative_count = 1, upper_bound = 2, exemplar = 3.
    private static int BucketSize(ulong cumulativeCount, Exemplar? exemplar)
    {
        var size = VarintFieldSize(1, cumulativeCount) + DoubleFieldSize(2);
        var exemplarSize = ExemplarSize(exemplar);
        return exemplarSize >= 0 ? size + MessageFieldSize(3, exemplarSize) : size;
    }

    private static void WriteBucket(ref ExpositionOutput o, double upperBound, ulong cumulativeCount, Exemplar? exemplar)
    {
        WriteMessageHeader(ref o, 3, BucketSize(cumulativeCount, exemplar));
        WriteVarintField(ref o, 1, cumulativeCount);
        WriteDoubleField(ref o, 2, upperBound);
        WriteExemplar(ref o, 3, exemplar);
    }

    // BucketSpan: offset = 1 (sint32), length = 2.
    private static int SpanSize(BucketSpan span) =>
        VarintFieldSize(1, ZigZag32(span.Offset)) + VarintFieldSize(2, span.Length);

    private static int SpansSize(int field, IReadOnlyList<BucketSpan> spans)
    {
        var size = 0;
        for (var i = 0; i < spans.Count; i++)
        {
            size += MessageFieldSize(field, SpanSize(spans[i]));
        }

        return size;
    }

    private static void WriteSpan(ref ExpositionOutput o, int field, BucketSpan span)
    {
        WriteMessageHeader(ref o, field, SpanSize(span));
        WriteVarintField(ref o, 1, ZigZag32(span.Offset));
        WriteVarintField(ref o, 2, span.Length);
    }

    private static void WriteSpans(ref ExpositionOutput o, int field, IReadOnlyList<BucketSpan> spans)
    {
        for (var i = 0; i < spans.Count; i++)
        {
            WriteSpan(ref o, field, spans[i]);
        }
    }

    // Deltas are proto2 `repeated sint64` without [packed], so one tag per value, as the Go client writes them.
    private static int DeltasSize(int field, IReadOnlyList<long> deltas)
    {
        var size = 0;
        for (var i = 0; i < deltas.Count; i++)
        {
            size += VarintFieldSize(field, ZigZag64(deltas[i]));
        }

        return size;
    }

    private static void WriteDeltas(ref ExpositionOutput o, int field, IReadOnlyList<long> deltas)
    {
        for (var i = 0; i < deltas.Count; i++)
        {
            WriteVarintField(ref o, field, ZigZag64(deltas[i]));
        }
    }

    // Exemplar: label = 1, value = 2, timestamp = 3. The 128-code-point label rule applies as in OpenMetrics.
    private static int ExemplarSize(Exemplar? exemplar)
    {
        if (exemplar is null)
        {
            return -1;
        }

        var labels = exemplar.Labels;
        var budget = ExemplarLabels.Budget(labels);
        if (budget < 0)
        {
            return -1;
        }

        var size = DoubleFieldSize(2);
        for (var i = 0; i < labels.Count; i++)
        {
            if (ExemplarLabels.Keep(labels[i], ref budget))
            {
                size += MessageFieldSize(1, LabelPairSize(labels[i]));
            }
        }

        return size + CreatedSize(3, exemplar.TimestampSeconds);
    }

    private static void WriteExemplar(ref ExpositionOutput o, int field, Exemplar? exemplar)
    {
        var size = ExemplarSize(exemplar);
        if (size < 0)
        {
            return;
        }

        WriteMessageHeader(ref o, field, size);
        var labels = exemplar!.Labels;
        var budget = ExemplarLabels.Budget(labels);
        for (var i = 0; i < labels.Count; i++)
        {
            if (ExemplarLabels.Keep(labels[i], ref budget))
            {
                WriteLabel(ref o, 1, labels[i]);
            }
        }

        WriteDoubleField(ref o, 2, exemplar.Value);
        WriteCreated(ref o, 3, exemplar.TimestampSeconds);
    }

    /// <summary>Size of an optional Timestamp field holding <paramref name="seconds"/>; 0 when there is none.</summary>
    private static int CreatedSize(int field, double? seconds) =>
        seconds is { } s && TrySplitSeconds(s, out var whole, out var nanos)
            ? MessageFieldSize(field, TimestampSize(whole, nanos))
            : 0;

    private static void WriteCreated(ref ExpositionOutput o, int field, double? seconds)
    {
        if (seconds is { } s && TrySplitSeconds(s, out var whole, out var nanos))
        {
            WriteTimestamp(ref o, field, whole, nanos);
        }
    }
}
