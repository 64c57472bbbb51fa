using System.Buffers.Binary;
using System.Net;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Exporters.Otlp;

/// <summary>
/// A request body that writes a request's protobuf segments straight to the connection, optionally behind gRPC's
/// 5-byte frame header: forwarded bytes are neither re-encoded nor joined into one buffer.
/// </summary>
internal sealed class PayloadContent : HttpContent
{
    private readonly List<ReadOnlyMemory<byte>> _segments = [];
    private readonly byte[]? _grpcFrameHeader;
    private readonly long _length;

    public PayloadContent(TelemetryRequest request, bool grpcFrame)
    {
        request.AddSegments(_segments);
        int length = 0;
        foreach (var segment in _segments)
        {
            length += segment.Length;
        }

        if (grpcFrame)
        {
            _grpcFrameHeader = new byte[5];
            BinaryPrimitives.WriteUInt32BigEndian(_grpcFrameHeader.AsSpan(1), (uint)length);
        }

        _length = length + (_grpcFrameHeader?.Length ?? 0);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (_grpcFrameHeader is not null)
        {
            await stream.WriteAsync(_grpcFrameHeader, cancellationToken).ConfigureAwait(false);
        }

        foreach (var segment in _segments)
        {
            await stream.WriteAsync(segment, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (_grpcFrameHeader is not null)
        {
            stream.Write(_grpcFrameHeader);
        }

        foreach (var segment in _segments)
        {
            stream.Write(segment.Span);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }
}
