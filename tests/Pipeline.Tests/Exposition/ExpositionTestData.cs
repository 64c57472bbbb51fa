using System.Buffers;
using System.Text;
using MiniCollector.Exposition;

namespace MiniCollector.Pipeline.Tests.Exposition;

/// <summary>Shorthands for building exposition models and rendering them to strings or bytes.</summary>
public static class Expo
{
    public const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    public const string SpanId = "00f067aa0ba902b7";

    public static KeyValuePair<string, string>[] Labels(params (string Name, string Value)[] labels) =>
        Array.ConvertAll(labels, l => new KeyValuePair<string, string>(l.Name, l.Value));

    public static KeyValuePair<string, string>[] NoLabels => [];

    public static MetricFamily Family(string name, MetricType type, string help, params MetricPoint[] points) =>
        new(name, type, help, "", points);

    public static MetricFamily Family(string name, MetricType type, string help, string unit, params MetricPoint[] points) =>
        new(name, type, help, unit, points);

    public static MetricPoint Point(double value, params (string, string)[] labels) => new(Labels(labels), value);

    public static HistogramValue Histogram(ulong count, double sum, params (double Bound, ulong Cumulative)[] buckets) =>
        new(count, sum, Array.ConvertAll(buckets, b => new HistogramBucket(b.Bound, b.Cumulative)));

    public static SummaryValue Summary(ulong count, double sum, params (double Quantile, double Value)[] quantiles) =>
        new(count, sum, Array.ConvertAll(quantiles, q => new KeyValuePair<double, double>(q.Quantile, q.Value)));

    public static Exemplar TraceExemplar(double value, double? timestampSeconds = null, params (string, string)[] extra) =>
        new([.. Labels(("trace_id", TraceId), ("span_id", SpanId)), .. Labels(extra)], value, timestampSeconds);

    public static string Text(params MetricFamily[] families) => Render(o => PrometheusTextWriter.Write(o, families));

    public static string OpenMetrics(params MetricFamily[] families) => Render(o => OpenMetricsWriter.Write(o, families));

    public static byte[] Protobuf(params MetricFamily[] families)
    {
        var output = new ArrayBufferWriter<byte>();
        PrometheusProtobufWriter.Write(output, families);
        return output.WrittenSpan.ToArray();
    }

    public static string Render(Action<IBufferWriter<byte>> write)
    {
        var output = new ArrayBufferWriter<byte>();
        write(output);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    /// <summary>Expected text written one line per string, each ending in a line feed.</summary>
    public static string Lines(params string[] lines) => string.Concat(lines.Select(l => l + "\n"));

    /// <summary>
    /// A broad exposition that stays clean under promtool's lint rules (HELP everywhere, counters ending in
    /// <c>_total</c>, base units): every type, labels that need escaping, special values, timestamps, exemplars and
    /// created times (which the text format leaves out), native histograms, many series and long names.
    /// </summary>
    public static MetricFamily[] RichFamilies()
    {
        var requestPoints = new List<MetricPoint>();
        foreach (var method in new[] { "GET", "POST", "PUT", "DELETE" })
        {
            foreach (var code in new[] { "200", "404", "500" })
            {
                requestPoints.Add(new MetricPoint(
                    Labels(("method", method), ("code", code), ("path", "/api/v1/\"quoted\"\\path\nnext")),
                    Value: method.Length * 1000 + int.Parse(code, System.Globalization.CultureInfo.InvariantCulture),
                    CreatedSeconds: 1_700_000_000.25,
                    Exemplar: TraceExemplar(1, 1_700_000_100.5, ("user", "ünïcödé ✓"))));
            }
        }

        var latencyBuckets = new List<HistogramBucket>();
        ulong cumulative = 0;
        foreach (var bound in new[] { 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 1e6 })
        {
            cumulative += 3;
            latencyBuckets.Add(new HistogramBucket(bound, cumulative, bound == 0.1 ? TraceExemplar(0.07, 1_700_000_050) : null));
        }

        // Zero bucket 2 + positive buckets 4, 3, 5 + negative bucket 1 = 15 observations (Prometheus checks the count).
        var native = new NativeHistogram(3, 1e-128, 2, [new BucketSpan(-2, 2), new BucketSpan(3, 1)], [4, -1, 2], [new BucketSpan(0, 1)], [1]);
        var empty = new NativeHistogram(0, 0, 0, [], [], [], []);

        return
        [
            Family("minicollector_http_requests_total", MetricType.Counter, "Requests served, by method and code.", "", [.. requestPoints]),
            Family("minicollector_process_start_time_seconds", MetricType.Gauge, "Start time of the process since unix epoch in seconds.", "seconds",
                new MetricPoint(NoLabels, 1_700_000_000.123, TimestampMs: 1_700_000_000_123)),
            Family("minicollector_temperature_celsius", MetricType.Gauge, "Help with a backslash \\ and a\nnew line.",
                Point(double.NaN, ("sensor", "nan")),
                Point(double.PositiveInfinity, ("sensor", "hot")),
                Point(double.NegativeInfinity, ("sensor", "cold")),
                Point(-0.000012, ("sensor", "tiny")),
                Point(1.5e21, ("sensor", "huge")),
                Point(123456789, ("sensor", "big")),
                Point(0, ("sensor", "tab\tand\rreturn"))),
            Family("minicollector_legacy_value", MetricType.Unknown, "An untyped value.", Point(42, ("kind", "legacy"))),
            Family("minicollector_request_duration_seconds", MetricType.Histogram, "Request latency.", "seconds",
                new MetricPoint(Labels(("route", "/a")), Histogram: new HistogramValue(36, 17.25, latencyBuckets), CreatedSeconds: 1_700_000_000),
                new MetricPoint(Labels(("route", "/b")), TimestampMs: 1_700_000_000_000, Histogram: Histogram(0, 0, (0.1, 0), (1, 0)))),

            // Native histograms get a family of their own: Prometheus decides native or classic per family, from its
            // first metric, so mixing both kinds in one family would not survive a protobuf scrape.
            Family("minicollector_request_size_bytes", MetricType.Histogram, "Request sizes.", "bytes",
                new MetricPoint(Labels(("route", "/native")), CreatedSeconds: 1_700_000_000, Histogram: new HistogramValue(15, 12.5, [], native)),
                new MetricPoint(Labels(("route", "/empty")), Histogram: new HistogramValue(0, 0, [], empty))),
            Family("minicollector_rpc_duration_seconds", MetricType.Summary, "RPC latency.", "seconds",
                new MetricPoint(Labels(("service", "auth")), Summary: Summary(2693, 1.7560473e7, (0.01, 3102), (0.5, 4773), (0.99, 76656)), CreatedSeconds: 1_600_000_000),
                new MetricPoint(Labels(("service", "idle")), Summary: Summary(0, 0, (0.5, double.NaN)))),
            Family("minicollector_empty", MetricType.Gauge, "No points; skipped."),
            Family("minicollector_" + new string('x', 300) + "_bytes", MetricType.Gauge, "A very long name.", Point(1, ("k", new string('v', 5000)))),
        ];
    }
}
