using System.Buffers.Text;
using System.Text.Json;
using Google.Protobuf;

namespace MiniCollector.Pipeline.Otlp.Json;

/// <summary>The OTLP/JSON forms of values that <see cref="Utf8JsonWriter"/> has no call for, used by the generated writers.</summary>
internal static class OtlpJsonValues
{
    // "-9223372036854775808" and "18446744073709551615" are 20 bytes.
    private const int MaxInt64Length = 20;

    /// <summary>64-bit integers are strings in proto3 JSON: JavaScript numbers lose precision past 2^53.</summary>
    public static void WriteInt64(Utf8JsonWriter w, long value)
    {
        Span<byte> digits = stackalloc byte[MaxInt64Length];
        Utf8Formatter.TryFormat(value, digits, out int length);
        w.WriteStringValue(digits[..length]);
    }

    /// <inheritdoc cref="WriteInt64"/>
    public static void WriteUInt64(Utf8JsonWriter w, ulong value)
    {
        Span<byte> digits = stackalloc byte[MaxInt64Length];
        Utf8Formatter.TryFormat(value, digits, out int length);
        w.WriteStringValue(digits[..length]);
    }

    /// <summary>A number, or the strings proto3 JSON uses for NaN and the infinities.</summary>
    public static void WriteDouble(Utf8JsonWriter w, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumberValue(value);
        }
        else if (double.IsNaN(value))
        {
            w.WriteStringValue("NaN"u8);
        }
        else
        {
            w.WriteStringValue(value > 0 ? "Infinity"u8 : "-Infinity"u8);
        }
    }

    /// <summary>Lowercase hex, OTLP's form of trace and span ids.</summary>
    public static void WriteHexId(Utf8JsonWriter w, ByteString id)
    {
        ReadOnlySpan<byte> bytes = id.Span;
        Span<byte> hex = bytes.Length <= 64 ? stackalloc byte[bytes.Length * 2] : new byte[bytes.Length * 2];
        OtlpHex.EncodeLower(bytes, hex);
        w.WriteStringValue(hex);
    }
}
