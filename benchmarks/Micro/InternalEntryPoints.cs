using System.Runtime.CompilerServices;
using MiniCollector.Exporters.Prometheus;
using MiniCollector.Pipeline.Exposition;

namespace MiniCollector.Benchmarks.Micro;

/// <summary>
/// Calls into the few internal members these benchmarks measure: the OTLP exporters' gzip helper, the receiver's
/// CRC-32 and the prometheus exporter's render. Measuring the shipped code matters more than measuring a copy of it,
/// and the source projects grant no InternalsVisibleTo to benchmarks, so the runtime's unsafe accessors bind to them
/// by name (no reflection; a rename fails the benchmark that uses it with MissingMethodException, not silently).
/// </summary>
internal static class InternalEntryPoints
{
    private const string GzipPayloadType = "MiniCollector.Exporters.Otlp.GzipPayload, MiniCollector.Exporters";
    private const string Crc32Type = "MiniCollector.Receiver.Http.Crc32, MiniCollector.Receiver";
    private const string RequestBodyReaderType = "MiniCollector.Receiver.Http.RequestBodyReader, MiniCollector.Receiver";

    /// <summary><c>GzipPayload.Compress</c>: what the otlp and otlphttp exporters send when compression is gzip.</summary>
    public static byte[] GzipCompress(ReadOnlyMemory<byte> payload, int prefixLength = 0) => Compress(null, payload, prefixLength);

    /// <summary><c>Crc32.Compute</c>: the receiver's check of a gzip member's trailer.</summary>
    public static uint Crc32(ReadOnlySpan<byte> data) => Compute(null, data);

    /// <summary><c>RequestBodyReader.Adler32</c>: the receiver's check of a zlib stream's trailer.</summary>
    public static uint Adler32(ReadOnlySpan<byte> data) => ComputeAdler32(null, data);

    /// <summary><c>PrometheusExporter.Render</c>: one scrape's body, from the store's snapshot to the finished bytes.</summary>
    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "Render")]
    public static extern (byte[] Body, ExpositionFormat Format) Render(PrometheusExporter exporter, ExpositionFormat format);

    [UnsafeAccessor(UnsafeAccessorKind.StaticMethod, Name = "Compress")]
    private static extern byte[] Compress([UnsafeAccessorType(GzipPayloadType)] object? type, ReadOnlyMemory<byte> payload, int prefixLength);

    [UnsafeAccessor(UnsafeAccessorKind.StaticMethod, Name = "Compute")]
    private static extern uint Compute([UnsafeAccessorType(Crc32Type)] object? type, ReadOnlySpan<byte> data);

    [UnsafeAccessor(UnsafeAccessorKind.StaticMethod, Name = "Adler32")]
    private static extern uint ComputeAdler32([UnsafeAccessorType(RequestBodyReaderType)] object? type, ReadOnlySpan<byte> data);
}
