using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf.Collections;
using MiniCollector.Otlp.Common;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Processors.Shared.Actions;

/// <summary>
/// <c>hash</c>: replaces the selected attributes' values with the lowercase hex SHA-256 of their bytes, as the
/// reference does today (it used SHA-1 before): a string's UTF-8, a bool as one byte 0/1, an int as 8 bytes
/// little-endian, a double as its IEEE bits little-endian. Other values (bytes, arrays, maps, empty) become "".
/// </summary>
internal sealed class HashAction(KeySelection keys) : AttributeAction
{
    private static readonly Action<RepeatedField<KeyValue>, int> HashAt = (attributes, index) =>
    {
        var entry = attributes[index];
        entry.Value = new AnyValue { StringValue = Hash(entry.Value) };
    };

    /// <inheritdoc />
    public override bool Apply(RepeatedField<KeyValue> attributes, ClientMetadata metadata) => keys.ForEach(attributes, HashAt) > 0;

    /// <summary>The hex SHA-256 of a value as the reference hashes it; "" for values it does not hash.</summary>
    public static string Hash(AnyValue? value)
    {
        Span<byte> scalar = stackalloc byte[8];
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        switch (value?.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue:
                HashString(value.StringValue, digest);
                break;
            case AnyValue.ValueOneofCase.BoolValue:
                scalar[0] = value.BoolValue ? (byte)1 : (byte)0;
                SHA256.HashData(scalar[..1], digest);
                break;
            case AnyValue.ValueOneofCase.IntValue:
                BinaryPrimitives.WriteInt64LittleEndian(scalar, value.IntValue);
                SHA256.HashData(scalar, digest);
                break;
            case AnyValue.ValueOneofCase.DoubleValue:
                BinaryPrimitives.WriteDoubleLittleEndian(scalar, value.DoubleValue);
                SHA256.HashData(scalar, digest);
                break;
            default:
                return string.Empty;
        }

        return Convert.ToHexStringLower(digest);
    }

    private static void HashString(string text, Span<byte> digest)
    {
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = max > 512 ? ArrayPool<byte>.Shared.Rent(max) : null;
        Span<byte> buffer = rented ?? stackalloc byte[512];
        int length = Encoding.UTF8.GetBytes(text, buffer);
        SHA256.HashData(buffer[..length], digest);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
