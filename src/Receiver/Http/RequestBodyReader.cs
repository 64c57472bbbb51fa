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

        Stream source;
        switch (encoding)
        {
            case "":
            case "identity":
                source = body;
                break;
            case "gzip":
            case "x-gzip":
                source = new GZipStream(body, CompressionMode.Decompress, leaveOpen: true);
                break;
            case "deflate":
            case "zlib":
                source = await OpenDeflateAsync(body, cancellationToken).ConfigureAwait(false);
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

    // HTTP "deflate" is specified as zlib-wrapped, but some clients send raw deflate: look at the header to tell.
    private static async Task<Stream> OpenDeflateAsync(Stream body, CancellationToken cancellationToken)
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
        return zlib ? new ZLibStream(prefixed, CompressionMode.Decompress) : new DeflateStream(prefixed, CompressionMode.Decompress);
    }
}
