namespace MiniCollector.Exposition;

/// <summary>
/// The run of sample lines the two text formats write alike: the family name encoded once, then points until the byte
/// budget is reached. Only a point's lines differ, and each format writes its own.
/// </summary>
internal static class TextSamples
{
    /// <summary>Writes the samples of points from <paramref name="start"/> until <paramref name="minBytes"/> are written; returns the next point.</summary>
    public static int WritePoints<TPoints>(ref ExpositionOutput o, in FamilyMetadata family, TPoints points, int start, int minBytes, bool openMetrics)
        where TPoints : IExpositionPoints
    {
        byte[]? rented = null;
        try
        {
            Span<byte> scratch = stackalloc byte[Utf8Name.ScratchSize];
            var name = openMetrics
                ? OpenMetricsWriter.EncodeFamilyName(family, scratch, ref rented)
                : Utf8Name.Encode(family.Name, scratch, ref rented);
            var type = family.Type;
            var until = (long)o.Written + minBytes;
            var count = points.Count;
            var i = start;
            while (i < count)
            {
                if (openMetrics)
                {
                    OpenMetricsWriter.WritePoint(ref o, name, type, points[i++]);
                }
                else
                {
                    PrometheusTextWriter.WritePoint(ref o, name, type, points[i++]);
                }

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
}
