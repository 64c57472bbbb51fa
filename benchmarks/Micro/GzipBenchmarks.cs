using System.IO.Compression;
using System.IO.Hashing;
using BenchmarkDotNet.Attributes;
using MiniCollector.Receivers.Otlp.Http;

namespace MiniCollector.Benchmarks.Micro;

/// <summary>
/// Compression on both sides of the wire for the standard trace payload: the exporters' gzip, the receiver's
/// decompress-and-verify read of a gzip (and a zlib) body, and the CRC-32 (Adler-32) that verification runs over the
/// decompressed bytes.
/// </summary>
[MemoryDiagnoser]
public class GzipBenchmarks
{
    // The receiver's default max_request_body_size; the payload is far below it, so the limit never cuts a read short.
    private const long BodyLimit = 64L * 1024 * 1024;

    private byte[] _payload = [];
    private byte[] _gzipped = [];
    private byte[] _zlibbed = [];
    private byte[] _scratch = [];

    [GlobalSetup]
    public void Setup()
    {
        _payload = OtlpPayloads.TraceBytes;
        _gzipped = InternalEntryPoints.GzipCompress(_payload);
        _zlibbed = ZlibCompress(_payload);
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
    /// The same read of a <c>Content-Encoding: deflate</c> (zlib-wrapped) body, whose trailer is an Adler-32 over the
    /// whole output rather than a CRC-32.
    /// </summary>
    [Benchmark]
    public async Task<int> DecompressRequestBodyReaderZlib()
    {
        using var body = new MemoryStream(_zlibbed, writable: false);
        var (status, bytes, error) = await RequestBodyReader.ReadAsync(body, "deflate", _zlibbed.Length, BodyLimit, CancellationToken.None).ConfigureAwait(false);
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

    /// <summary>The CRC-32 the receiver checks a gzip trailer with (System.IO.Hashing), over the decompressed payload.</summary>
    [Benchmark]
    public uint Crc32OfPayload() => Crc32.HashToUInt32(_payload);

    /// <summary>The Adler-32 the receiver checks a zlib trailer with (System.IO.Hashing), over the decompressed payload.</summary>
    [Benchmark]
    public uint Adler32OfPayload() => Adler32.HashToUInt32(_payload);

    private static byte[] ZlibCompress(byte[] payload)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(payload);
        }

        return output.ToArray();
    }
}
