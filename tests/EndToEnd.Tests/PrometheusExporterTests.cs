using System.Diagnostics.Metrics;
using System.Net;
using MiniCollector.EndToEnd.Tests.TestSupport;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace MiniCollector.EndToEnd.Tests;

/// <summary>
/// The seed flow: an app's metrics (OpenTelemetry .NET SDK) → collector → prometheus exporter, judged by the
/// scraped text, by promtool, and by a real Prometheus server scraping it.
/// </summary>
public sealed class PrometheusExporterTests
{
    private static string Config(string extra = "") => $$"""
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:0
              http:
                endpoint: 127.0.0.1:0
        processors:
          batch:
            timeout: 50ms
        exporters:
          prometheus:
            endpoint: 127.0.0.1:0
            {{extra}}
        service:
          pipelines:
            metrics:
              receivers: [otlp]
              processors: [batch]
              exporters: [prometheus]
        """;

    [Theory]
    [InlineData(MetricReaderTemporalityPreference.Cumulative)]
    [InlineData(MetricReaderTemporalityPreference.Delta)]
    public async Task Sdk_instruments_are_exposed_with_prometheus_names_and_values(MetricReaderTemporalityPreference temporality)
    {
        await using var collector = await TestCollector.StartAsync(Config());
        var meterName = "e2e.prom." + Guid.NewGuid().ToString("N");
        using (var provider = MeterProvider(collector, meterName, temporality))
        using (var meter = new Meter(meterName, "3.1"))
        {
            var orders = meter.CreateCounter<long>("orders.placed", unit: "{order}", description: "Orders placed");
            var depth = meter.CreateUpDownCounter<long>("queue.depth", unit: "{item}");
            var duration = meter.CreateHistogram<double>("checkout.duration", unit: "ms");
            var size = meter.CreateHistogram<long>("payload.size", unit: "By");
            meter.CreateObservableGauge("room.temperature", () => 21.5, unit: "Cel");

            orders.Add(40, new KeyValuePair<string, object?>("region", "eu"));
            depth.Add(5);
            duration.Record(7);
            size.Record(1000);
            Assert.True(provider.ForceFlush(10_000));

            // A second export: cumulative series are replaced, delta ones accumulated into the same totals.
            orders.Add(2, new KeyValuePair<string, object?>("region", "eu"));
            depth.Add(-2);
            duration.Record(30);
            size.Record(3000);
            Assert.True(provider.ForceFlush(10_000));
        }

        var text = await ScrapeUntilAsync(collector, t => t.Contains("orders_placed_total{", StringComparison.Ordinal) && t.Contains("} 42", StringComparison.Ordinal));

        Assert.Contains("# TYPE orders_placed_total counter", text);
        Assert.Contains("# HELP orders_placed_total Orders placed", text);
        Assert.Matches(@"orders_placed_total\{[^}]*job=""prom-test""[^}]*otel_scope_name=""" + meterName + @"""[^}]*otel_scope_version=""3.1""[^}]*region=""eu""[^}]*\} 42\n", text);
        Assert.Contains("# TYPE checkout_duration_milliseconds histogram", text);
        Assert.Matches(@"checkout_duration_milliseconds_bucket\{[^}]*le=""10""\} 1\n", text);
        Assert.Matches(@"checkout_duration_milliseconds_bucket\{[^}]*le=""\+Inf""\} 2\n", text);
        Assert.Matches(@"checkout_duration_milliseconds_sum\{[^}]*\} 37\n", text);
        Assert.Matches(@"checkout_duration_milliseconds_count\{[^}]*\} 2\n", text);
        Assert.Matches(@"payload_size_bytes_count\{[^}]*\} 2\n", text);
        Assert.Matches(@"payload_size_bytes_sum\{[^}]*\} 4000\n", text);
        Assert.Matches(@"room_temperature_celsius\{[^}]*\} 21.5\n", text);
        Assert.Matches(@"target_info\{[^}]*deployment_environment=""e2e""[^}]*job=""prom-test""[^}]*\} 1\n", text);

        if (temporality == MetricReaderTemporalityPreference.Cumulative)
        {
            // Up-down counters are cumulative-only in the SDK; Prometheus sees a gauge.
            Assert.Contains("# TYPE queue_depth gauge", text);
            Assert.Matches(@"queue_depth\{[^}]*\} 3\n", text);
        }

        Promtool.AssertParses(text);
    }

    [Fact]
    public async Task Exponential_histograms_are_served_as_classic_buckets_in_text_and_natively_over_protobuf()
    {
        await using var collector = await TestCollector.StartAsync(Config());
        var meterName = "e2e.exp." + Guid.NewGuid().ToString("N");
        using (var provider = MeterProvider(collector, meterName, MetricReaderTemporalityPreference.Cumulative, exponential: "request.latency"))
        using (var meter = new Meter(meterName))
        {
            var latency = meter.CreateHistogram<double>("request.latency", unit: "s");
            foreach (var v in new[] { 0.1, 0.2, 0.4, 0.8, 1.6 })
            {
                latency.Record(v);
            }

            Assert.True(provider.ForceFlush(10_000));
        }

        var text = await ScrapeUntilAsync(collector, t => t.Contains("request_latency_seconds_count", StringComparison.Ordinal));
        Assert.Matches(@"request_latency_seconds_count\{[^}]*\} 5\n", text);
        Assert.Matches(@"request_latency_seconds_bucket\{[^}]*le=""\+Inf""\} 5\n", text);
        Promtool.AssertParses(text);

        using var http = new HttpClient();
        var request = new HttpRequestMessage(HttpMethod.Get, $"http://{collector.PrometheusAddress}/metrics");
        request.Headers.TryAddWithoutValidation("Accept", "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,text/plain;version=0.0.4;q=0.3");
        var response = await http.SendAsync(request);
        Assert.StartsWith("application/vnd.google.protobuf", response.Content.Headers.ContentType?.ToString());
        using var body = await response.Content.ReadAsStreamAsync();
        var families = new List<MiniCollector.Otlp.PrometheusClient.MetricFamily>();
        while (body.Position < body.Length)
        {
            families.Add(MiniCollector.Otlp.PrometheusClient.MetricFamily.Parser.ParseDelimitedFrom(body));
        }

        var histogram = families.Single(f => f.Name == "request_latency_seconds").Metric.Single().Histogram;
        Assert.Equal(5UL, histogram.SampleCount);
        Assert.NotEmpty(histogram.PositiveSpan);

        // Deltas encode counts: their running sums are the bucket counts, which add up to the sample count.
        long running = 0, total = 0;
        foreach (var delta in histogram.PositiveDelta)
        {
            running += delta;
            total += running;
        }

        Assert.Equal(5, total + (long)histogram.ZeroCount);
    }

    [Fact]
    public async Task Open_metrics_is_served_when_enabled_and_asked_for_with_exemplars_created_unit_and_eof()
    {
        await using var collector = await TestCollector.StartAsync(Config("enable_open_metrics: true"));
        var meterName = "e2e.om." + Guid.NewGuid().ToString("N");
        using (var provider = MeterProvider(collector, meterName, MetricReaderTemporalityPreference.Cumulative))
        using (var meter = new Meter(meterName))
        {
            meter.CreateCounter<long>("jobs.done").Add(3);
            Assert.True(provider.ForceFlush(10_000));
        }

        await ScrapeUntilAsync(collector, t => t.Contains("jobs_done_total", StringComparison.Ordinal));
        using var http = new HttpClient();
        var request = new HttpRequestMessage(HttpMethod.Get, $"http://{collector.PrometheusAddress}/metrics");
        request.Headers.TryAddWithoutValidation("Accept", "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1");
        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.StartsWith("application/openmetrics-text", response.Content.Headers.ContentType?.ToString());
        Assert.Contains("# TYPE jobs_done counter", text);
        Assert.Matches(@"jobs_done_total\{[^}]*\} 3(\.0)?\n", text);
        Assert.Matches(@"jobs_done_created\{[^}]*\} \d+", text);
        Assert.EndsWith("# EOF\n", text);
    }

    [Fact]
    public async Task Scrapes_accept_gzip_and_other_paths_are_not_found()
    {
        await using var collector = await TestCollector.StartAsync(Config());
        var meterName = "e2e.gzip." + Guid.NewGuid().ToString("N");
        using (var provider = MeterProvider(collector, meterName, MetricReaderTemporalityPreference.Cumulative))
        using (var meter = new Meter(meterName))
        {
            meter.CreateCounter<long>("compressed.things").Add(1);
            Assert.True(provider.ForceFlush(10_000));
        }

        await ScrapeUntilAsync(collector, t => t.Contains("compressed_things_total", StringComparison.Ordinal));
        using var http = new HttpClient();
        var request = new HttpRequestMessage(HttpMethod.Get, $"http://{collector.PrometheusAddress}/metrics");
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        var metrics = await http.SendAsync(request);
        var root = await http.GetAsync($"http://{collector.PrometheusAddress}/");
        var other = await http.GetAsync($"http://{collector.PrometheusAddress}/other");

        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Contains("gzip", metrics.Content.Headers.ContentEncoding);
        using (var gzip = new System.IO.Compression.GZipStream(await metrics.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress))
        using (var reader = new StreamReader(gzip))
        {
            Assert.Equal(await (await http.GetAsync($"http://{collector.PrometheusAddress}/metrics")).Content.ReadAsStringAsync(), await reader.ReadToEndAsync());
        }

        Assert.Equal(HttpStatusCode.OK, root.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task A_real_prometheus_scrapes_the_exporter_and_answers_queries_including_native_histograms()
    {
        await using var collector = await TestCollector.StartAsync(Config());
        await using var prometheus = PrometheusServer.Start([("minicollector", collector.PrometheusAddress, "/metrics")], honorLabels: true, "native-histograms");
        await prometheus.WaitForHealthyTargetsAsync(1);
        var meterName = "e2e.real." + Guid.NewGuid().ToString("N");
        using var provider = MeterProvider(collector, meterName, MetricReaderTemporalityPreference.Cumulative, exponential: "upload.size");
        using var meter = new Meter(meterName);
        meter.CreateCounter<long>("uploads").Add(17, new KeyValuePair<string, object?>("kind", "image"));
        meter.CreateHistogram<double>("upload.size", unit: "By").Record(2048);
        meter.CreateHistogram<double>("upload.size", unit: "By").Record(4096);
        meter.CreateHistogram<double>("upload.duration", unit: "s").Record(0.25);
        Assert.True(provider.ForceFlush(10_000));

        var counter = await prometheus.QueryUntilAsync("uploads_total{kind=\"image\"}");
        Assert.Equal("17", counter[0].GetProperty("value")[1].GetString());
        Assert.Equal("prom-test", counter[0].GetProperty("metric").GetProperty("job").GetString());

        var classic = await prometheus.QueryUntilAsync("upload_duration_seconds_count");
        Assert.Equal("1", classic[0].GetProperty("value")[1].GetString());

        // histogram_count only answers for native histograms: proof the exponential one arrived natively.
        var native = await prometheus.QueryUntilAsync("histogram_count(upload_size_bytes)");
        Assert.Equal("2", native[0].GetProperty("value")[1].GetString());
        var sum = await prometheus.QueryUntilAsync("histogram_sum(upload_size_bytes)");
        Assert.Equal("6144", sum[0].GetProperty("value")[1].GetString());
    }

    [Fact]
    public async Task The_scrape_endpoint_can_require_tls_and_client_certificates()
    {
        using var certificates = new TestCertificates();
        await using var collector = await TestCollector.StartAsync(Config($"tls:\n      cert_file: {certificates.ServerCertFile}\n      key_file: {certificates.ServerKeyFile}\n      client_ca_file: {certificates.CaFile}"));
        var url = $"https://{collector.PrometheusAddress}/metrics";

        using var withCertificate = new HttpClient(new SocketsHttpHandler { SslOptions = { ClientCertificates = [certificates.Client], RemoteCertificateValidationCallback = (_, c, _, _) => certificates.IsIssuedByCa(c as System.Security.Cryptography.X509Certificates.X509Certificate2) } });
        using var without = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, c, _, _) => certificates.IsIssuedByCa(c as System.Security.Cryptography.X509Certificates.X509Certificate2) } });

        Assert.Equal(HttpStatusCode.OK, (await withCertificate.GetAsync(url)).StatusCode);
        await Assert.ThrowsAsync<HttpRequestException>(() => without.GetAsync(url));
    }

    private static MeterProvider MeterProvider(TestCollector collector, string meterName, MetricReaderTemporalityPreference temporality, string? exponential = null)
    {
        var builder = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("prom-test").AddAttributes([new("deployment.environment", "e2e")]))
            .AddMeter(meterName);
        if (exponential is not null)
        {
            builder.AddView(exponential, new Base2ExponentialBucketHistogramConfiguration());
        }

        return builder.AddOtlpExporter((o, reader) =>
            {
                o.Endpoint = new Uri(collector.HttpUrl + "/v1/metrics");
                o.Protocol = OtlpExportProtocol.HttpProtobuf;
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 600_000;
                reader.TemporalityPreference = temporality;
            })
            .Build();
    }

    private static async Task<string> ScrapeUntilAsync(TestCollector collector, Func<string, bool> condition)
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        string text;
        do
        {
            text = await http.GetStringAsync($"http://{collector.PrometheusAddress}/metrics");
            if (condition(text))
            {
                return text;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        return text;
    }
}
