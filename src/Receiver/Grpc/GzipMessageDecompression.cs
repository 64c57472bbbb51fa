using System.IO.Compression;
using Grpc.Core;
using Grpc.Net.Compression;
using MiniCollector.Receiver.Http;

namespace MiniCollector.Receiver.Grpc;

/// <summary>
/// <c>grpc-encoding: gzip</c> for received messages, through the receiver's bounded reader: decompression stops as soon
/// as the output passes <c>max_recv_msg_size_mib</c> (Grpc.AspNetCore's own provider inflates the whole message into
/// memory first, so a small bomb could take gigabytes), and the gzip trailer is checked, so a truncated message that
/// happens to decode is not passed on as a shorter one. Responses are not compressed.
/// </summary>
internal sealed class GzipMessageDecompression(long maxMessageSize) : ICompressionProvider
{
    /// <inheritdoc />
    public string EncodingName => "gzip";

    /// <inheritdoc />
    public Stream CreateCompressionStream(Stream stream, CompressionLevel? compressionLevel)
        => throw new NotSupportedException("the OTLP receiver answers uncompressed");

    /// <inheritdoc />
    public Stream CreateDecompressionStream(Stream stream)
    {
        // Grpc.AspNetCore hands over the whole compressed message in memory, so this read completes synchronously.
        var (status, message, error) = RequestBodyReader.ReadAsync(stream, "gzip", null, maxMessageSize, CancellationToken.None).GetAwaiter().GetResult();
        return status switch
        {
            RequestBodyReader.Status.Ok => new MemoryStream(message, writable: false),
            RequestBodyReader.Status.TooLarge => throw new RpcException(new Status(StatusCode.ResourceExhausted, $"received message larger than max after decompression (limit {maxMessageSize} bytes, max_recv_msg_size_mib)")),
            _ => throw new RpcException(new Status(StatusCode.Internal, "failed to decompress the received message: " + error)),
        };
    }
}
