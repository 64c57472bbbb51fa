using System.Buffers;

namespace MiniCollector.Exposition;

/// <summary>
/// Writes an exposition one family and one run of points at a time, in any of the formats, so a scrape can be sent
/// while it is being written: a caller writes a run into a small buffer, sends it, and goes on with the next run,
/// never holding the whole body. <see cref="ExpositionFormats.Write"/> writes a whole exposition with the same steps.
/// </summary>
/// <remarks>
/// Per family: <see cref="Start{TPoints}(ExpositionFormat, IBufferWriter{byte}, in FamilyMetadata, TPoints)"/>, then
/// <see cref="WritePoints{TPoints}(ExpositionFormat, IBufferWriter{byte}, in FamilyMetadata, TPoints, int, int)"/> until
/// it returns the point count, then <see cref="End(ExpositionFormat, IBufferWriter{byte}, in FamilyMetadata)"/>; after the
/// last family, <see cref="Finish(ExpositionFormat, IBufferWriter{byte})"/>. The points must not change between the calls
/// for one family (the protobuf format counts their size up front).
/// </remarks>
public static class ExpositionFamilyWriter
{
    /// <summary>Writes what precedes a family's points; false (and nothing written) when it has none to write.</summary>
    public static bool Start<TPoints>(ExpositionFormat format, IBufferWriter<byte> output, in FamilyMetadata family, TPoints points)
        where TPoints : IExpositionPoints
    {
        ArgumentNullException.ThrowIfNull(output);
        var o = new ExpositionOutput(output);
        var started = Start(format, ref o, family, points);
        o.Flush();
        return started;
    }

    /// <summary>
    /// Writes points from <paramref name="start"/> on, stopping after the point that brings the bytes written by this
    /// call to <paramref name="minBytes"/> or more; returns the index of the next point (the count when done).
    /// </summary>
    public static int WritePoints<TPoints>(ExpositionFormat format, IBufferWriter<byte> output, in FamilyMetadata family, TPoints points, int start, int minBytes)
        where TPoints : IExpositionPoints
    {
        ArgumentNullException.ThrowIfNull(output);
        var o = new ExpositionOutput(output);
        var next = WritePoints(format, ref o, family, points, start, minBytes);
        o.Flush();
        return next;
    }

    /// <summary>Writes what follows a started family's points.</summary>
    public static void End(ExpositionFormat format, IBufferWriter<byte> output, in FamilyMetadata family)
    {
        ArgumentNullException.ThrowIfNull(output);
        var o = new ExpositionOutput(output);
        End(format, ref o, family);
        o.Flush();
    }

    /// <summary>Writes what ends an exposition (OpenMetrics' <c># EOF</c>).</summary>
    public static void Finish(ExpositionFormat format, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var o = new ExpositionOutput(output);
        Finish(format, ref o);
        o.Flush();
    }

    /// <summary>Writes one whole family: start, every point, end.</summary>
    public static void WriteFamily(ExpositionFormat format, IBufferWriter<byte> output, MetricFamily family)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(family);
        var o = new ExpositionOutput(output);
        WriteFamily(format, ref o, family);
        o.Flush();
    }

    internal static void WriteFamily(ExpositionFormat format, ref ExpositionOutput o, MetricFamily family)
    {
        var metadata = FamilyMetadata.Of(family);
        var points = new MetricPointList(family.Points);
        if (Start(format, ref o, metadata, points))
        {
            WritePoints(format, ref o, metadata, points, 0, int.MaxValue);
            End(format, ref o, metadata);
        }
    }

    internal static void Finish(ExpositionFormat format, ref ExpositionOutput o)
    {
        if (format == ExpositionFormat.OpenMetrics)
        {
            OpenMetricsWriter.WriteEof(ref o);
        }
    }

    private static bool Start<TPoints>(ExpositionFormat format, ref ExpositionOutput o, in FamilyMetadata family, TPoints points)
        where TPoints : IExpositionPoints => format switch
    {
        ExpositionFormat.OpenMetrics => OpenMetricsWriter.WriteStart(ref o, family, points),
        ExpositionFormat.Protobuf => PrometheusProtobufWriter.WriteStart(ref o, family, points),
        _ => PrometheusTextWriter.WriteStart(ref o, family, points),
    };

    private static int WritePoints<TPoints>(ExpositionFormat format, ref ExpositionOutput o, in FamilyMetadata family, TPoints points, int start, int minBytes)
        where TPoints : IExpositionPoints => format == ExpositionFormat.Protobuf
            ? PrometheusProtobufWriter.WritePoints(ref o, family, points, start, minBytes)
            : TextSamples.WritePoints(ref o, family, points, start, minBytes, openMetrics: format == ExpositionFormat.OpenMetrics);

    private static void End(ExpositionFormat format, ref ExpositionOutput o, in FamilyMetadata family)
    {
        if (format == ExpositionFormat.Protobuf)
        {
            PrometheusProtobufWriter.WriteEnd(ref o, family);
        }
    }
}
