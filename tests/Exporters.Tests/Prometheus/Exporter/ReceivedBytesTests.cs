using Google.Protobuf;
using MiniCollector.Exporters.Prometheus;
using MiniCollector.Exporters.Prometheus.Ingest;
using MiniCollector.Exporters.Prometheus.Store;
using MiniCollector.Exposition;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Otlp.Metrics;
using static MiniCollector.Exporters.Tests.Prometheus.Exporter.Otlp;

namespace MiniCollector.Exporters.Tests.Prometheus.Exporter;

/// <summary>
/// Gauges and sums read from the bytes they arrived as, their series found again by those bytes: the same series
/// whichever way a sender encodes it, exactly what the protobuf model would read, and nothing allocated to update a
/// series that exists.
/// </summary>
public sealed class ReceivedBytesTests
{
    [Fact]
    public void Updating_existing_series_from_their_received_bytes_allocates_nothing()
    {
        var store = new MetricStore(TimeSpan.FromMinutes(5), false, ExporterHarness.Clock());
        var ingest = new OtlpMetricsIngest(new PrometheusOptions(), store);
        var request = ManySeries(points: 1000).ToByteArray();

        // The first pass creates the series (and translates the resource, scope and names once).
        ingest.Ingest(request);
        ingest.Ingest(request);
        long before = GC.GetAllocatedBytesForCurrentThread();
        ingest.Ingest(request);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(1000 + 1, store.SeriesCount);
    }

    [Fact]
    public void A_point_whose_attributes_arrive_in_another_order_updates_the_same_series()
    {
        var h = ExporterHarness.FromYaml();
        h.IngestBytes(Request(Gauge("g", Point(1, At(1)).Attrs(Attr("a", "1"), Attr("b", "2")))).ToByteArray());
        h.IngestBytes(Request(Gauge("g", Point(2, At(2)).Attrs(Attr("b", "2"), Attr("a", "1")))).ToByteArray());
        Assert.Equal(["g{a=\"1\",b=\"2\"} 2"], Samples(h, "g"));

        // The first encoding still names that series.
        h.IngestBytes(Request(Gauge("g", Point(3, At(3)).Attrs(Attr("a", "1"), Attr("b", "2")))).ToByteArray());
        Assert.Equal(["g{a=\"1\",b=\"2\"} 3"], Samples(h, "g"));
    }

    [Fact]
    public void Resources_that_differ_only_in_attributes_not_exposed_update_one_series()
    {
        var h = ExporterHarness.FromYaml();
        var point = Point(1, At(1)).Attrs(Attr("k", "v"));
        h.IngestBytes(Request(Resource(Attr("service.name", "svc"), Attr("host.name", "a")), null, Gauge("g", point)).ToByteArray());
        point.AsDouble = 2;
        point.TimeUnixNano = At(2);
        h.IngestBytes(Request(Resource(Attr("service.name", "svc"), Attr("host.name", "b")), null, Gauge("g", point)).ToByteArray());

        Assert.Equal(["g{job=\"svc\",k=\"v\"} 2"], Samples(h, "g"));
    }

    [Fact]
    public void With_resource_to_telemetry_conversion_each_resource_has_its_own_series()
    {
        var h = ExporterHarness.FromYaml("endpoint: 127.0.0.1:0\nresource_to_telemetry_conversion:\n  enabled: true");
        h.IngestBytes(Request(Resource(Attr("host.name", "a")), null, Gauge("g", Point(1, At(1)))).ToByteArray());
        h.IngestBytes(Request(Resource(Attr("host.name", "b")), null, Gauge("g", Point(2, At(1)))).ToByteArray());
        h.IngestBytes(Request(Resource(Attr("host.name", "a")), null, Gauge("g", Point(3, At(2)))).ToByteArray());

        Assert.Equal(["g{host_name=\"a\"} 3", "g{host_name=\"b\"} 2"], Samples(h, "g").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Senders_beyond_what_the_ingest_remembers_still_update_their_own_series()
    {
        // More distinct resources than the ingest keeps translated: it forgets them all and starts over, after which
        // every series is found by its labels again, never confused with another.
        const int senders = 1100;
        var h = ExporterHarness.FromYaml();
        for (int round = 1; round <= 2; round++)
        {
            for (int s = 0; s < senders; s++)
            {
                var resource = Resource(Attr("service.name", "svc"), Attr("service.instance.id", "i" + s), Attr("host.name", "h" + s));
                h.IngestBytes(Request(resource, null, Counter("c", IntPoint((round * 10_000) + s, At(round), At(0)))).ToByteArray());
            }
        }

        var samples = Samples(h, "c_total");
        Assert.Equal(senders, samples.Count);
        Assert.Contains("c_total{instance=\"i0\",job=\"svc\"} 20000", samples);
        Assert.Contains("c_total{instance=\"i1099\",job=\"svc\"} 21099", samples);
    }

    [Fact]
    public void Fields_sent_twice_are_read_as_the_protobuf_model_reads_them()
    {
        // A resource field twice merges (service.name from one, service.instance.id from the other); a gauge field
        // twice merges its points; a scalar field twice (the point's value) keeps the last.
        var resourceA = Resource(Attr("service.name", "svc")).ToByteArray();
        var resourceB = Resource(Attr("service.instance.id", "i1")).ToByteArray();
        var point = Point(1, At(1)).Attrs(Attr("k", "a"));
        var gaugeA = new Gauge { DataPoints = { point } }.ToByteArray();
        var pointB = Point(2, At(1)).Attrs(Attr("k", "b")).ToByteArray();
        var gaugeB = Concat(pointB, DoubleField(4, 7.5));
        var gaugeBMessage = Field(1, gaugeB);
        var metric = Concat(Field(1, "g"u8.ToArray()), Field(5, gaugeA), Field(5, gaugeBMessage));
        var scopeMetrics = Field(2, metric);
        var resourceMetrics = Concat(Field(1, resourceA), Field(2, scopeMetrics), Field(1, resourceB));
        var request = Field(1, resourceMetrics);

        var fromBytes = ExporterHarness.FromYaml();
        fromBytes.IngestBytes(request);
        var fromModel = ExporterHarness.FromYaml();
        fromModel.Ingest(ExportMetricsServiceRequest.Parser.ParseFrom(request));

        Assert.Equal(["g{instance=\"i1\",job=\"svc\",k=\"a\"} 1", "g{instance=\"i1\",job=\"svc\",k=\"b\"} 7.5"], Samples(fromBytes, "g"));
        Assert.Equal(fromModel.Text(), fromBytes.Text());
    }

    // One resource and scope, 10 metrics (gauges and counters) sharing the points between them, every point its own series.
    private static ExportMetricsServiceRequest ManySeries(int points)
    {
        var metrics = new List<Metric>();
        for (int m = 0; m < 10; m++)
        {
            var data = Enumerable.Range(0, points / 10).Select(p => Point(p, At(1), At(0)).Attrs(Attr("route", "/r/" + p), Attr("code", Int(200 + (p % 3))))).ToArray();
            metrics.Add(m % 2 == 0 ? Gauge("gauge_" + m, data) : Counter("counter_" + m, data));
        }

        return Request(Resource(Attr("service.name", "svc"), Attr("host.name", "h")), Scope("lib", "1.0"), [.. metrics]);
    }

    private static List<string> Samples(ExporterHarness h, string name)
        => [.. h.Text().Split('\n').Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal))];

    private static byte[] Field(int number, byte[] content) => Encode(output =>
    {
        output.WriteTag(number, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(content));
    });

    private static byte[] DoubleField(int number, double value) => Encode(output =>
    {
        output.WriteTag(number, WireFormat.WireType.Fixed64);
        output.WriteDouble(value);
    });

    private static byte[] Encode(Action<CodedOutputStream> write)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        write(output);
        output.Flush();
        return stream.ToArray();
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
