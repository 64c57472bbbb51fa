using System.Runtime.CompilerServices;
using MiniCollector.Exporters.Prometheus;
using MiniCollector.Exposition;

namespace MiniCollector.Benchmarks.Micro;

/// <summary>
/// Calls into the few internal members these benchmarks measure: the OTLP exporters' gzip helper and the prometheus
/// exporter's render. Measuring the shipped code matters more than measuring a copy of it, and the source projects grant
/// no InternalsVisibleTo to benchmarks, so the runtime's unsafe accessors bind to them by name (no reflection; a rename
/// fails the benchmark that uses it with MissingMethodException, not silently).
/// </summary>
internal static class InternalEntryPoints
{
    private const string GzipPayloadType = "MiniCollector.Exporters.Otlp.GzipPayload, MiniCollector.Exporters";

    /// <summary><c>GzipPayload.Compress</c>: what the otlp and otlphttp exporters send when compression is gzip.</summary>
    public static byte[] GzipCompress(ReadOnlyMemory<byte> payload, int prefixLength = 0) => Compress(null, payload, prefixLength);

    /// <summary><c>PrometheusExporter.Render</c>: one scrape's body, from the store's snapshot to the finished bytes.</summary>
    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Render")]
    public static extern (byte[] Body, ExpositionFormat Format) Render(PrometheusExporter exporter, ExpositionFormat format);

    /// <summary><c>PrometheusExporter.WriteScrapeAsync</c>: a scrape as it is sent, chunk by chunk, with no whole body.</summary>
    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "WriteScrapeAsync")]
    public static extern Task WriteScrapeAsync(PrometheusExporter exporter, ExpositionFormat format, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> send, CancellationToken cancellationToken);

    [UnsafeAccessor(UnsafeAccessorKind.StaticMethod, Name = "Compress")]
    private static extern byte[] Compress([UnsafeAccessorType(GzipPayloadType)] object? type, ReadOnlyMemory<byte> payload, int prefixLength);
}
