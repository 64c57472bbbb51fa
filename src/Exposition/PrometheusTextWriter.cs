using System.Buffers;

namespace MiniCollector.Exposition;

/// <summary>
/// Writes metric families in the Prometheus text exposition format 0.0.4. Exemplars and <c>_created</c> have no place
/// in this format and are left out; families without points are skipped.
/// </summary>
public static class PrometheusTextWriter
{
    /// <summary>The HTTP content type of this format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Writes every family, in order, as UTF-8 to <paramref name="output"/>.</summary>
    public static void Write(IBufferWriter<byte> output, IReadOnlyList<MetricFamily> families)
        => ExpositionFormat.PrometheusText.Write(output, families);

    /// <summary>Writes one family (HELP, TYPE and its samples), for callers that produce families one at a time.</summary>
    public static void WriteFamily(IBufferWriter<byte> output, MetricFamily family)
        => ExpositionFamilyWriter.WriteFamily(ExpositionFormat.PrometheusText, output, family);

    /// <summary>Writes HELP and TYPE; false (and nothing written) when the family has no point to write.</summary>
    internal static bool WriteStart<TPoints>(ref ExpositionOutput o, in FamilyMetadata family, TPoints points)
        where TPoints : IExpositionPoints
    {
        if (!ExpositionPoints.HasAny(family.Type, points))
        {
            return false;
        }

        byte[]? rented = null;
        try
        {
            var name = Utf8Name.Encode(family.Name, stackalloc byte[Utf8Name.ScratchSize], ref rented);
            if (!string.IsNullOrEmpty(family.Help))
            {
                o.Write("# HELP "u8);
                o.Write(name);
                o.WriteByte((byte)' ');
                o.WriteEscaped(family.Help, quotes: false);
                o.WriteByte((byte)'\n');
            }

            o.Write("# TYPE "u8);
            o.Write(name);
            o.Write(family.Type switch
            {
                MetricType.Counter => " counter\n"u8,
                MetricType.Gauge => " gauge\n"u8,
                MetricType.Histogram => " histogram\n"u8,
                MetricType.Summary => " summary\n"u8,
                _ => " untyped\n"u8,
            });
            return true;
        }
        finally
        {
            Utf8Name.Return(rented);
        }
    }

    /// <summary>Writes a point's sample lines (a histogram's or summary's several).</summary>
    internal static void WritePoint(ref ExpositionOutput o, scoped ReadOnlySpan<byte> name, MetricType type, in ExpositionPoint point)
    {
        switch (type)
        {
            case MetricType.Histogram:
                if (point.Histogram is { } histogram)
                {
                    WriteHistogram(ref o, name, point, histogram);
                }

                break;
            case MetricType.Summary:
                if (point.Summary is { } summary)
                {
                    WriteSummary(ref o, name, point, summary);
                }

                break;
            default:
                WriteName(ref o, name, default);
                o.WriteLabels(point, default, 0, openMetrics: false);
                WriteValue(ref o, point.Value, point);
                break;
        }
    }

    private static void WriteHistogram(ref ExpositionOutput o, scoped ReadOnlySpan<byte> name, in ExpositionPoint point, HistogramValue histogram)
    {
        var buckets = histogram.Buckets;
        for (var i = 0; i < buckets.Count; i++)
        {
            var bucket = buckets[i];
            if (!ExpositionPoints.IsListedBound(bucket.UpperBound))
            {
                continue;
            }

            WriteName(ref o, name, "_bucket"u8);
            o.WriteLabels(point, "le"u8, bucket.UpperBound, openMetrics: false);
            WriteCount(ref o, bucket.CumulativeCount, point);
        }

        WriteName(ref o, name, "_bucket"u8);
        o.WriteLabels(point, "le"u8, double.PositiveInfinity, openMetrics: false);
        WriteCount(ref o, histogram.Count, point);

        WriteSumAndCount(ref o, name, point, histogram.Sum, histogram.Count);
    }

    private static void WriteSummary(ref ExpositionOutput o, scoped ReadOnlySpan<byte> name, in ExpositionPoint point, SummaryValue summary)
    {
        var quantiles = summary.Quantiles;
        for (var i = 0; i < quantiles.Count; i++)
        {
            var quantile = quantiles[i];
            WriteName(ref o, name, default);
            o.WriteLabels(point, "quantile"u8, quantile.Key, openMetrics: false);
            WriteValue(ref o, quantile.Value, point);
        }

        WriteSumAndCount(ref o, name, point, summary.Sum, summary.Count);
    }

    private static void WriteSumAndCount(ref ExpositionOutput o, scoped ReadOnlySpan<byte> name, in ExpositionPoint point, double sum, ulong count)
    {
        WriteName(ref o, name, "_sum"u8);
        o.WriteLabels(point, default, 0, openMetrics: false);
        WriteValue(ref o, sum, point);

        WriteName(ref o, name, "_count"u8);
        o.WriteLabels(point, default, 0, openMetrics: false);
        WriteCount(ref o, count, point);
    }

    private static void WriteName(ref ExpositionOutput o, scoped ReadOnlySpan<byte> name, scoped ReadOnlySpan<byte> suffix)
    {
        o.Write(name);
        o.Write(suffix);
    }

    private static void WriteValue(ref ExpositionOutput o, double value, in ExpositionPoint point)
    {
        o.WriteByte((byte)' ');
        o.WriteFloat(value, openMetrics: false);
        WriteTimestamp(ref o, point);
    }

    private static void WriteCount(ref ExpositionOutput o, ulong count, in ExpositionPoint point)
    {
        o.WriteByte((byte)' ');
        o.WriteUInt64(count);
        WriteTimestamp(ref o, point);
    }

    private static void WriteTimestamp(ref ExpositionOutput o, in ExpositionPoint point)
    {
        if (point.TimestampMs is { } ms)
        {
            o.WriteByte((byte)' ');
            o.WriteInt64(ms);
        }

        o.WriteByte((byte)'\n');
    }
}
