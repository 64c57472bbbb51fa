using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using MiniCollector.Exposition;
using MiniCollector.Otlp.Collector.Metrics;
using MiniCollector.Pipeline.Consumers;
using MiniCollector.Pipeline.Payload;
using static MiniCollector.Exporters.Tests.Prometheus.Exporter.Otlp;

namespace MiniCollector.Exporters.Tests.Prometheus.Exporter;

/// <summary>
/// Scrapes are sent while they are written, in chunks, and requests that arrive as bytes (as received, or batched
/// together) are decoded part by part; neither may change what is exposed.
/// </summary>
public sealed class StreamedScrapeTests
{
    // Enough series for a text body of about 2 MB: many chunks of the exporter's send size.
    private const int Metrics = 20;
    private const int SeriesPerMetric = 1_000;

    [Fact]
    public async Task A_large_scrape_arrives_chunked_with_the_bytes_of_the_whole_rendering_in_every_format_and_with_gzip()
    {
        var h = ExporterHarness.FromOptions(new MiniCollector.Exporters.Prometheus.PrometheusOptions { Endpoint = "127.0.0.1:0", EnableOpenMetrics = true });
        h.Ingest(LargeRequest());
        await h.Exporter.StartAsync(CancellationToken.None);
        try
        {
            using var http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None });
            var url = h.Exporter.Endpoints[0].Url + "/metrics";

            var text = await Get(http, url, accept: null, gzip: false);
            Assert.True(text.Headers.TransferEncodingChunked);
            var body = await text.Content.ReadAsByteArrayAsync();
            Assert.True(body.Length > 1_000_000, $"the body should be large, it is {body.Length} bytes");
            Assert.Equal(h.Exporter.Render(ExpositionFormat.PrometheusText).Body, body);
            Promtool.AssertParses(System.Text.Encoding.UTF8.GetString(body));

            var zipped = await Get(http, url, accept: null, gzip: true);
            Assert.Equal(["gzip"], zipped.Content.Headers.ContentEncoding);
            Assert.Equal(body, Gunzip(await zipped.Content.ReadAsByteArrayAsync()));

            var openMetrics = await Get(http, url, "application/openmetrics-text; version=1.0.0", gzip: false);
            Assert.Equal(h.Exporter.Render(ExpositionFormat.OpenMetrics).Body, await openMetrics.Content.ReadAsByteArrayAsync());

            var protobuf = await Get(http, url, "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited", gzip: true);
            Assert.Equal(h.Exporter.Render(ExpositionFormat.Protobuf).Body, Gunzip(await protobuf.Content.ReadAsByteArrayAsync()));
        }
        finally
        {
            await h.Exporter.ShutdownAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task An_empty_exposition_is_sent_empty_and_uncompressed_and_head_gets_the_headers_only()
    {
        var h = ExporterHarness.FromYaml();
        await h.Exporter.StartAsync(CancellationToken.None);
        try
        {
            using var http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None });
            var url = h.Exporter.Endpoints[0].Url + "/metrics";

            var empty = await Get(http, url, accept: null, gzip: true);
            Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
            Assert.Empty(empty.Content.Headers.ContentEncoding);
            Assert.Empty(await empty.Content.ReadAsByteArrayAsync());

            h.Ingest(Gauge("g", Point(1, At(1))));
            using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal(PrometheusTextWriter.ContentType, head.Content.Headers.ContentType?.ToString());
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }
        finally
        {
            await h.Exporter.ShutdownAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Received_bytes_and_a_batch_of_them_expose_what_the_decoded_requests_do_and_keep_no_model()
    {
        var first = Request(Resource(Attr("service.name", "a")), Scope("s"), Counter("c", Point(1, At(1), At(0)).Attrs(Attr("k", "1"))), Gauge("g", Point(2, At(1))));
        var second = Request(Resource(Attr("service.name", "b")), Scope("s"), Counter("c", Point(3, At(2), At(0)).Attrs(Attr("k", "1"))), Gauge("g", Point(4, At(2))));
        var merged = first.Clone();
        merged.ResourceMetrics.Add(second.Clone().ResourceMetrics);

        var models = ExporterHarness.FromYaml();
        models.Ingest(merged);

        var bytes = ExporterHarness.FromYaml();
        var single = MetricsKind.Instance.FromBytes(first.ToByteArray());
        var batch = TelemetryRequest<ExportMetricsServiceRequest>.Concat(
            MetricsKind.Instance,
            [MetricsKind.Instance.FromBytes(first.ToByteArray()), MetricsKind.Instance.FromBytes(second.ToByteArray())],
            ClientMetadata.Empty);
        Assert.Equal(ConsumeResult.Success, await bytes.Exporter.ConsumeAsync(single, CancellationToken.None));
        Assert.Equal(ConsumeResult.Success, await bytes.Exporter.ConsumeAsync(batch, CancellationToken.None));

        Assert.Equal(models.OpenMetrics(), bytes.RenderRaw(ExpositionFormat.OpenMetrics));
        Assert.False(single.HasModel);
        Assert.False(batch.HasModel);
    }

    private static ExportMetricsServiceRequest LargeRequest()
    {
        var metrics = new List<MiniCollector.Otlp.Metrics.Metric>();
        for (int m = 0; m < Metrics; m++)
        {
            var points = new List<MiniCollector.Otlp.Metrics.NumberDataPoint>();
            for (int s = 0; s < SeriesPerMetric; s++)
            {
                points.Add(Point(s * 0.5, At(1), At(0)).Attrs(Attr("route", "/api/v1/items/" + s), Attr("quote", "say \"" + (s % 7) + "\"")));
            }

            metrics.Add(m % 2 == 0 ? Counter("requests_" + m, [.. points]) : Gauge("level_" + m, [.. points]));
        }

        return Request(Resource(Attr("service.name", "svc"), Attr("host.name", "h1")), Scope("load", "1.0"), [.. metrics]);
    }

    private static async Task<HttpResponseMessage> Get(HttpClient http, string url, string? accept, bool gzip)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null)
        {
            request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(accept));
        }

        if (gzip)
        {
            request.Headers.AcceptEncoding.ParseAdd("gzip");
        }

        var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    private static byte[] Gunzip(byte[] compressed)
    {
        using var input = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
