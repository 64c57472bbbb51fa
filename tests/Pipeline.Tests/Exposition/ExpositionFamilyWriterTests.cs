using System.Buffers;
using MiniCollector.Exposition;

namespace MiniCollector.Pipeline.Tests.Exposition;

/// <summary>
/// Writing an exposition a family and a run of points at a time (what a streamed scrape does) gives the bytes of the
/// whole write, and labels kept as rendered text are written exactly as the same labels kept as pairs.
/// </summary>
public class ExpositionFamilyWriterTests
{
    public static TheoryData<ExpositionFormat, int> FormatsAndRuns => new()
    {
        { ExpositionFormat.PrometheusText, 1 },
        { ExpositionFormat.PrometheusText, 100 },
        { ExpositionFormat.OpenMetrics, 1 },
        { ExpositionFormat.OpenMetrics, 100 },
        { ExpositionFormat.Protobuf, 1 },
        { ExpositionFormat.Protobuf, 100 },
    };

    [Theory]
    [MemberData(nameof(FormatsAndRuns))]
    public void Writing_in_runs_gives_the_bytes_of_the_whole_write(ExpositionFormat format, int minBytes)
    {
        var families = Expo.RichFamilies();
        var whole = new ArrayBufferWriter<byte>();
        format.Write(whole, families);

        var runs = new ArrayBufferWriter<byte>();
        var calls = 0;
        foreach (var family in families)
        {
            var metadata = FamilyMetadata.Of(family);
            var points = new Points([.. family.Points.Select(p => new ExpositionPoint(p))]);
            if (!ExpositionFamilyWriter.Start(format, runs, metadata, points))
            {
                continue;
            }

            for (var next = 0; next < points.Count; calls++)
            {
                next = ExpositionFamilyWriter.WritePoints(format, runs, metadata, points, next, minBytes);
            }

            ExpositionFamilyWriter.End(format, runs, metadata);
        }

        ExpositionFamilyWriter.Finish(format, runs);

        Assert.Equal(whole.WrittenSpan.ToArray(), runs.WrittenSpan.ToArray());
        Assert.True(calls > families.Length, "the points should have been written over several runs");
    }

    [Theory]
    [InlineData(ExpositionFormat.PrometheusText)]
    [InlineData(ExpositionFormat.OpenMetrics)]
    [InlineData(ExpositionFormat.Protobuf)]
    public void Rendered_labels_are_written_as_the_same_labels_as_pairs(ExpositionFormat format)
    {
        (string, string)[] labels =
        [
            ("plain", "x"),
            ("quote", "say \"hi\""),
            ("slash", "C:\\dir\\n"),
            ("line", "one\ntwo"),
            ("unicode", "Grüße, 日本, 🎉"),
            ("lone", "a\ud800b"),
        ];
        var gauge = new MetricPoint(Expo.Labels(labels), 1.5, 1_700_000_000_000);
        var histogram = new MetricPoint(Expo.Labels(labels), Histogram: Expo.Histogram(3, 2.5, (1, 1), (5, 3)));
        var unlabelled = new MetricPoint([], Histogram: Expo.Histogram(1, 1, (1, 1)));

        Assert.Equal(
            Write(format, (Gauge, new ExpositionPoint(gauge)), (Hist, new ExpositionPoint(histogram)), (Hist, new ExpositionPoint(unlabelled))),
            Write(format, (Gauge, Rendered(gauge, labels)), (Hist, Rendered(histogram, labels)), (Hist, Rendered(unlabelled, []))));
    }

    private static FamilyMetadata Gauge => new("m", MetricType.Gauge, "help", string.Empty);

    private static FamilyMetadata Hist => new("h", MetricType.Histogram, string.Empty, string.Empty);

    // The point with its labels as positions in a table of rendered labels, the table holding others too.
    private static ExpositionPoint Rendered(MetricPoint point, (string Name, string Value)[] labels)
    {
        var table = new List<byte[]> { Text("other", "x") };
        var indexes = new byte[labels.Length * LabelIndexes.MaxLength];
        var length = 0;
        foreach (var (name, value) in labels)
        {
            length += LabelIndexes.Write(table.Count, indexes.AsSpan(length));
            table.Add(Text(name, value));
        }

        return new ExpositionPoint([.. table], indexes[..length], point.Value, point.TimestampMs, point.CreatedSeconds, point.Exemplar, point.Histogram, point.Summary);

        static byte[] Text(string name, string value)
        {
            var text = new ArrayBufferWriter<byte>();
            RenderedLabels.Write(text, name, value);
            return text.WrittenSpan.ToArray();
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(300)]
    [InlineData(2_000_000)]
    [InlineData(int.MaxValue)]
    public void A_label_index_reads_back_as_written(int index)
    {
        var bytes = new byte[2 * LabelIndexes.MaxLength];
        var length = LabelIndexes.Write(index, bytes);
        length += LabelIndexes.Write(7, bytes.AsSpan(length));

        var offset = 0;
        Assert.Equal(index, LabelIndexes.Read(bytes, ref offset));
        Assert.Equal(7, LabelIndexes.Read(bytes, ref offset));
        Assert.Equal(length, offset);
        Assert.Equal(index < 128 ? 2 : index < 16_384 ? 3 : length, length);
    }

    // Each (family, point) as a family of its own, then the end of the exposition.
    private static byte[] Write(ExpositionFormat format, params (FamilyMetadata Family, ExpositionPoint Point)[] series)
    {
        var output = new ArrayBufferWriter<byte>();
        foreach (var (family, point) in series)
        {
            var points = new Points([point]);
            Assert.True(ExpositionFamilyWriter.Start(format, output, family, points));
            Assert.Equal(1, ExpositionFamilyWriter.WritePoints(format, output, family, points, 0, int.MaxValue));
            ExpositionFamilyWriter.End(format, output, family);
        }

        ExpositionFamilyWriter.Finish(format, output);
        return output.WrittenSpan.ToArray();
    }

    private readonly struct Points(ExpositionPoint[] points) : IExpositionPoints
    {
        public int Count => points.Length;

        public ExpositionPoint this[int index] => points[index];
    }
}
