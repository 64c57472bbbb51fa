using System.IO.Compression;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Exporters.Otlp;

/// <summary>Gzips a request payload for sending, optionally leaving room for a prefix (gRPC's 5-byte frame header).</summary>
internal static class GzipPayload
{
    /// <summary>The compressed <paramref name="payload"/> after <paramref name="prefixLength"/> zero bytes the caller fills in.</summary>
    public static byte[] Compress(ReadOnlyMemory<byte> payload, int prefixLength = 0) => Compress([payload], prefixLength);

    /// <summary>The compressed protobuf of <paramref name="request"/>, fed to the compressor segment by segment.</summary>
    public static byte[] Compress(TelemetryRequest request, int prefixLength = 0)
    {
        var segments = new List<ReadOnlyMemory<byte>>();
        request.AddSegments(segments);
        return Compress(segments, prefixLength);
    }

    private static byte[] Compress(List<ReadOnlyMemory<byte>> segments, int prefixLength)
    {
        int length = 0;
        foreach (var segment in segments)
        {
            length += segment.Length;
        }

        using var compressed = new MemoryStream(length / 3 + 64 + prefixLength);
        compressed.SetLength(prefixLength);
        compressed.Position = prefixLength;
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            foreach (var segment in segments)
            {
                gzip.Write(segment.Span);
            }
        }

        return compressed.ToArray();
    }
}
