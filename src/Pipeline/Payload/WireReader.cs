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
    private int _lastField;

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
        if (tag > uint.MaxValue)
        {
            throw new MalformedPayloadException($"tag at byte {_position} does not fit in 32 bits");
        }

        fieldNumber = (int)(tag >> 3);
        _lastField = fieldNumber;
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

    /// <summary>Skips the value of the field whose tag was read last, of the given wire type.</summary>
    public void Skip(WireFormat.WireType wireType) => Skip(wireType, _lastField, depth: 0);

    private void Skip(WireFormat.WireType wireType, int field, int depth)
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
            case WireFormat.WireType.StartGroup:
                SkipGroup(field, depth + 1);
                break;
            default:
                throw new MalformedPayloadException($"unexpected wire type {(int)wireType} at byte {_position}");
        }
    }

    // OTLP has no groups, but protobuf parsers keep an unknown group as an unknown field, so it is skipped, not
    // refused. Nesting is bounded like the parser's recursion limit so hostile input cannot exhaust the stack.
    private void SkipGroup(int number, int depth)
    {
        if (depth > 100)
        {
            throw new MalformedPayloadException("groups are nested more than 100 deep");
        }

        while (TryReadTag(out int field, out var wireType))
        {
            if (wireType == WireFormat.WireType.EndGroup)
            {
                if (field != number)
                {
                    throw new MalformedPayloadException($"group {number} is closed by end-group {field} at byte {_position}");
                }

                return;
            }

            Skip(wireType, field, depth);
        }

        throw new MalformedPayloadException($"group {number} runs past the end of the message");
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
