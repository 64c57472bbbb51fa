using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Collections;
using MiniCollector.Otlp.Common;

namespace MiniCollector.Ottl;

/// <summary>
/// A value while OTTL evaluates: scalars inline (no boxing), strings and bytes by reference, maps and lists as the
/// model's own collections (an attribute list, a kvlist's or array's items), so reading an attribute copies nothing.
/// </summary>
public readonly struct OttlValue : IEquatable<OttlValue>
{
    private readonly long _int;
    private readonly double _double;
    private readonly object? _ref;

    private OttlValue(OttlValueKind kind, long i = 0, double d = 0, object? r = null)
    {
        Kind = kind;
        _int = i;
        _double = d;
        _ref = r;
    }

    /// <summary>The value's type.</summary>
    public OttlValueKind Kind { get; }

    /// <summary>No value.</summary>
    public static OttlValue Nil => default;

    /// <summary>True for <see cref="Nil"/>.</summary>
    public bool IsNil => Kind == OttlValueKind.Nil;

    /// <summary>The boolean (valid when <see cref="Kind"/> is Bool).</summary>
    public bool Bool => _int != 0;

    /// <summary>The integer (valid when <see cref="Kind"/> is Int).</summary>
    public long Int => _int;

    /// <summary>The double (valid when <see cref="Kind"/> is Double).</summary>
    public double Double => _double;

    /// <summary>The string (valid when <see cref="Kind"/> is String).</summary>
    public string String => (string)_ref!;

    /// <summary>The bytes (valid when <see cref="Kind"/> is Bytes).</summary>
    public ByteString Bytes => (ByteString)_ref!;

    /// <summary>The map's entries (valid when <see cref="Kind"/> is Map).</summary>
    public RepeatedField<KeyValue> Map => (RepeatedField<KeyValue>)_ref!;

    /// <summary>The list's items (valid when <see cref="Kind"/> is List).</summary>
    public RepeatedField<AnyValue> List => (RepeatedField<AnyValue>)_ref!;

    public static OttlValue Of(bool b) => new(OttlValueKind.Bool, b ? 1 : 0);

    public static OttlValue Of(long i) => new(OttlValueKind.Int, i);

    public static OttlValue Of(double d) => new(OttlValueKind.Double, d: d);

    public static OttlValue Of(string? s) => s is null ? Nil : new(OttlValueKind.String, r: s);

    public static OttlValue Of(ByteString b) => new(OttlValueKind.Bytes, r: b);

    public static OttlValue Of(RepeatedField<KeyValue> map) => new(OttlValueKind.Map, r: map);

    public static OttlValue Of(RepeatedField<AnyValue> list) => new(OttlValueKind.List, r: list);

    /// <summary>The value an AnyValue holds; maps and lists are the AnyValue's own collections.</summary>
    public static OttlValue From(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => new(OttlValueKind.String, r: value.StringValue),
        AnyValue.ValueOneofCase.BoolValue => Of(value.BoolValue),
        AnyValue.ValueOneofCase.IntValue => Of(value.IntValue),
        AnyValue.ValueOneofCase.DoubleValue => Of(value.DoubleValue),
        AnyValue.ValueOneofCase.BytesValue => Of(value.BytesValue),
        AnyValue.ValueOneofCase.KvlistValue => Of(value.KvlistValue.Values),
        AnyValue.ValueOneofCase.ArrayValue => Of(value.ArrayValue.Values),
        _ => Nil,
    };

    /// <summary>A new AnyValue holding this value; maps and lists are deep copies, so the model never shares them.</summary>
    public AnyValue ToAnyValue()
    {
        var result = new AnyValue();
        switch (Kind)
        {
            case OttlValueKind.Bool: result.BoolValue = Bool; break;
            case OttlValueKind.Int: result.IntValue = Int; break;
            case OttlValueKind.Double: result.DoubleValue = Double; break;
            case OttlValueKind.String: result.StringValue = String; break;
            case OttlValueKind.Bytes: result.BytesValue = Bytes; break;
            case OttlValueKind.Map:
                var kv = new KeyValueList();
                foreach (var entry in Map)
                {
                    kv.Values.Add(entry.Clone());
                }

                result.KvlistValue = kv;
                break;
            case OttlValueKind.List:
                var array = new ArrayValue();
                foreach (var item in List)
                {
                    array.Values.Add(item.Clone());
                }

                result.ArrayValue = array;
                break;
        }

        return result;
    }

    /// <summary>True when <paramref name="value"/> already holds exactly this value (a set that changes nothing).</summary>
    public bool SameAs(AnyValue? value) => OttlCompare.Equal(this, From(value)) && KindOf(value) == Kind;

    /// <summary>The type name used in error messages.</summary>
    public static string TypeName(OttlValueKind kind) => kind switch
    {
        OttlValueKind.Nil => "nil",
        OttlValueKind.Bool => "bool",
        OttlValueKind.Int => "int",
        OttlValueKind.Double => "double",
        OttlValueKind.String => "string",
        OttlValueKind.Bytes => "bytes",
        OttlValueKind.Map => "map",
        _ => "list",
    };

    /// <inheritdoc />
    public bool Equals(OttlValue other) => Kind == other.Kind && OttlCompare.Equal(this, other);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is OttlValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, _int, _double, _ref);

    public static bool operator ==(OttlValue left, OttlValue right) => left.Equals(right);

    public static bool operator !=(OttlValue left, OttlValue right) => !left.Equals(right);

    /// <summary>The value as OTTL writes it in messages and in <c>String()</c>.</summary>
    public override string ToString() => Kind switch
    {
        OttlValueKind.Nil => "nil",
        OttlValueKind.String => String,
        _ => OttlText.Of(this) ?? "nil",
    };

    private static OttlValueKind KindOf(AnyValue? value) => From(value).Kind;

    internal static string FormatDouble(double d) => d.ToString("R", CultureInfo.InvariantCulture);
}
