using System.Net.Http.Headers;

namespace MiniCollector.Benchmarks.Load.Measurement;

/// <summary>
/// How a scrape asks for its body: the <c>Accept</c> header (null sends none, as the scrapes before this existed
/// did), whether it accepts gzip, and the media type the answer must carry, so a collector that quietly falls back to
/// text (OpenMetrics not enabled) is reported instead of timed as something it is not.
/// </summary>
/// <param name="Name">The report's name for it.</param>
/// <param name="Accept">The <c>Accept</c> header, or null.</param>
/// <param name="Gzip">Whether the scrape sends <c>Accept-Encoding: gzip</c>.</param>
/// <param name="MediaType">The media type of the answer's <c>Content-Type</c>.</param>
public sealed record ScrapeFormat(string Name, string? Accept, bool Gzip, string MediaType)
{
    /// <summary>Prometheus text 0.0.4, uncompressed.</summary>
    public static ScrapeFormat Text { get; } = new("text", null, false, "text/plain");

    /// <summary>Prometheus text with <c>Accept-Encoding: gzip</c>, as a Prometheus server scrapes by default.</summary>
    public static ScrapeFormat TextGzip { get; } = new("text+gzip", null, true, "text/plain");

    /// <summary>OpenMetrics 1.0 (served only when the exporter has <c>enable_open_metrics: true</c>).</summary>
    public static ScrapeFormat OpenMetrics { get; } = new("openmetrics", "application/openmetrics-text; version=1.0.0", false, "application/openmetrics-text");

    /// <summary>The delimited protobuf exposition (MetricFamily messages), which native histograms need.</summary>
    public static ScrapeFormat Protobuf { get; } = new("protobuf", "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited", false, "application/vnd.google.protobuf");

    /// <summary>Every format, text first: its first scrape is the one comparable with runs before the others existed.</summary>
    public static IReadOnlyList<ScrapeFormat> All { get; } = [Text, TextGzip, OpenMetrics, Protobuf];

    /// <summary>A GET of <paramref name="uri"/> with this format's headers.</summary>
    public HttpRequestMessage Request(Uri uri)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (Accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", Accept);
        }

        if (Gzip)
        {
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        }

        return request;
    }

    /// <summary>Why an answer is not in this format, or null when it is.</summary>
    public string? Mismatch(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (!string.Equals(mediaType, MediaType, StringComparison.OrdinalIgnoreCase))
        {
            return $"answered {mediaType ?? "no Content-Type"}, not {MediaType}";
        }

        bool gzipped = response.Content.Headers.ContentEncoding.Contains("gzip", StringComparer.OrdinalIgnoreCase);
        return gzipped == Gzip ? null : gzipped ? "answered gzip unasked" : "answered without gzip";
    }

    /// <summary>A client that leaves bodies as they came (no automatic decompression), so wire sizes are measured.</summary>
    public static HttpClient Client() => new(new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.None })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };
}
