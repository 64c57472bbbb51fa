using System.IO.Compression;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Exporters.Otlp;

/// <summary>Gzips a request payload for sending, optionally leaving room for a prefix (gRPC's 5-byte frame header).</summary>
internal static class GzipPayload
{
    /// <summary>The compressed payload after <paramref name="prefixLength"/> zero bytes the caller fills in.</summary>
    public static byte[] Compress(ReadOnlySpan<byte> payload, int prefixLength = 0)
    {
        using var compressed = Start(payload.Length, prefixLength);
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(payload);
        }

        return compressed.ToArray();
    }

    /// <summary>The compressed protobuf of <paramref name="request"/>, fed to the compressor segment by segment.</summary>
    public static byte[] Compress(TelemetryRequest request, int prefixLength = 0)
    {
        var segments = new List<ReadOnlyMemory<byte>>();
        request.AddSegments(segments);
        using var compressed = Start(request.ByteLength, prefixLength);
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            foreach (var segment in segments)
            {
                gzip.Write(segment.Span);
            }
        }

        return compressed.ToArray();
    }

    private static MemoryStream Start(int payloadLength, int prefixLength)
    {
        var compressed = new MemoryStream(payloadLength / 3 + 64 + prefixLength);
        compressed.SetLength(prefixLength);
        compressed.Position = prefixLength;
        return compressed;
    }
}
