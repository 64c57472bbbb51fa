using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;

namespace MiniCollector.Receiver.Grpc;

/// <summary>
/// The request body of a unary call as Grpc.AspNetCore reads it, checked as the bytes arrive: the 5-byte prefix
/// (compressed flag, big-endian length) is judged as soon as it is in, so an oversize message is refused from its
/// prefix alone, and a truncated call or a second message gets the status and the message the reference collector
/// gives. Grpc.AspNetCore would answer a bad compressed flag or a length over 2 GiB with UNKNOWN, and every
/// truncation with the same "Incomplete message."; its own checks stay behind these and never fire.
/// </summary>
internal sealed class UnaryFrameGuard(PipeReader inner, long maxMessageSize) : PipeReader, IRequestBodyPipeFeature
{
    private const int PrefixLength = 5;

    private ReadOnlySequence<byte> _buffer;
    private long _consumed;
    private long _messageLength = -1;

    /// <inheritdoc />
    public PipeReader Reader => this;

    /// <inheritdoc />
    public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
    {
        var result = await inner.ReadAsync(cancellationToken).ConfigureAwait(false);
        Check(result);
        return result;
    }

    /// <inheritdoc />
    public override bool TryRead(out ReadResult result)
    {
        if (!inner.TryRead(out result))
        {
            return false;
        }

        Check(result);
        return true;
    }

    /// <inheritdoc />
    public override void AdvanceTo(SequencePosition consumed)
    {
        _consumed += _buffer.Slice(0, consumed).Length;
        inner.AdvanceTo(consumed);
    }

    /// <inheritdoc />
    public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        _consumed += _buffer.Slice(0, consumed).Length;
        inner.AdvanceTo(consumed, examined);
    }

    /// <inheritdoc />
    public override void CancelPendingRead() => inner.CancelPendingRead();

    /// <inheritdoc />
    public override void Complete(Exception? exception = null) => inner.Complete(exception);

    private void Check(ReadResult result)
    {
        try
        {
            CheckFraming(result);
        }
        catch (RpcException)
        {
            // The call ends here: release what was read, as the caller will not.
            inner.AdvanceTo(result.Buffer.End);
            throw;
        }
    }

    private void CheckFraming(ReadResult result)
    {
        _buffer = result.Buffer;
        long seen = _consumed + _buffer.Length;
        if (_messageLength < 0 && seen >= PrefixLength)
        {
            // Nothing is consumed before the whole message is in, so the prefix is at the start of the buffer.
            Span<byte> prefix = stackalloc byte[PrefixLength];
            _buffer.Slice(0, PrefixLength).CopyTo(prefix);
            if (prefix[0] > 1)
            {
                throw Fail(StatusCode.Internal, $"invalid compressed flag {prefix[0]} in the message prefix");
            }

            _messageLength = BinaryPrimitives.ReadUInt32BigEndian(prefix[1..]);
            if (_messageLength > maxMessageSize)
            {
                throw Fail(StatusCode.ResourceExhausted, $"received message larger than max ({_messageLength} vs. {maxMessageSize}, max_recv_msg_size_mib)");
            }
        }

        if (_messageLength >= 0 && seen > PrefixLength + _messageLength)
        {
            throw Fail(StatusCode.Internal, "more than one message in a unary call (or data after the message)");
        }

        if (result.IsCompleted)
        {
            if (seen == 0)
            {
                throw Fail(StatusCode.Internal, "the request did not include a message");
            }

            if (seen < PrefixLength)
            {
                throw Fail(StatusCode.Internal, $"truncated message prefix: {seen} of {PrefixLength} bytes");
            }

            if (seen < PrefixLength + _messageLength)
            {
                throw Fail(StatusCode.Internal, $"truncated message: the prefix announces {_messageLength} bytes, {seen - PrefixLength} arrived");
            }
        }
    }

    private static RpcException Fail(StatusCode code, string message) => new(new Status(code, message));
}
