using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace MiniCollector.Receivers.Otlp.Http;

/// <summary>
/// Reads a request body through its <c>Content-Encoding</c>, counting decompressed bytes and stopping as soon as
/// they pass the limit, so a decompression bomb costs at most the limit in memory.
/// </summary>
public static class RequestBodyReader
{
    /// <summary>The outcome of reading a body.</summary>
    public enum Status
    {
        Ok,
        TooLarge,
        BadEncoding,
    }

    /// <summary>Reads the whole (decompressed) body, or reports why not.</summary>
    public static async Task<(Status Status, byte[] Body, string? Error)> ReadAsync(Stream body, string encoding, long? contentLength, long limit, CancellationToken cancellationToken)
    {
        if (contentLength > limit && encoding.Length == 0)
        {
            return (Status.TooLarge, [], null);
        }

        // .NET's decompressors end quietly on truncated input, so the format's trailer is checked afterwards.
        Stream source;
        TailCapturingStream? compressed = null;
        var trailer = Trailer.None;
        switch (encoding)
        {
            case "":
            case "identity":
                source = body;
                break;
            case "gzip":
            case "x-gzip":
                compressed = new TailCapturingStream(body);
                source = new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: true);
                trailer = Trailer.Gzip;
                break;
            case "deflate":
            case "zlib":
                // HTTP "deflate" is zlib-wrapped (RFC 9110), as the reference reads it; raw deflate has no trailer
                // to tell a truncated body from a complete one, so it is not accepted.
                compressed = new TailCapturingStream(body);
                source = new ZLibStream(compressed, CompressionMode.Decompress, leaveOpen: true);
                trailer = Trailer.Zlib;
                break;
            default:
                return (Status.BadEncoding, [], $"unsupported Content-Encoding: {encoding}");
        }

        try
        {
            // A known, uncompressed length is read straight into an exact-size array.
            int initial = encoding.Length == 0 && contentLength is > 0 ? (int)contentLength.Value : 16 * 1024;
            byte[] buffer = ArrayPool<byte>.Shared.Rent(initial);
            int length = 0;
            try
            {
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        if (length > limit)
                        {
                            return (Status.TooLarge, [], null);
                        }

                        var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, Math.Min(limit + 1, Array.MaxLength)));
                        buffer.AsSpan(0, length).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }

                    int read = await source.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                    if (length > limit)
                    {
                        return (Status.TooLarge, [], null);
                    }
                }

                if (compressed is not null && !TrailerMatches(trailer, compressed.Tail, buffer.AsSpan(0, length)))
                {
                    return (Status.BadEncoding, [], $"cannot decompress the {encoding} body: it is truncated or corrupt (its trailer does not match the data)");
                }

                return (Status.Ok, buffer.AsSpan(0, length).ToArray(), null);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        catch (InvalidDataException ex)
        {
            return (Status.BadEncoding, [], $"cannot decompress the {encoding} body: {ex.Message}");
        }
        finally
        {
            if (!ReferenceEquals(source, body))
            {
                await source.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private enum Trailer
    {
        None,
        Gzip,
        Zlib,
    }

    // gzip ends with the CRC-32 and the length mod 2^32 (little-endian) of its member's data; several members may be
    // concatenated, so the last member's data is the last ISIZE bytes. zlib ends with the Adler-32 (big-endian).
    private static bool TrailerMatches(Trailer trailer, ReadOnlySpan<byte> tail, ReadOnlySpan<byte> data)
    {
        switch (trailer)
        {
            case Trailer.Gzip:
                if (tail.Length != 8)
                {
                    return false;
                }

                uint size = BinaryPrimitives.ReadUInt32LittleEndian(tail[4..]);
                uint crc = BinaryPrimitives.ReadUInt32LittleEndian(tail[..4]);
                return size <= (uint)data.Length && Crc32.HashToUInt32(data[^(int)size..]) == crc;
            case Trailer.Zlib:
                return tail.Length >= 4 && BinaryPrimitives.ReadUInt32BigEndian(tail[^4..]) == Adler32.HashToUInt32(data);
            default:
                return true;
        }
    }
}
