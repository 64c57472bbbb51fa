using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace MiniCollector.Exposition;

/// <summary>
/// Protobuf wire encoding for the hand-written Prometheus protobuf writer: field sizes (computed before a message so
/// its length prefix can be written first) and field writes onto an <see cref="ExpositionOutput"/>.
/// </summary>
internal static class ProtoWire
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;

    // The size helpers are called for every field of every series, twice per scrape (size pass, then write pass).
    // NativeAOT compiles without profile data and did not inline them (a third of a protobuf scrape's time went to
    // calls of VarintSize), so they are marked for inlining: a constant field number then folds to its tag's size.

    /// <summary>Bytes of <paramref name="value"/> as a varint: one per 7 bits of its highest set bit, one for 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int VarintSize(ulong value) => ((BitOperations.Log2(value | 1) * 9) + 73) >> 6;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int TagSize(int field) => VarintSize((ulong)(uint)(field << 3));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int VarintFieldSize(int field, ulong value) => TagSize(field) + VarintSize(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int DoubleFieldSize(int field) => TagSize(field) + 8;

    public static int StringFieldSize(int field, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        return TagSize(field) + VarintSize((ulong)length) + length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int MessageFieldSize(int field, int size) => TagSize(field) + VarintSize((ulong)size) + size;

    public static uint ZigZag32(int value) => (uint)((value << 1) ^ (value >> 31));

    public static ulong ZigZag64(long value) => (ulong)((value << 1) ^ (value >> 63));

    public static void WriteTag(ref ExpositionOutput o, int field, int wireType) => o.WriteVarint((ulong)(uint)((field << 3) | wireType));

    /// <summary>Writes a varint at the start of <paramref name="destination"/>; returns its size.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int PutVarint(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int PutTag(Span<byte> destination, int field, int wireType) => PutVarint(destination, (ulong)(uint)((field << 3) | wireType));

    public static void WriteVarintField(ref ExpositionOutput o, int field, ulong value)
    {
        WriteTag(ref o, field, Varint);
        o.WriteVarint(value);
    }

    public static void WriteDoubleField(ref ExpositionOutput o, int field, double value)
    {
        WriteTag(ref o, field, Fixed64);
        o.WriteFixed64(BitConverter.DoubleToUInt64Bits(value));
    }

    public static void WriteStringField(ref ExpositionOutput o, int field, string value)
    {
        WriteTag(ref o, field, LengthDelimited);
        o.WriteVarint((ulong)Encoding.UTF8.GetByteCount(value));
        o.WriteUtf8(value);
    }

    /// <summary>Starts an embedded message of <paramref name="size"/> bytes; its fields follow.</summary>
    public static void WriteMessageHeader(ref ExpositionOutput o, int field, int size)
    {
        WriteTag(ref o, field, LengthDelimited);
        o.WriteVarint((ulong)size);
    }

    /// <summary>
    /// Splits seconds into a <c>google.protobuf.Timestamp</c> (whole seconds, non-negative nanos); false for NaN and
    /// infinities, which have no timestamp.
    /// </summary>
    public static bool TrySplitSeconds(double seconds, out long wholeSeconds, out int nanos)
    {
        if (!double.IsFinite(seconds) || Math.Abs(seconds) > 9e15)
        {
            wholeSeconds = 0;
            nanos = 0;
            return false;
        }

        // Math.Floor and Math.Round (to even), without their calls: NativeAOT's baseline x64 has no instruction for them,
        // and a counter's created time is split for every series, in each pass.
        wholeSeconds = (long)seconds;
        if (wholeSeconds > seconds)
        {
            wholeSeconds--;
        }

        // The fraction is in [0, 1e9]; subtracting its truncation from it is exact.
        var fraction = (seconds - wholeSeconds) * 1e9;
        var rounded = (long)fraction;
        var rest = fraction - rounded;
        if (rest > 0.5 || (rest == 0.5 && (rounded & 1) == 1))
        {
            rounded++;
        }

        nanos = (int)rounded;
        if (nanos >= 1_000_000_000)
        {
            wholeSeconds++;
            nanos -= 1_000_000_000;
        }

        return true;
    }

    /// <summary>Size of a Timestamp message body; zero fields are left out as proto3 does.</summary>
    public static int TimestampSize(long wholeSeconds, int nanos) =>
        (wholeSeconds != 0 ? VarintFieldSize(1, (ulong)wholeSeconds) : 0) + (nanos != 0 ? VarintFieldSize(2, (ulong)nanos) : 0);

    public static void WriteTimestamp(ref ExpositionOutput o, int field, long wholeSeconds, int nanos)
    {
        WriteMessageHeader(ref o, field, TimestampSize(wholeSeconds, nanos));
        if (wholeSeconds != 0)
        {
            WriteVarintField(ref o, 1, (ulong)wholeSeconds);
        }

        if (nanos != 0)
        {
            WriteVarintField(ref o, 2, (ulong)nanos);
        }
    }
}
