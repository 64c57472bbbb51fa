using System.IO.Compression;

namespace MiniCollector.Exporters.Otlp;

/// <summary>Gzips a request payload for sending, optionally leaving room for a prefix (gRPC's 5-byte frame header).</summary>
internal static class GzipPayload
{
    /// <summary>The compressed payload after <paramref name="prefixLength"/> zero bytes the caller fills in.</summary>
    public static byte[] Compress(ReadOnlySpan<byte> payload, int prefixLength = 0)
    {
        using var compressed = new MemoryStream(payload.Length / 3 + 64 + prefixLength);
        compressed.SetLength(prefixLength);
        compressed.Position = prefixLength;
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(payload);
        }

        return compressed.ToArray();
    }
}
