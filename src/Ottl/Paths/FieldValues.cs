using Google.Protobuf;
using Google.Protobuf.Collections;
using MiniCollector.Otlp.Common;

namespace MiniCollector.Ottl;

/// <summary>The conversions field setters share: each checks the value's type and says what it expected.</summary>
internal static class FieldValues
{
    private static readonly ByteString ZeroTraceId = ByteString.CopyFrom(new byte[16]);
    private static readonly ByteString ZeroSpanId = ByteString.CopyFrom(new byte[8]);

    public static string String(in OttlValue v, string path) => v.Kind == OttlValueKind.String
        ? v.String
        : throw Mismatch(path, "a string", v);

    public static long Int(in OttlValue v, string path) => v.Kind == OttlValueKind.Int
        ? v.Int
        : throw Mismatch(path, "an int", v);

    public static ulong UInt64(in OttlValue v, string path) => (ulong)Int(v, path);

    public static uint UInt32(in OttlValue v, string path)
    {
        long i = Int(v, path);
        return i is >= 0 and <= uint.MaxValue ? (uint)i : throw new OttlRuntimeException($"{path} must be between 0 and {uint.MaxValue}, got {i}");
    }

    public static double Double(in OttlValue v, string path) => v.Kind switch
    {
        OttlValueKind.Double => v.Double,
        OttlValueKind.Int => v.Int,
        _ => throw Mismatch(path, "a double", v),
    };

    public static bool Bool(in OttlValue v, string path) => v.Kind == OttlValueKind.Bool
        ? v.Bool
        : throw Mismatch(path, "a bool", v);

    public static RepeatedField<KeyValue> Map(in OttlValue v, string path) => v.Kind == OttlValueKind.Map
        ? v.Map
        : throw Mismatch(path, "a map", v);

    /// <summary>An id as read: OTLP writes an absent id as no bytes, OTTL reads it as all zeros (<c>SpanID(0x0000000000000000)</c>).</summary>
    public static OttlValue Id(ByteString id, int length) => OttlValue.Of(id.Length == 0 ? (length == 16 ? ZeroTraceId : ZeroSpanId) : id);

    /// <summary>An id's text: lowercase hex, "" for an absent id.</summary>
    public static OttlValue IdText(ByteString id) => OttlValue.Of(IsZero(id) ? string.Empty : Convert.ToHexStringLower(id.Span));

    /// <summary>An id to write, from bytes of the right length.</summary>
    public static ByteString IdBytes(in OttlValue v, string path, int length)
    {
        if (v.Kind != OttlValueKind.Bytes)
        {
            throw Mismatch(path, $"{length} bytes", v);
        }

        return v.Bytes.Length == length ? v.Bytes : throw new OttlRuntimeException($"{path} must be {length} bytes, got {v.Bytes.Length}");
    }

    /// <summary>An id to write, from its hex text.</summary>
    public static ByteString IdFromText(in OttlValue v, string path, int length)
    {
        var text = String(v, path);
        if (text.Length != length * 2)
        {
            throw new OttlRuntimeException($"{path} must be {length * 2} hex digits, got \"{text}\"");
        }

        try
        {
            return ByteString.CopyFrom(Convert.FromHexString(text));
        }
        catch (FormatException)
        {
            throw new OttlRuntimeException($"{path} must be {length * 2} hex digits, got \"{text}\"");
        }
    }

    public static OttlRuntimeException Mismatch(string path, string expected, in OttlValue got)
        => new($"{path} must be set to {expected}, got {OttlValue.TypeName(got.Kind)}");

    private static bool IsZero(ByteString id)
    {
        foreach (byte b in id.Span)
        {
            if (b != 0)
            {
                return false;
            }
        }

        return true;
    }
}
