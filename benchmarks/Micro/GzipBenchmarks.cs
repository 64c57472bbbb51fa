using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using MiniCollector.Receiver.Http;

namespace MiniCollector.Benchmarks.Micro;

/// <summary>
/// Compression on both sides of the wire for the standard trace payload: the exporters' gzip, the receiver's
/// decompress-and-verify read of a gzip body, and the CRC-32 that verification runs over the decompressed bytes.
/// </summary>
[MemoryDiagnoser]
public class GzipBenchmarks
{
    // The receiver's default max_request_body_size; the payload is far below it, so the limit never cuts a read short.
    private const long BodyLimit = 64L * 1024 * 1024;

    private byte[] _payload = [];
    private byte[] _gzipped = [];
    private byte[] _scratch = [];

    [GlobalSetup]
    public void Setup()
    {
        _payload = OtlpPayloads.TraceBytes;
        _gzipped = InternalEntryPoints.GzipCompress(_payload);
        _scratch = new byte[_payload.Length + 1];
    }

    /// <summary>The otlp/otlphttp exporters' gzip (CompressionLevel.Fastest) of one request.</summary>
    [Benchmark]
    public int CompressExporterGzip() => InternalEntryPoints.GzipCompress(_payload).Length;

    /// <summary>
    /// The receiver's read of a <c>Content-Encoding: gzip</c> body: streaming decompression under the size limit, then
    /// the gzip trailer's CRC-32 and length checked against the output, then the exact-size copy handed to decoding.
    /// </summary>
    [Benchmark]
    public async Task<int> DecompressRequestBodyReader()
    {
        using var body = new MemoryStream(_gzipped, writable: false);
        var (status, bytes, error) = await RequestBodyReader.ReadAsync(body, "gzip", _gzipped.Length, BodyLimit, CancellationToken.None).ConfigureAwait(false);
        return status == RequestBodyReader.Status.Ok ? bytes.Length : throw new InvalidOperationException(error);
    }

    /// <summary>
    /// Inflating alone into a reused buffer, with no verification or copy: the floor the receiver's read is compared with,
    /// so the share of its CRC check and buffering shows.
    /// </summary>
    [Benchmark(Baseline = true)]
    public int DecompressGZipStreamOnly()
    {
        using var gzip = new GZipStream(new MemoryStream(_gzipped, writable: false), CompressionMode.Decompress);
        int total = 0;
        int read;
        while ((read = gzip.Read(_scratch, total, _scratch.Length - total)) > 0)
        {
            total += read;
        }

        return total;
    }

    /// <summary>The receiver's table-driven CRC-32 over the decompressed payload (the verification step by itself).</summary>
    [Benchmark]
    public uint Crc32OfPayload() => InternalEntryPoints.Crc32(_payload);
}
