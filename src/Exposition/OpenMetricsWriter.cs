using System.Buffers;

namespace MiniCollector.Exposition;

/// <summary>
/// Writes metric families in the OpenMetrics 1.0.0 text format: TYPE/UNIT/HELP metadata, <c>_total</c> and
/// <c>_created</c> samples, exemplars on counters and histogram buckets, timestamps in seconds, and the closing
/// <c># EOF</c>. Families without points are skipped.
/// </summary>
public static class OpenMetricsWriter
{
    /// <summary>The HTTP content type of this format.</summary>
    public const string ContentType = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    /// <summary>Writes every family, in order, followed by <c># EOF</c>: a complete exposition.</summary>
    public static void Write(IBufferWriter<byte> output, IReadOnlyList<MetricFamily> families)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(families);
        var o = new ExpositionOutput(output);
        for (var i = 0; i < families.Count; i++)
        {
            WriteFamily(ref o, families[i]);
        }

        WriteEof(ref o);
        o.Flush();
    }

    /// <summary>Writes one family; finish the exposition with <see cref="WriteEof(IBufferWriter{byte})"/>.</summary>
    public static void WriteFamily(IBufferWriter<byte> output, MetricFamily family)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(family);
        var o = new ExpositionOutput(output);
        WriteFamily(ref o, family);
        o.Flush();
    }

    /// <summary>Writes the <c># EOF</c> line that every OpenMetrics exposition must end with.</summary>
    public static void WriteEof(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var o = new ExpositionOutput(output);
        WriteEof(ref o);
        o.Flush();
    }

    /// <summary>
    /// The OpenMetrics family name: a counter's name without its <c>_total</c> (the sample keeps it); any other name as is.
    /// </summary>
    public static string FamilyName(MetricFamily family)
    {
        ArgumentNullException.ThrowIfNull(family);
        return FamilyName(family.Type, family.Name);
    }

    private static string FamilyName(MetricType type, string name) =>
        IsCounterWithTotal(type, name) ? name[..^"_total".Length] : name;

    private static bool IsCounterWithTotal(MetricType type, string name) =>
        type == MetricType.Counter && name.Length > "_total".Length && name.EndsWith("_total", StringComparison.Ordinal);

    /// <summary>Writes TYPE, UNIT and HELP; false (and nothing written) when the family has no point to write.</summary>
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
            var name = EncodeFamilyName(family, stackalloc byte[Utf8Name.ScratchSize], ref rented);
            var familyName = family.Name.AsSpan();
            if (IsCounterWithTotal(family.Type, family.Name))
            {
                familyName = familyName[..^"_total".Length];
            }

            o.Write("# TYPE "u8);
            o.Write(name);
            o.Write(family.Type switch
            {
                MetricType.Counter => " counter\n"u8,
                MetricType.Gauge => " gauge\n"u8,
                MetricType.Histogram => " histogram\n"u8,
                MetricType.Summary => " summary\n"u8,
                _ => " unknown\n"u8,
            });

            // OpenMetrics requires the unit to be the name's last word; a UNIT line that breaks that rule would make
            // strict parsers reject the whole exposition, so it is dropped instead.
            if (!string.IsNullOrEmpty(family.Unit) && HasUnitSuffix(familyName, family.Unit))
            {
                o.Write("# UNIT "u8);
                o.Write(name);
                o.WriteByte((byte)' ');
                o.WriteUtf8(family.Unit);
                o.WriteByte((byte)'\n');
            }

            if (!string.IsNullOrEmpty(family.Help))
            {
                o.Write("# HELP "u8);
                o.Write(name);
                o.WriteByte((byte)' ');
                o.WriteEscaped(family.Help, quotes: true);
                o.WriteByte((byte)'\n');
            }

            return true;
        }
        finally
        {
            Utf8Name.Return(rented);
        }
    }

    /// <summary>Writes the samples of points from <paramref name="start"/> until <paramref name="minBytes"/> are written; returns the next point.</summary>
    internal static int WritePoints<TPoints>(ref ExpositionOutput o, in FamilyMetadata family, TPoints points, int start, int minBytes)
        where TPoints : IExpositionPoints
    {
        byte[]? rented = null;
        try
        {
            var name = EncodeFamilyName(family, stackalloc byte[Utf8Name.ScratchSize], ref rented);
            var until = (long)o.Written + minBytes;
            var count = points.Count;
            var i = start;
            while (i < count)
            {
                WritePoint(ref o, name, family.Type, points[i++]);
                if (o.Written >= until)
                {
                    break;
                }
            }

            return i;
        }
        finally
        {
            Utf8Name.Return(rented);
        }
    }

    /// <summary>Writes the <c># EOF</c> line that ends an exposition.</summary>
    internal static void WriteEof(ref ExpositionOutput o) => o.Write("# EOF\n"u8);

    // Encodes the name once and slices the "_total" off the bytes, rather than allocating the shorter string.
    private static ReadOnlySpan<byte> EncodeFamilyName(in FamilyMetadata family, Span<byte> scratch, ref byte[]? rented)
    {
        var name = Utf8Name.Encode(family.Name, scratch, ref rented);
        return IsCounterWithTotal(family.Type, family.Name) ? name[..^"_total".Length] : name;
    }

    private static void WriteFamily(ref ExpositionOutput o, MetricFamily family)
    {
        var metadata = FamilyMetadata.Of(family);
        var points = new MetricPointList(family.Points);
        if (WriteStart(ref o, metadata, points))
        {
            WritePoints(ref o, metadata, points, 0, int.MaxValue);
        }
    }

    private static void WritePoint(ref ExpositionOutput o, scoped ReadOnlySpan<byte> name, MetricType type, in ExpositionPoint point)
    {
        switch (type)
        {
            case MetricType.Counter:
                WriteCounter(ref o, name, point);
                break;
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
                o.Write(name);
                o.WriteLabels(point, default, 0, openMetrics: true);
                WriteValue(ref o, point.Value, point);
                o.WriteByte((byte)'\n');
                break;
        }
    }

    private static bool HasUnitSuffix(ReadOnlySpan<char> familyName, string unit) =>
        familyName.Length > unit.Length
        && familyName.EndsWith(unit, StringComparison.Ordinal)
        && familyName[familyName.Length - unit.Length - 1] == '_';

    private static void WriteCounter(ref ExpositionOutput o, scoped ReadOnlySpan<byte> name, in ExpositionPoint point)
    {
        o.Write(name);
        o.Write("_total"u8);
        o.WriteLabels(point, default, 0, openMetrics: true);
        WriteValue(ref o, point.Value, point);
        WriteExemplar(ref o, point.Exemplar);
        o.WriteByte((byte)'\n');
        WriteCreated(ref o, name, point);
    }

    private static void WriteHistogram(ref ExpositionOutput o, scoped ReadOnlySpan<byte> name, in ExpositionPoint point, HistogramValue histogram)
    {
        var buckets = histogram.Buckets;
        var negativeBound = false;
        for (var i = 0; i < buckets.Count; i++)
        {
            var bucket = buckets[i];
            if (!ExpositionPoints.IsListedBound(bucket.UpperBound))
            {
                continue;
            }

            negativeBound |= bucket.UpperBound < 0;
            o.Write(name);
            o.Write("_bucket"u8);
            o.WriteLabels(point, "le"u8, bucket.UpperBound, openMetrics: true);
            WriteCount(ref o, bucket.CumulativeCount, point);
            WriteExemplar(ref o, bucket.Exemplar);
            o.WriteByte((byte)'\n');
        }

        o.Write(name);
        o.Write("_bucket"u8);
        o.WriteLabels(point, "le"u8, double.PositiveInfinity, openMetrics: true);
        WriteCount(ref o, histogram.Count, point);
        WriteExemplar(ref o, histogram.InfExemplar);
        o.WriteByte((byte)'\n');

        // OpenMetrics: a histogram with negative bucket thresholds MUST NOT expose a sum (it would not be a counter).
        if (!negativeBound)
        {
            o.Write(name);
            o.Write("_sum"u8);
            o.WriteLabels(point, default, 0, openMetrics: true);
            WriteValue(ref o, histogram.Sum, point);
            o.WriteByte((byte)'\n');
        }

        o.Write(name);
        o.Write("_count"u8);
        o.WriteLabels(point, default, 0, openMetrics: true);
        WriteCount(ref o, histogram.Count, point);
        o.WriteByte((byte)'\n');
        WriteCreated(ref o, name, point);
    }

    private static void WriteSummary(ref ExpositionOutput o, scoped ReadOnlySpan<byte> name, in ExpositionPoint point, SummaryValue summary)
    {
        var quantiles = summary.Quantiles;
        for (var i = 0; i < quantiles.Count; i++)
        {
            var quantile = quantiles[i];
            o.Write(name);
            o.WriteLabels(point, "quantile"u8, quantile.Key, openMetrics: true);
            WriteValue(ref o, quantile.Value, point);
            o.WriteByte((byte)'\n');
        }

        o.Write(name);
        o.Write("_sum"u8);
        o.WriteLabels(point, default, 0, openMetrics: true);
        WriteValue(ref o, summary.Sum, point);
        o.WriteByte((byte)'\n');

        o.Write(name);
        o.Write("_count"u8);
        o.WriteLabels(point, default, 0, openMetrics: true);
        WriteCount(ref o, summary.Count, point);
        o.WriteByte((byte)'\n');
        WriteCreated(ref o, name, point);
    }

    private static void WriteCreated(ref ExpositionOutput o, scoped ReadOnlySpan<byte> name, in ExpositionPoint point)
    {
        if (point.CreatedSeconds is not { } created)
        {
            return;
        }

        o.Write(name);
        o.Write("_created"u8);
        o.WriteLabels(point, default, 0, openMetrics: true);
        o.WriteByte((byte)' ');
        o.WriteSeconds(created);
        WriteTimestamp(ref o, point);
        o.WriteByte((byte)'\n');
    }

    private static void WriteValue(ref ExpositionOutput o, double value, in ExpositionPoint point)
    {
        o.WriteByte((byte)' ');
        o.WriteFloat(value, openMetrics: true);
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
            o.WriteMillisecondsAsSeconds(ms);
        }
    }

    private static void WriteExemplar(ref ExpositionOutput o, Exemplar? exemplar)
    {
        if (exemplar is null)
        {
            return;
        }

        var labels = exemplar.Labels;
        var budget = ExemplarLabels.Budget(labels);
        if (budget < 0)
        {
            return;
        }

        o.Write(" # {"u8);
        var first = true;
        for (var i = 0; i < labels.Count; i++)
        {
            var label = labels[i];
            if (!ExemplarLabels.Keep(label, ref budget))
            {
                continue;
            }

            if (!first)
            {
                o.WriteByte((byte)',');
            }

            first = false;
            o.WriteUtf8(label.Key);
            o.Write("=\""u8);
            o.WriteEscaped(label.Value, quotes: true);
            o.WriteByte((byte)'"');
        }

        o.Write("} "u8);
        o.WriteFloat(exemplar.Value, openMetrics: true);
        if (exemplar.TimestampSeconds is { } seconds)
        {
            o.WriteByte((byte)' ');
            o.WriteSeconds(seconds);
        }
    }
}
