using System.Buffers.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Collections;

namespace MiniCollector.Pipeline.Otlp.Json;

// Field encoders: the proto3 JSON omission of defaults and the OTLP forms of numbers, ids and bytes.
public static partial class OtlpJsonWriter
{
    // "-9223372036854775808" and "18446744073709551615" are 20 bytes.
    private const int MaxInt64Length = 20;

    private static void WriteStringField(Utf8JsonWriter w, ReadOnlySpan<byte> name, string value)
    {
        if (value.Length != 0)
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteBoolField(Utf8JsonWriter w, ReadOnlySpan<byte> name, bool value)
    {
        if (value)
        {
            w.WriteBoolean(name, true);
        }
    }

    private static void WriteUInt32Field(Utf8JsonWriter w, ReadOnlySpan<byte> name, uint value)
    {
        if (value != 0)
        {
            w.WriteNumber(name, value);
        }
    }

    private static void WriteInt32Field(Utf8JsonWriter w, ReadOnlySpan<byte> name, int value)
    {
        if (value != 0)
        {
            w.WriteNumber(name, value);
        }
    }

    private static void WriteEnumField(Utf8JsonWriter w, ReadOnlySpan<byte> name, int value)
    {
        // The spec: enums MUST be numbers on the wire, never names.
        if (value != 0)
        {
            w.WriteNumber(name, value);
        }
    }

    private static void WriteUInt64Field(Utf8JsonWriter w, ReadOnlySpan<byte> name, ulong value)
    {
        if (value != 0)
        {
            w.WritePropertyName(name);
            WriteUInt64Value(w, value);
        }
    }

    private static void WriteInt64Field(Utf8JsonWriter w, ReadOnlySpan<byte> name, long value)
    {
        if (value != 0)
        {
            WriteInt64(w, name, value);
        }
    }

    /// <summary>Always writes; for oneof members and other fields whose presence matters even at zero.</summary>
    private static void WriteInt64(Utf8JsonWriter w, ReadOnlySpan<byte> name, long value)
    {
        // 64-bit integers are strings in proto3 JSON: JavaScript numbers lose precision past 2^53.
        Span<byte> digits = stackalloc byte[MaxInt64Length];
        Utf8Formatter.TryFormat(value, digits, out int length);
        w.WriteString(name, digits[..length]);
    }

    private static void WriteUInt64Value(Utf8JsonWriter w, ulong value)
    {
        Span<byte> digits = stackalloc byte[MaxInt64Length];
        Utf8Formatter.TryFormat(value, digits, out int length);
        w.WriteStringValue(digits[..length]);
    }

    private static void WriteDoubleField(Utf8JsonWriter w, ReadOnlySpan<byte> name, double value)
    {
        // NaN != 0, so NaN is written; -0.0 == 0 is omitted, as the binary encoding omits it too.
        if (value != 0)
        {
            WriteDouble(w, name, value);
        }
    }

    /// <summary>Always writes; for oneof members and optional fields whose presence matters even at zero.</summary>
    private static void WriteDouble(Utf8JsonWriter w, ReadOnlySpan<byte> name, double value)
    {
        w.WritePropertyName(name);
        WriteDoubleValue(w, value);
    }

    private static void WriteDoubleValue(Utf8JsonWriter w, double value)
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

    private static void WriteHexIdField(Utf8JsonWriter w, ReadOnlySpan<byte> name, ByteString id)
    {
        if (id.IsEmpty)
        {
            return;
        }

        ReadOnlySpan<byte> bytes = id.Span;
        Span<byte> hex = bytes.Length <= 64 ? stackalloc byte[bytes.Length * 2] : new byte[bytes.Length * 2];
        OtlpHex.EncodeLower(bytes, hex);
        w.WriteString(name, hex);
    }

    private static void WriteMessages<T>(
        Utf8JsonWriter w, ReadOnlySpan<byte> name, RepeatedField<T> items, Action<Utf8JsonWriter, T> write)
    {
        if (items.Count == 0)
        {
            return;
        }

        w.WriteStartArray(name);

        // Indexing, not foreach: RepeatedField's enumerator is an allocated iterator.
        for (int i = 0; i < items.Count; i++)
        {
            write(w, items[i]);
        }

        w.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter w, ReadOnlySpan<byte> name, RepeatedField<string> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        w.WriteStartArray(name);
        for (int i = 0; i < items.Count; i++)
        {
            w.WriteStringValue(items[i]);
        }

        w.WriteEndArray();
    }

    private static void WriteUInt64s(Utf8JsonWriter w, ReadOnlySpan<byte> name, RepeatedField<ulong> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        w.WriteStartArray(name);
        for (int i = 0; i < items.Count; i++)
        {
            WriteUInt64Value(w, items[i]);
        }

        w.WriteEndArray();
    }

    private static void WriteDoubles(Utf8JsonWriter w, ReadOnlySpan<byte> name, RepeatedField<double> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        w.WriteStartArray(name);
        for (int i = 0; i < items.Count; i++)
        {
            WriteDoubleValue(w, items[i]);
        }

        w.WriteEndArray();
    }
}
