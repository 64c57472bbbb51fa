using System.Runtime.CompilerServices;
using MiniCollector.Exposition;

namespace MiniCollector.Exporters.Prometheus.Store;

/// <summary>
/// A family's series copied out of the store, as the writers read them: each slot becomes a point on the fly, its
/// labels read from the label texts taken with the copy, so a scrape builds no object per scalar series.
/// </summary>
internal readonly struct FamilyPoints(SeriesSlot[] slots, int count, MetricType type, bool sendTimestamps, byte[][] labels, ProtobufLabelCache? labelCache = null) : IExpositionPoints
{
    public int Count => count;

    /// <summary>The same points, their labels read through <paramref name="cache"/> by the protobuf writer.</summary>
    public FamilyPoints WithLabelCache(ProtobufLabelCache cache) => new(slots, count, type, sendTimestamps, labels, cache);

    public ExpositionPoint this[int index]
    {
        // Read for every series, by each writer pass; inlined, the point is built where the writer keeps it, without a
        // copy of its references through write barriers (which NativeAOT did per series otherwise).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            ref readonly var s = ref slots[index];

            // A series without a time of its own (target_info) gets no timestamp: 0 would be a sample from 1970.
            long? timestamp = sendTimestamps && s.TimeNanos > 0 ? (long)(s.TimeNanos / 1_000_000) : null;
            double? created = s.StartNanos > 0 ? s.StartNanos / 1e9 : null;
            return type switch
            {
                MetricType.Counter => new ExpositionPoint(labels, s.Labels!, s.Value, timestamp, created, exemplar: s.Detail as Exemplar) { LabelCache = labelCache },
                MetricType.Histogram => new ExpositionPoint(labels, s.Labels!, 0, timestamp, created, histogram: Histogram(s.Detail)) { LabelCache = labelCache },
                MetricType.Summary => new ExpositionPoint(labels, s.Labels!, 0, timestamp, created, summary: s.Detail as SummaryValue) { LabelCache = labelCache },
                _ => new ExpositionPoint(labels, s.Labels!, s.Value, timestamp) { LabelCache = labelCache },
            };
        }
    }

    private static HistogramValue? Histogram(object? detail) => detail switch
    {
        ClassicHistogramState classic => classic.Exposition(),
        ExponentialHistogramState exponential => exponential.Exposition(),
        _ => null,
    };
}
