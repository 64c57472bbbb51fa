using System.Text;
using Google.Protobuf.Reflection;

namespace MiniCollector.Receiver.Tests.Corpus;

/// <summary>
/// The rules the reference collector's Go decoder applies on top of what Google.Protobuf (C#) accepts: string
/// fields must be valid UTF-8, and varints, lengths and tags must fit their 32-bit or 64-bit types instead of being
/// silently truncated. Written from the protobuf encoding spec over the descriptors, independently of the receiver.
/// </summary>
internal static class StrictWireOracle
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Why the reference would refuse a body Google.Protobuf parsed; null when it would accept it.</summary>
    public static string? Problem(ReadOnlySpan<byte> message, MessageDescriptor descriptor)
    {
        int position = 0;
        return Message(message, ref position, message.Length, descriptor, endGroup: 0);
    }

    private static string? Message(ReadOnlySpan<byte> data, ref int position, int end, MessageDescriptor? descriptor, int endGroup)
    {
        while (position < end)
        {
            if (!Varint(data, ref position, end, out ulong tag) || tag > uint.MaxValue)
            {
                return "a tag is not a 32-bit varint";
            }

            int number = (int)(tag >> 3);
            int wireType = (int)(tag & 7);
            if (wireType == 4)
            {
                return number == endGroup ? null : "an end-group tag without its start";
            }

            var field = descriptor?.FindFieldByNumber(number);
            string? problem = wireType switch
            {
                0 => Varint(data, ref position, end, out _) ? null : "a truncated varint",
                1 => Advance(ref position, end, 8),
                5 => Advance(ref position, end, 4),
                2 => LengthDelimited(data, ref position, end, field),
                3 => Message(data, ref position, end, null, number),
                _ => $"wire type {wireType}",
            };
            if (problem is not null)
            {
                return problem;
            }
        }

        return endGroup == 0 ? null : "a group without its end";
    }

    private static string? LengthDelimited(ReadOnlySpan<byte> data, ref int position, int end, FieldDescriptor? field)
    {
        if (!Varint(data, ref position, end, out ulong length) || length > int.MaxValue || (long)length > end - position)
        {
            return "a length past the end of its message";
        }

        int start = position;
        position += (int)length;
        if (field is null)
        {
            return null;
        }

        if (field.FieldType == FieldType.String)
        {
            try
            {
                Strict.GetString(data.Slice(start, (int)length));
            }
            catch (DecoderFallbackException)
            {
                return $"{field.FullName} is not valid UTF-8";
            }
        }
        else if (field.FieldType == FieldType.Message)
        {
            int inner = start;
            return Message(data, ref inner, position, field.MessageType, endGroup: 0);
        }

        return null;
    }

    private static string? Advance(ref int position, int end, int count)
    {
        if (end - position < count)
        {
            return "a truncated fixed-width value";
        }

        position += count;
        return null;
    }

    private static bool Varint(ReadOnlySpan<byte> data, ref int position, int end, out ulong value)
    {
        value = 0;
        for (int shift = 0; shift < 64 && position < end; shift += 7)
        {
            byte b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }
}
