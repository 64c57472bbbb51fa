using System.Buffers;
using MiniCollector.Exporters.Prometheus.Store;
using MiniCollector.Exposition;

namespace MiniCollector.Exporters.Tests.Prometheus.Store;

/// <summary>Series keys as the ingest lays them out, from label name/value pairs.</summary>
internal static class SeriesKeys
{
    public static SeriesKey Of(params string[] pairs) => new(Rendered(pairs, out var ends), ends);

    // Labels rendered one after another, each ending where ends[i] says.
    public static byte[] Rendered(string[] pairs, out int[] ends)
    {
        var text = new ArrayBufferWriter<byte>();
        ends = new int[pairs.Length / 2];
        for (int i = 0; i < pairs.Length; i += 2)
        {
            RenderedLabels.Write(text, pairs[i], pairs[i + 1]);
            ends[i / 2] = text.WrittenCount;
        }

        return text.WrittenSpan.ToArray();
    }
}
