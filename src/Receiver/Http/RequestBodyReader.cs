using System.Buffers;
using System.IO.Compression;

namespace MiniCollector.Receiver.Http;

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
                compressed = new TailCapturingStream(body);
                (source, bool zlib) = await OpenDeflateAsync(compressed, cancellationToken).ConfigureAwait(false);
                trailer = zlib ? Trailer.Zlib : Trailer.None;
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

    // gzip ends with CRC32 and the length mod 2^32 (little-endian); zlib with the Adler-32 of the data (big-endian).
    // Raw deflate has no trailer to check.
    private static bool TrailerMatches(Trailer trailer, ReadOnlySpan<byte> tail, ReadOnlySpan<byte> data)
    {
        switch (trailer)
        {
            case Trailer.Gzip:
                return tail.Length == 8 && System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(tail[4..]) == (uint)data.Length;
            case Trailer.Zlib:
                return tail.Length >= 4 && System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(tail[^4..]) == Adler32(data);
            default:
                return true;
        }
    }

    private static uint Adler32(ReadOnlySpan<byte> data)
    {
        const uint Modulus = 65521;
        uint a = 1, b = 0;
        while (data.Length > 0)
        {
            // 5552 bytes is the most that can be summed before the 32-bit sums may overflow.
            var chunk = data[..Math.Min(5552, data.Length)];
            foreach (byte x in chunk)
            {
                a += x;
                b += a;
            }

            a %= Modulus;
            b %= Modulus;
            data = data[chunk.Length..];
        }

        return (b << 16) | a;
    }

    // HTTP "deflate" is specified as zlib-wrapped, but some clients send raw deflate: look at the header to tell.
    private static async Task<(Stream Stream, bool Zlib)> OpenDeflateAsync(Stream body, CancellationToken cancellationToken)
    {
        var head = new byte[2];
        int got = 0;
        while (got < 2)
        {
            int n = await body.ReadAsync(head.AsMemory(got), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            got += n;
        }

        var prefixed = new PrefixedStream(head.AsMemory(0, got), body);
        bool zlib = got == 2 && (head[0] & 0x0F) == 8 && ((head[0] << 8) | head[1]) % 31 == 0;
        return zlib ? (new ZLibStream(prefixed, CompressionMode.Decompress), true) : (new DeflateStream(prefixed, CompressionMode.Decompress), false);
    }
}
