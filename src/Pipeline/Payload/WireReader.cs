using System.Buffers.Binary;
using Google.Protobuf;

namespace MiniCollector.Pipeline.Payload;

/// <summary>
/// A forward-only reader over protobuf wire format, used to count and slice without building the model.
/// </summary>
/// <remarks>
/// The OTLP messages we scan are all length-delimited trees; counting items only needs tags and lengths,
/// which is far cheaper than materialising every span or data point.
/// </remarks>
public ref struct WireReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;

    public WireReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    /// <summary>Offset of the next unread byte.</summary>
    public readonly int Position => _position;

    /// <summary>True when every byte has been read.</summary>
    public readonly bool End => _position >= _buffer.Length;

    /// <summary>Reads the next tag; returns false at the end of the buffer.</summary>
    public bool TryReadTag(out int fieldNumber, out WireFormat.WireType wireType)
    {
        if (_position >= _buffer.Length)
        {
            fieldNumber = 0;
            wireType = default;
            return false;
        }

        ulong tag = ReadVarint();
        fieldNumber = (int)(tag >> 3);
        wireType = (WireFormat.WireType)(tag & 7);
        if (fieldNumber <= 0)
        {
            throw new MalformedPayloadException($"invalid field number 0 at byte {_position}");
        }

        return true;
    }

    /// <summary>Reads a length-delimited payload (after its tag).</summary>
    public ReadOnlySpan<byte> ReadLengthDelimited()
    {
        ulong length = ReadVarint();
        if (length > (ulong)(_buffer.Length - _position))
        {
            throw new MalformedPayloadException($"length {length} at byte {_position} runs past the end of the message");
        }

        var slice = _buffer.Slice(_position, (int)length);
        _position += (int)length;
        return slice;
    }

    /// <summary>Skips the value of a field of the given wire type.</summary>
    public void Skip(WireFormat.WireType wireType)
    {
        switch (wireType)
        {
            case WireFormat.WireType.Varint:
                ReadVarint();
                break;
            case WireFormat.WireType.Fixed64:
                Advance(8);
                break;
            case WireFormat.WireType.Fixed32:
                Advance(4);
                break;
            case WireFormat.WireType.LengthDelimited:
                ReadLengthDelimited();
                break;
            default:
                // Groups are not used anywhere in OTLP; treat them as malformed input.
                throw new MalformedPayloadException($"unsupported wire type {(int)wireType} at byte {_position}");
        }
    }

    /// <summary>Reads a base-128 varint.</summary>
    public ulong ReadVarint()
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _buffer.Length)
            {
                throw new MalformedPayloadException("truncated varint at end of message");
            }

            byte b = _buffer[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new MalformedPayloadException($"malformed varint at byte {_position}");
    }

    /// <summary>Reads a little-endian fixed 64-bit value.</summary>
    public ulong ReadFixed64()
    {
        var start = _position;
        Advance(8);
        return BinaryPrimitives.ReadUInt64LittleEndian(_buffer.Slice(start, 8));
    }

    private void Advance(int count)
    {
        if (_buffer.Length - _position < count)
        {
            throw new MalformedPayloadException($"truncated fixed-width field at byte {_position}");
        }

        _position += count;
    }
}
