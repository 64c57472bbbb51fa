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
        (string, string)[] labels = [.. EscapedLabels, ("lone", "a\ud800b")];
        var gauge = new MetricPoint(Expo.Labels(labels), 1.5, 1_700_000_000_000);
        var histogram = new MetricPoint(Expo.Labels(labels), Histogram: Expo.Histogram(3, 2.5, (1, 1), (5, 3)));
        var unlabelled = new MetricPoint([], Histogram: Expo.Histogram(1, 1, (1, 1)));

        Assert.Equal(
            Write(format, (Gauge, new ExpositionPoint(gauge)), (Hist, new ExpositionPoint(histogram)), (Hist, new ExpositionPoint(unlabelled))),
            Write(format, (Gauge, Rendered(gauge, labels)), (Hist, Rendered(histogram, labels)), (Hist, Rendered(unlabelled, []))));
    }

    [Fact]
    public void Rendered_labels_read_through_a_protobuf_label_cache_are_written_as_the_same_labels_as_pairs()
    {
        (string, string)[] labels = [.. EscapedLabels, ("long", new string('v', 300))];
        var counter = new MetricPoint(Expo.Labels(labels), 7, 1_700_000_000_000, 1_600_000_000.5, Expo.TraceExemplar(1, 1_700_000_000.25, ("user", "ü")));
        var histogram = new MetricPoint(Expo.Labels(labels), CreatedSeconds: 1_600_000_000,
            Histogram: new HistogramValue(3, 2.5, [new HistogramBucket(1, 1, Expo.TraceExemplar(0.5)), new HistogramBucket(5, 3)]));
        var summary = new MetricPoint(Expo.Labels(labels), Summary: Expo.Summary(2, 3, (0.5, 1)));
        var expected = Write(ExpositionFormat.Protobuf, (Counter, new ExpositionPoint(counter)), (Hist, new ExpositionPoint(histogram)), (Summ, new ExpositionPoint(summary)));

        // One table for all the points, as a store has: the first write fills the cache, the second finds every label in it.
        var (table, indexes) = Table(labels);
        var cache = new ProtobufLabelCache();
        (FamilyMetadata, ExpositionPoint)[] rendered = [(Counter, Cached(counter)), (Hist, Cached(histogram)), (Summ, Cached(summary))];
        Assert.Equal(expected, Write(ExpositionFormat.Protobuf, rendered));
        Assert.Equal(expected, Write(ExpositionFormat.Protobuf, rendered));

        ExpositionPoint Cached(MetricPoint p) =>
            new(table, indexes, p.Value, p.TimestampMs, p.CreatedSeconds, p.Exemplar, p.Histogram, p.Summary) { LabelCache = cache };
    }

    [Fact]
    public void A_protobuf_label_cache_writes_the_label_that_holds_an_index_now()
    {
        var cache = new ProtobufLabelCache();
        byte[][] table = [Text("a", "1"), Text("b", "22")];
        var indexes = new byte[] { 0, 1 };
        Assert.Equal(Pairs(("a", "1"), ("b", "22")), Cached());

        // A store gives the index of a label no series holds any more to the next new label: a new text, maybe of
        // another size; the labels around it stay cached.
        table[1] = Text("b", "3");
        Assert.Equal(Pairs(("a", "1"), ("b", "3")), Cached());
        table[1] = Text("c", "a value longer than the one before");
        Assert.Equal(Pairs(("a", "1"), ("c", "a value longer than the one before")), Cached());

        // A table that grew into a new array holds the same texts: the same bytes.
        table = [table[0], table[1], Text("d", "4")];
        Assert.Equal(Pairs(("a", "1"), ("c", "a value longer than the one before")), Cached());

        byte[] Cached() => Write(ExpositionFormat.Protobuf, (Gauge, new ExpositionPoint(table, indexes, 1.5) { LabelCache = cache }));

        static byte[] Pairs(params (string, string)[] labels) =>
            Write(ExpositionFormat.Protobuf, (Gauge, new ExpositionPoint(new MetricPoint(Expo.Labels(labels), 1.5))));
    }

    // Labels whose text differs from their value: escapes, and characters of several UTF-8 bytes.
    private static (string, string)[] EscapedLabels =>
    [
        ("plain", "x"),
        ("quote", "say \"hi\""),
        ("slash", "C:\\dir\\n"),
        ("line", "one\ntwo"),
        ("unicode", "Grüße, 日本, 🎉"),
    ];

    private static FamilyMetadata Counter => new("c_total", MetricType.Counter, "help", string.Empty);

    private static FamilyMetadata Summ => new("s", MetricType.Summary, string.Empty, string.Empty);

    private static FamilyMetadata Gauge => new("m", MetricType.Gauge, "help", string.Empty);

    private static FamilyMetadata Hist => new("h", MetricType.Histogram, string.Empty, string.Empty);

    // The point with its labels as positions in a table of rendered labels.
    private static ExpositionPoint Rendered(MetricPoint point, (string Name, string Value)[] labels)
    {
        var (table, indexes) = Table(labels);
        return new ExpositionPoint(table, indexes, point.Value, point.TimestampMs, point.CreatedSeconds, point.Exemplar, point.Histogram, point.Summary);
    }

    // A table of the rendered labels, holding another one too, and the labels' positions in it.
    private static (byte[][] Table, byte[] Indexes) Table((string Name, string Value)[] labels)
    {
        var table = new List<byte[]> { Text("other", "x") };
        var indexes = new byte[labels.Length * LabelIndexes.MaxLength];
        var length = 0;
        foreach (var (name, value) in labels)
        {
            length += LabelIndexes.Write(table.Count, indexes.AsSpan(length));
            table.Add(Text(name, value));
        }

        return ([.. table], indexes[..length]);
    }

    private static byte[] Text(string name, string value)
    {
        var text = new ArrayBufferWriter<byte>();
        RenderedLabels.Write(text, name, value);
        return text.WrittenSpan.ToArray();
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
