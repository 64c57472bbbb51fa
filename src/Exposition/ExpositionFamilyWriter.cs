using System.Buffers;

namespace MiniCollector.Exposition;

/// <summary>
/// Writes an exposition one family and one run of points at a time, in any of the formats, so a scrape can be sent
/// while it is being written: a caller writes a run into a small buffer, sends it, and goes on with the next run,
/// never holding the whole body. The bytes are exactly those of <see cref="ExpositionFormats.Write"/>.
/// </summary>
/// <remarks>
/// Per family: <see cref="Start{TPoints}"/>, then <see cref="WritePoints{TPoints}"/> until it returns the point count,
/// then <see cref="End"/>; after the last family, <see cref="Finish"/>. The points must not change between the calls
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
        var started = format switch
        {
            ExpositionFormat.OpenMetrics => OpenMetricsWriter.WriteStart(ref o, family, points),
            ExpositionFormat.Protobuf => PrometheusProtobufWriter.WriteStart(ref o, family, points),
            _ => PrometheusTextWriter.WriteStart(ref o, family, points),
        };
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
        var next = format switch
        {
            ExpositionFormat.OpenMetrics => OpenMetricsWriter.WritePoints(ref o, family, points, start, minBytes),
            ExpositionFormat.Protobuf => PrometheusProtobufWriter.WritePoints(ref o, family, points, start, minBytes),
            _ => PrometheusTextWriter.WritePoints(ref o, family, points, start, minBytes),
        };
        o.Flush();
        return next;
    }

    /// <summary>Writes what follows a started family's points.</summary>
    public static void End(ExpositionFormat format, IBufferWriter<byte> output, in FamilyMetadata family)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (format == ExpositionFormat.Protobuf)
        {
            var o = new ExpositionOutput(output);
            PrometheusProtobufWriter.WriteEnd(ref o, family);
            o.Flush();
        }
    }

    /// <summary>Writes what ends an exposition (OpenMetrics' <c># EOF</c>).</summary>
    public static void Finish(ExpositionFormat format, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (format == ExpositionFormat.OpenMetrics)
        {
            var o = new ExpositionOutput(output);
            OpenMetricsWriter.WriteEof(ref o);
            o.Flush();
        }
    }
}
