using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using MiniCollector.Pipeline.Otlp;
using MiniCollector.Receiver.Http;

namespace MiniCollector.Receiver.Grpc;

/// <summary>
/// Reads the single length-prefixed message of a unary gRPC call (1-byte compressed flag, 4-byte big-endian
/// length), refusing an oversize message from its prefix alone, and decompresses it within the same limit.
/// </summary>
public static class GrpcRequestReader
{
    private const int PrefixLength = 5;

    /// <summary>The message, or the status that answers a malformed call.</summary>
    public readonly record struct Result(byte[] Message, GrpcStatusCode Status, string? Error)
    {
        public bool IsOk => Status == GrpcStatusCode.Ok;
    }

    /// <summary>Reads and, when flagged, decompresses the call's one message.</summary>
    public static async Task<Result> ReadAsync(PipeReader body, string? encoding, long maxMessageSize, CancellationToken cancellationToken)
    {
        var (framed, compressed, error) = await ReadFramedAsync(body, maxMessageSize, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return error.Value;
        }

        if (!compressed)
        {
            return new Result(framed, GrpcStatusCode.Ok, null);
        }

        if (string.IsNullOrEmpty(encoding) || encoding == "identity")
        {
            return new Result([], GrpcStatusCode.Internal, "the message is marked compressed but the request has no grpc-encoding");
        }

        if (encoding != "gzip")
        {
            return new Result([], GrpcStatusCode.Unimplemented, $"unsupported grpc-encoding \"{encoding}\" (supported: gzip, identity)");
        }

        var (status, message, decompressError) = await RequestBodyReader.ReadAsync(new MemoryStream(framed), "gzip", null, maxMessageSize, cancellationToken).ConfigureAwait(false);
        return status switch
        {
            RequestBodyReader.Status.Ok => new Result(message, GrpcStatusCode.Ok, null),
            RequestBodyReader.Status.TooLarge => new Result([], GrpcStatusCode.ResourceExhausted, $"received message larger than max after decompression (limit {maxMessageSize} bytes, max_recv_msg_size_mib)"),
            _ => new Result([], GrpcStatusCode.Internal, "failed to decompress the received message: " + decompressError),
        };
    }

    private static async Task<(byte[] Framed, bool Compressed, Result? Error)> ReadFramedAsync(PipeReader body, long maxMessageSize, CancellationToken cancellationToken)
    {
        var prefix = new byte[PrefixLength];
        int prefixRead = 0;
        long length = -1;
        bool compressed = false;

        // Grown as bytes arrive rather than sized from the prefix, so a client announcing a large message and
        // sending little costs little.
        byte[] message = [];
        long received = 0;
        while (true)
        {
            var read = await body.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = read.Buffer;
            var rest = buffer;
            Result? error = null;
            if (prefixRead < PrefixLength)
            {
                int n = (int)Math.Min(PrefixLength - prefixRead, rest.Length);
                rest.Slice(0, n).CopyTo(prefix.AsSpan(prefixRead));
                rest = rest.Slice(n);
                prefixRead += n;
                if (prefixRead == PrefixLength)
                {
                    compressed = prefix[0] == 1;
                    length = BinaryPrimitives.ReadUInt32BigEndian(prefix.AsSpan(1));
                    if (prefix[0] > 1)
                    {
                        error = Fail(GrpcStatusCode.Internal, $"invalid compressed flag {prefix[0]} in the message prefix");
                    }
                    else if (length > maxMessageSize)
                    {
                        error = Fail(GrpcStatusCode.ResourceExhausted, $"received message larger than max ({length} vs. {maxMessageSize}, max_recv_msg_size_mib)");
                    }
                }
            }

            if (error is null && length >= 0)
            {
                long n = Math.Min(length - received, rest.Length);
                if (received + n > message.Length)
                {
                    Array.Resize(ref message, (int)Math.Min(length, Math.Max(received + n, Math.Max(64 * 1024, (long)message.Length * 2))));
                }

                rest.Slice(0, n).CopyTo(message.AsSpan((int)received));
                rest = rest.Slice(n);
                received += n;
                if (rest.Length > 0)
                {
                    error = Fail(GrpcStatusCode.Internal, "more than one message in a unary call (or data after the message)");
                }
            }

            // Consume what was read so HTTP/2 flow control keeps the client sending.
            body.AdvanceTo(buffer.End);
            if (error is not null)
            {
                return ([], false, error);
            }

            if (read.IsCompleted || read.IsCanceled)
            {
                if (prefixRead == 0)
                {
                    return ([], false, Fail(GrpcStatusCode.Internal, "the request did not include a message"));
                }

                if (prefixRead < PrefixLength)
                {
                    return ([], false, Fail(GrpcStatusCode.Internal, $"truncated message prefix: {prefixRead} of {PrefixLength} bytes"));
                }

                if (received < length)
                {
                    return ([], false, Fail(GrpcStatusCode.Internal, $"truncated message: the prefix announces {length} bytes, {received} arrived"));
                }

                return (message.Length == received ? message : message[..(int)received], compressed, null);
            }
        }
    }

    private static Result Fail(GrpcStatusCode status, string message) => new([], status, message);
}
