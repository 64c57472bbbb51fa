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
        => ExpositionFormat.OpenMetrics.Write(output, families);

    /// <summary>Writes one family; finish the exposition with <see cref="WriteEof(IBufferWriter{byte})"/>.</summary>
    public static void WriteFamily(IBufferWriter<byte> output, MetricFamily family)
        => ExpositionFamilyWriter.WriteFamily(ExpositionFormat.OpenMetrics, output, family);

    /// <summary>Writes the <c># EOF</c> line that every OpenMetrics exposition must end with.</summary>
    public static void WriteEof(IBufferWriter<byte> output) => ExpositionFamilyWriter.Finish(ExpositionFormat.OpenMetrics, output);

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

    /// <summary>Writes the <c># EOF</c> line that ends an exposition.</summary>
    internal static void WriteEof(ref ExpositionOutput o) => o.Write("# EOF\n"u8);

    // Encodes the name once and slices the "_total" off the bytes, rather than allocating the shorter string.
    internal static ReadOnlySpan<byte> EncodeFamilyName(in FamilyMetadata family, Span<byte> scratch, ref byte[]? rented)
    {
        var name = Utf8Name.Encode(family.Name, scratch, ref rented);
        return IsCounterWithTotal(family.Type, family.Name) ? name[..^"_total".Length] : name;
    }

    /// <summary>Writes a point's sample lines (a histogram's or summary's several, <c>_created</c> included).</summary>
    internal static void WritePoint(ref ExpositionOutput o, scoped ReadOnlySpan<byte> name, MetricType type, in ExpositionPoint point)
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
            WriteBucket(ref o, name, point, bucket.UpperBound, bucket.CumulativeCount, bucket.Exemplar);
        }

        WriteBucket(ref o, name, point, double.PositiveInfinity, histogram.Count, histogram.InfExemplar);

        // OpenMetrics: a histogram with negative bucket thresholds MUST NOT expose a sum (it would not be a counter).
        WriteSumCountCreated(ref o, name, point, negativeBound ? null : histogram.Sum, histogram.Count);
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

        WriteSumCountCreated(ref o, name, point, summary.Sum, summary.Count);
    }

    private static void WriteBucket(ref ExpositionOutput o, scoped ReadOnlySpan<byte> name, in ExpositionPoint point, double bound, ulong count, Exemplar? exemplar)
    {
        o.Write(name);
        o.Write("_bucket"u8);
        o.WriteLabels(point, "le"u8, bound, openMetrics: true);
        WriteCount(ref o, count, point);
        WriteExemplar(ref o, exemplar);
        o.WriteByte((byte)'\n');
    }

    // The lines that end a histogram or a summary; a null sum is left out.
    private static void WriteSumCountCreated(ref ExpositionOutput o, scoped ReadOnlySpan<byte> name, in ExpositionPoint point, double? sum, ulong count)
    {
        if (sum is { } value)
        {
            o.Write(name);
            o.Write("_sum"u8);
            o.WriteLabels(point, default, 0, openMetrics: true);
            WriteValue(ref o, value, point);
            o.WriteByte((byte)'\n');
        }

        o.Write(name);
        o.Write("_count"u8);
        o.WriteLabels(point, default, 0, openMetrics: true);
        WriteCount(ref o, count, point);
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
