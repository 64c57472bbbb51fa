using Google.Protobuf;
using MiniCollector.Otlp.Common;

namespace MiniCollector.Exporters.Tests.Debug;

/// <summary>Small builders for OTLP values used by the debug formatter tests.</summary>
internal static class DebugTestData
{
    /// <summary>2018-12-13 14:51:00 UTC in nanoseconds.</summary>
    public const ulong T0 = 1_544_712_660_000_000_000UL;

    /// <summary>2020-02-11 20:26:12.000000321 UTC in nanoseconds (the reference collector's test start time).</summary>
    public const ulong T321 = 1_581_452_772_000_000_321UL;

    public static readonly ByteString TraceId = Hex("5b8efff798038103d269b633813fc60c");
    public static readonly ByteString SpanId = Hex("eee19b7ec3c1b174");
    public static readonly ByteString ParentId = Hex("eee19b7ec3c1b173");

    public static ByteString Hex(string hex) => ByteString.CopyFrom(Convert.FromHexString(hex));

    public static AnyValue Str(string v) => new() { StringValue = v };

    public static AnyValue Int(long v) => new() { IntValue = v };

    public static AnyValue Dbl(double v) => new() { DoubleValue = v };

    public static AnyValue Bool(bool v) => new() { BoolValue = v };

    public static AnyValue Bytes(params byte[] v) => new() { BytesValue = ByteString.CopyFrom(v) };

    public static AnyValue Slice(params AnyValue[] values)
    {
        var array = new ArrayValue();
        array.Values.Add(values);
        return new AnyValue { ArrayValue = array };
    }

    public static AnyValue Map(params KeyValue[] entries)
    {
        var list = new KeyValueList();
        list.Values.Add(entries);
        return new AnyValue { KvlistValue = list };
    }

    public static KeyValue Kv(string key, AnyValue? value) => value is null ? new() { Key = key } : new() { Key = key, Value = value };

    public static KeyValue Kv(string key, string value) => Kv(key, Str(value));

    /// <summary>
    /// Turns an expected-output raw string literal into the formatters' text: <c>\n</c> line endings, a final newline,
    /// and every <c>·</c> replaced by a space, so significant trailing spaces stay visible and survive editors that
    /// trim whitespace.
    /// </summary>
    public static string Lines(string text) => text.ReplaceLineEndings("\n").Replace('·', ' ') + "\n";
}
