using System.Buffers;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using MiniCollector.Exporters.Prometheus.Store;
using MiniCollector.Exporters.Tests.Prometheus.Exporter;
using MiniCollector.Exposition;
using TestOtlp = MiniCollector.Exporters.Tests.Prometheus.Exporter.Otlp;

namespace MiniCollector.Exporters.Tests.Prometheus.Store;

/// <summary>The series store on its own: types, accumulation, removal, expiry and what a scrape's copy exposes.</summary>
public sealed class MetricStoreTests
{
    private const ulong Second = 1_000_000_000UL;
    private const ulong T0 = TestOtlp.T0;

    private static readonly FamilyInfo GaugeFamily = new("g", MetricType.Gauge, "A gauge", string.Empty);
    private static readonly FamilyInfo CounterFamily = new("c_total", MetricType.Counter, "A counter", string.Empty);
    private static readonly FamilyInfo HistogramFamily = new("h", MetricType.Histogram, string.Empty, string.Empty);

    private readonly FakeTimeProvider _time = ExporterHarness.Clock();

    private MetricStore Store(bool sendTimestamps = false) => new(TimeSpan.FromMinutes(5), sendTimestamps, _time);

    private static SeriesKey Id(params string[] pairs) => SeriesKeys.Of(pairs);

    private static byte[] Rendered(string[] pairs, out int[] ends) => SeriesKeys.Rendered(pairs, out ends);

    // What a scrape writes: every family with series (expired ones dropped as they are copied), each with its series
    // copied out as points, and each series' labels as the text format writes them between the braces.
    private static List<Family> Snapshot(MetricStore store)
    {
        var families = new List<Family>();
        try
        {
            foreach (var family in store.BeginScrape())
            {
                var slots = Array.Empty<SeriesSlot>();
                var points = store.CopySeries(family, ref slots);
                var copied = new List<ExpositionPoint>();
                var labels = new List<string>();
                for (int i = 0; i < points.Count; i++)
                {
                    copied.Add(points[i]);
                    labels.Add(LabelText(points, i));
                }

                if (points.Count > 0)
                {
                    families.Add(new Family(family.Name, family.Type, family.Metadata.Help, copied, labels));
                }
            }
        }
        finally
        {
            store.EndScrape();
        }

        return families;
    }

    private static string LabelText(FamilyPoints points, int index)
    {
        var line = new ArrayBufferWriter<byte>();
        ExpositionFamilyWriter.WritePoints(ExpositionFormat.PrometheusText, line, new FamilyMetadata("x", MetricType.Gauge, string.Empty, string.Empty), points, index, 0);
        var text = Encoding.UTF8.GetString(line.WrittenSpan);
        return text.StartsWith("x{", StringComparison.Ordinal) ? text[2..text.IndexOf("} ", StringComparison.Ordinal)] : string.Empty;
    }

    private static HistogramInput Histogram(ulong start, ulong time, double[] bounds, ulong[] counts, double sum)
        => new(start, time, counts.Aggregate(0UL, (a, b) => a + b), sum, bounds, counts, []);

    [Fact]
    public void Snapshot_is_sorted_by_family_name_and_carries_metadata()
    {
        var store = Store();
        Assert.Equal(StoreRejection.None, store.SetGauge(GaugeFamily, Id("k", "v"), 1.5, T0));
        Assert.Equal(StoreRejection.None, store.SetCounter(CounterFamily, Id(), 3, T0 - Second, T0, delta: false, exemplar: null));

        var families = Snapshot(store);

        Assert.Equal(["c_total", "g"], families.Select(f => f.Name));
        Assert.Equal(MetricType.Counter, families[0].Type);
        Assert.Equal("A counter", families[0].Help);
        var counter = Assert.Single(families[0].Points);
        Assert.Equal(3, counter.Value);
        Assert.Equal((T0 - Second) / 1e9, counter.CreatedSeconds);
        Assert.Null(counter.TimestampMs);
        var gauge = Assert.Single(families[1].Points);
        Assert.Equal(1.5, gauge.Value);
        Assert.Null(gauge.CreatedSeconds);
        Assert.Equal(["k=\"v\""], families[1].Labels);
        Assert.Equal(2, store.SeriesCount);
    }

    [Fact]
    public void Send_timestamps_gives_every_point_its_time_in_milliseconds()
    {
        var store = Store(sendTimestamps: true);
        store.SetGauge(GaugeFamily, Id(), 1, T0 + 1_234_567UL);

        Assert.Equal(TestOtlp.T0Ms + 1, Assert.Single(Assert.Single(Snapshot(store)).Points).TimestampMs);
    }

    [Fact]
    public void A_name_keeps_its_first_type_and_help()
    {
        var store = Store();
        store.SetGauge(GaugeFamily, Id(), 1, T0);

        Assert.Equal(StoreRejection.TypeConflict, store.SetCounter(GaugeFamily with { Type = MetricType.Counter }, Id(), 1, T0, T0, false, null));
        Assert.Equal(StoreRejection.TypeConflict, store.SetHistogram(GaugeFamily with { Type = MetricType.Histogram }, Id(), Histogram(T0, T0, [], [1], 1), false));
        Assert.Equal(StoreRejection.TypeConflict, store.SetSummary(GaugeFamily with { Type = MetricType.Summary }, Id(), new SummaryValue(1, 1, []), T0, T0));
        Assert.Equal(StoreRejection.None, store.SetGauge(GaugeFamily with { Help = "Other" }, Id("x", "y"), 2, T0));

        var family = Assert.Single(Snapshot(store));
        Assert.Equal(MetricType.Gauge, family.Type);
        Assert.Equal("A gauge", family.Help);
        Assert.Equal(2, family.Points.Count);
    }

    [Fact]
    public void Delta_counter_adds_only_when_aligned()
    {
        var store = Store();
        store.SetCounter(CounterFamily, Id(), 5, T0, T0 + Second, delta: true, exemplar: null);
        store.SetCounter(CounterFamily, Id(), 2, T0 + Second, T0 + (2 * Second), delta: true, exemplar: null);
        Assert.Equal(7, Assert.Single(Assert.Single(Snapshot(store)).Points).Value);

        store.SetCounter(CounterFamily, Id(), 1, T0 + Second, T0 + (3 * Second), delta: true, exemplar: null);
        var point = Assert.Single(Assert.Single(Snapshot(store)).Points);
        Assert.Equal(1, point.Value);
        Assert.Equal((T0 + Second) / 1e9, point.CreatedSeconds);
    }

    [Fact]
    public void Counter_keeps_its_exemplar_until_a_newer_one_comes()
    {
        var store = Store();
        var first = new Exemplar([new("trace_id", "a")], 1, null);
        var second = new Exemplar([new("trace_id", "b")], 2, null);
        store.SetCounter(CounterFamily, Id(), 1, T0, T0 + Second, false, first);
        store.SetCounter(CounterFamily, Id(), 2, T0, T0 + (2 * Second), false, null);
        Assert.Same(first, Assert.Single(Assert.Single(Snapshot(store)).Points).Exemplar);

        store.SetCounter(CounterFamily, Id(), 3, T0, T0 + (3 * Second), false, second);
        Assert.Same(second, Assert.Single(Assert.Single(Snapshot(store)).Points).Exemplar);
    }

    [Fact]
    public void Delta_histogram_rejects_a_point_that_starts_inside_the_held_interval()
    {
        var store = Store();
        Assert.Equal(StoreRejection.None, store.SetHistogram(HistogramFamily, Id(), Histogram(T0, T0 + (10 * Second), [1], [1, 1], 2), delta: true));
        Assert.Equal(StoreRejection.Misaligned, store.SetHistogram(HistogramFamily, Id(), Histogram(T0 + (5 * Second), T0 + (20 * Second), [1], [1, 1], 2), delta: true));
        Assert.Equal(StoreRejection.None, store.SetHistogram(HistogramFamily, Id(), Histogram(T0 + (10 * Second), T0 + (20 * Second), [1], [4, 0], 2), delta: true));

        var histogram = Assert.Single(Assert.Single(Snapshot(store)).Points).Histogram!;
        Assert.Equal(6UL, histogram.Count);
        Assert.Equal(4, histogram.Sum);
        Assert.Equal([new HistogramBucket(1, 5)], histogram.Buckets);
    }

    [Fact]
    public void Delta_exponential_histogram_rejects_a_misaligned_point()
    {
        var store = Store();
        var family = new FamilyInfo("e", MetricType.Histogram, string.Empty, string.Empty);
        var first = new ExponentialHistogramInput(T0, T0 + (10 * Second), 1, 1, 0, 0, 0, new ExponentialBuckets(0, [1]), ExponentialBuckets.Empty);

        Assert.Equal(StoreRejection.None, store.SetExponentialHistogram(family, Id(), first, delta: true));
        Assert.Equal(StoreRejection.Misaligned, store.SetExponentialHistogram(family, Id(), first with { StartNanos = T0 + Second }, delta: true));
        Assert.Equal(1UL, Assert.Single(Assert.Single(Snapshot(store)).Points).Histogram!.Count);
    }

    [Fact]
    public void Histogram_exemplars_go_to_the_first_bucket_whose_bound_holds_them()
    {
        var store = Store();
        var low = new Exemplar([], 1, null);
        var mid = new Exemplar([], 4.5, null);
        store.SetHistogram(HistogramFamily, Id(), Histogram(T0, T0 + Second, [1, 5], [1, 1, 0], 5.5) with { Exemplars = [low, mid] }, delta: false);

        var buckets = Assert.Single(Assert.Single(Snapshot(store)).Points).Histogram!.Buckets;
        Assert.Same(low, buckets[0].Exemplar);
        Assert.Same(mid, buckets[1].Exemplar);
    }

    [Fact]
    public void Remove_deletes_a_series_and_the_family_with_its_last_series()
    {
        var store = Store();
        store.SetGauge(GaugeFamily, Id("k", "a"), 1, T0);
        store.SetGauge(GaugeFamily, Id("k", "b"), 2, T0);

        store.Remove("g", MetricType.Gauge, Id("k", "a"));
        Assert.Equal(2, Assert.Single(Assert.Single(Snapshot(store)).Points).Value);

        store.Remove("g", MetricType.Gauge, Id("k", "b"));
        store.Remove("no_such_family", MetricType.Gauge, Id("k", "b"));
        Assert.Empty(Snapshot(store));
        Assert.Equal(0, store.SeriesCount);

        // The name is free again, for any type.
        Assert.Equal(StoreRejection.None, store.SetCounter(GaugeFamily with { Type = MetricType.Counter }, Id(), 1, T0, T0, false, null));
    }

    [Fact]
    public void Expiry_drops_series_not_updated_within_the_expiration_and_frees_the_name()
    {
        var store = Store();
        store.SetGauge(GaugeFamily, Id("k", "old"), 1, T0);
        store.SetGauge(GaugeFamily, Id("k", "new"), 2, T0);
        _time.Advance(TimeSpan.FromMinutes(4));
        store.SetGauge(GaugeFamily, Id("k", "new"), 3, T0 + Second);

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(2, Assert.Single(Snapshot(store)).Points.Count);

        _time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(3, Assert.Single(Assert.Single(Snapshot(store)).Points).Value);
        Assert.Equal(1, store.SeriesCount);

        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty(Snapshot(store));
        Assert.Equal(StoreRejection.None, store.SetSummary(GaugeFamily with { Type = MetricType.Summary }, Id(), new SummaryValue(1, 1, []), T0, T0));
    }

    [Fact]
    public void An_updated_series_is_exposed_with_its_new_value_and_an_older_gauge_point_is_ignored()
    {
        var store = Store();
        store.SetGauge(GaugeFamily, Id(), 1, T0 + Second);
        var before = Assert.Single(Assert.Single(Snapshot(store)).Points);

        store.SetGauge(GaugeFamily, Id(), 2, T0);
        Assert.Equal(1, Assert.Single(Assert.Single(Snapshot(store)).Points).Value);

        store.SetGauge(GaugeFamily, Id(), 3, T0 + (2 * Second));
        Assert.Equal(3, Assert.Single(Assert.Single(Snapshot(store)).Points).Value);

        // A snapshot taken earlier is not changed by later updates.
        Assert.Equal(1, before.Value);
    }

    [Fact]
    public void Series_keep_the_order_they_were_created_in_and_a_new_one_takes_the_place_last_freed()
    {
        var store = Store();
        foreach (var k in new[] { "a", "b", "c", "d" })
        {
            store.SetGauge(GaugeFamily, Id("k", k), 1, T0);
        }

        store.Remove("g", MetricType.Gauge, Id("k", "b"));
        store.Remove("g", MetricType.Gauge, Id("k", "d"));
        store.SetGauge(GaugeFamily, Id("k", "e"), 1, T0);
        store.SetGauge(GaugeFamily, Id("k", "f"), 1, T0);

        Assert.Equal(["k=\"a\"", "k=\"f\"", "k=\"c\"", "k=\"e\""], Assert.Single(Snapshot(store)).Labels);
    }

    [Fact]
    public void A_series_identified_apart_from_its_labels_takes_the_latest_labels()
    {
        var store = Store();
        var first = Rendered(["job", "j", "region", "eu"], out var firstEnds);
        var second = Rendered(["job", "j", "region", "us"], out var secondEnds);

        store.SetGauge(GaugeFamily, new SeriesKey("j"u8, first, firstEnds), 1, 0);
        store.SetGauge(GaugeFamily, new SeriesKey("j"u8, second, secondEnds), 1, 0);
        store.SetGauge(GaugeFamily, new SeriesKey("k"u8, first, firstEnds), 1, 0);

        Assert.Equal(["job=\"j\",region=\"us\"", "job=\"j\",region=\"eu\""], Assert.Single(Snapshot(store)).Labels);
        Assert.Equal(2, store.SeriesCount);
    }

    [Fact]
    public void Series_sharing_labels_each_keep_theirs_when_others_go()
    {
        var store = Store();
        store.SetGauge(GaugeFamily, Id("a", "1", "b", "x"), 1, T0);
        store.SetGauge(GaugeFamily, Id("a", "1", "b", "y"), 2, T0);
        store.SetCounter(CounterFamily, Id("a", "1"), 3, T0, T0, false, null);

        store.Remove("g", MetricType.Gauge, Id("a", "1", "b", "x"));
        store.Remove("c_total", MetricType.Counter, Id("a", "1"));
        store.SetGauge(GaugeFamily, Id("a", "1", "b", "y"), 4, T0 + Second);

        var family = Assert.Single(Snapshot(store));
        Assert.Equal(["a=\"1\",b=\"y\""], family.Labels);
        Assert.Equal(4, Assert.Single(family.Points).Value);
        Assert.Equal(1, store.SeriesCount);
    }

    [Fact]
    public void Many_series_in_one_family_are_found_again_after_the_index_grows()
    {
        var store = Store();
        for (int i = 0; i < 3000; i++)
        {
            store.SetGauge(GaugeFamily, Id("i", i.ToString(System.Globalization.CultureInfo.InvariantCulture)), i, T0);
        }

        for (int i = 0; i < 3000; i += 2)
        {
            store.Remove("g", MetricType.Gauge, Id("i", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        for (int i = 1; i < 3000; i += 2)
        {
            store.SetGauge(GaugeFamily, Id("i", i.ToString(System.Globalization.CultureInfo.InvariantCulture)), -i, T0 + Second);
        }

        var family = Assert.Single(Snapshot(store));
        Assert.Equal(1500, family.Points.Count);
        Assert.All(family.Points, p => Assert.True(p.Value < 0));
        Assert.Equal(1500, store.SeriesCount);
    }

    [Fact]
    public void A_scrape_writes_the_labels_it_copied_even_when_their_series_go_and_others_come_meanwhile()
    {
        var store = Store();
        store.SetGauge(GaugeFamily, Id("k", "old"), 1, T0);
        var slots = Array.Empty<SeriesSlot>();
        try
        {
            var family = Assert.Single(store.BeginScrape());
            var copied = store.CopySeries(family, ref slots);

            store.Remove("g", MetricType.Gauge, Id("k", "old"));
            store.SetGauge(GaugeFamily, Id("k", "new"), 2, T0);
            store.SetGauge(CounterFamily with { Type = MetricType.Gauge, Name = "h" }, Id("j", "other"), 3, T0);

            Assert.Equal("k=\"old\"", LabelText(copied, 0));
        }
        finally
        {
            store.EndScrape();
        }

        Assert.Equal(["k=\"new\""], Snapshot(store).Single(f => f.Name == "g").Labels);
        Assert.Equal(["j=\"other\""], Snapshot(store).Single(f => f.Name == "h").Labels);
    }

    private sealed record Family(string Name, MetricType Type, string Help, List<ExpositionPoint> Points, List<string> Labels);
}
