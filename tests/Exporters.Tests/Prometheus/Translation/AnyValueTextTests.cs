using Google.Protobuf;
using MiniCollector.Exporters.Prometheus.Translation;
using MiniCollector.Otlp.Common;

namespace MiniCollector.Exporters.Tests.Prometheus.Translation;

public class AnyValueTextTests
{
    private static AnyValue Str(string v) => new() { StringValue = v };
    private static AnyValue Int(long v) => new() { IntValue = v };
    private static AnyValue Dbl(double v) => new() { DoubleValue = v };
    private static AnyValue Bool(bool v) => new() { BoolValue = v };
    private static AnyValue Bytes(byte[] v) => new() { BytesValue = ByteString.CopyFrom(v) };

    private static AnyValue Array(params AnyValue[] items)
    {
        var array = new ArrayValue();
        array.Values.Add(items);
        return new AnyValue { ArrayValue = array };
    }

    private static AnyValue Map(params (string Key, AnyValue Value)[] members)
    {
        var map = new KeyValueList();
        foreach (var (key, value) in members)
        {
            map.Values.Add(new KeyValue { Key = key, Value = value });
        }

        return new AnyValue { KvlistValue = map };
    }

    [Fact]
    public void Strings_are_as_is()
    {
        Assert.Equal("hello world", PrometheusNames.AnyValueText(Str("hello world")));
        Assert.Equal("", PrometheusNames.AnyValueText(Str("")));
        Assert.Equal("a \"quoted\"\nline", PrometheusNames.AnyValueText(Str("a \"quoted\"\nline")));
    }

    [Fact]
    public void Booleans_are_json_literals()
    {
        Assert.Equal("true", PrometheusNames.AnyValueText(Bool(true)));
        Assert.Equal("false", PrometheusNames.AnyValueText(Bool(false)));
    }

    [Fact]
    public void Integers_are_decimal()
    {
        Assert.Equal("42", PrometheusNames.AnyValueText(Int(42)));
        Assert.Equal("-123", PrometheusNames.AnyValueText(Int(-123)));
        Assert.Equal("-9223372036854775808", PrometheusNames.AnyValueText(Int(long.MinValue)));
    }

    [Theory]
    [InlineData(3.14159, "3.14159")]
    [InlineData(0.1, "0.1")]
    [InlineData(1.0, "1")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(0.0, "0")]
    [InlineData(1e15, "1000000000000000")]
    [InlineData(1.23e10, "12300000000")]
    [InlineData(123456789012345680000.0, "123456789012345680000")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1.5e300, "1.5e+300")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(-1.5e-10, "-1.5e-10")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(double.MaxValue, "1.7976931348623157e+308")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    public void Doubles_are_shortest_round_trip_json_numbers(double value, string expected)
    {
        string text = PrometheusNames.AnyValueText(Dbl(value));
        Assert.Equal(expected, text);
        Assert.Equal(value, double.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Negative_zero_keeps_its_sign()
    {
        Assert.Equal("-0", PrometheusNames.AnyValueText(Dbl(-0.0)));
    }

    [Fact]
    public void Special_doubles_use_the_spec_spelling()
    {
        Assert.Equal("NaN", PrometheusNames.AnyValueText(Dbl(double.NaN)));
        Assert.Equal("Infinity", PrometheusNames.AnyValueText(Dbl(double.PositiveInfinity)));
        Assert.Equal("-Infinity", PrometheusNames.AnyValueText(Dbl(double.NegativeInfinity)));
    }

    [Fact]
    public void Bytes_are_base64()
    {
        Assert.Equal("aGVsbG8gd29ybGQ=", PrometheusNames.AnyValueText(Bytes("hello world"u8.ToArray())));
        Assert.Equal("", PrometheusNames.AnyValueText(Bytes([])));
    }

    [Fact]
    public void Empty_values_are_the_empty_string()
    {
        Assert.Equal("", PrometheusNames.AnyValueText(null));
        Assert.Equal("", PrometheusNames.AnyValueText(new AnyValue()));
        Assert.Equal("", PrometheusNames.AnyValueText(new AnyValue { StringValueStrindex = 3 }));
    }

    [Fact]
    public void Arrays_are_json()
    {
        Assert.Equal("[]", PrometheusNames.AnyValueText(Array()));
        Assert.Equal("[\"a\",\"b\"]", PrometheusNames.AnyValueText(Array(Str("a"), Str("b"))));
        Assert.Equal("[1,2.5,true]", PrometheusNames.AnyValueText(Array(Int(1), Dbl(2.5), Bool(true))));
    }

    [Fact]
    public void Array_elements_follow_the_spec_element_rules()
    {
        // The spec's example: [1, "-Infinity", "a", true, {"nested": "aGVsbG8gd29ybGQ="}], plus NaN, empty and nesting.
        var value = Array(
            Int(1),
            Dbl(double.NegativeInfinity),
            Str("a"),
            Bool(true),
            Map(("nested", Bytes("hello world"u8.ToArray()))),
            Dbl(double.NaN),
            new AnyValue(),
            Array(Int(3)));
        Assert.Equal("[1,\"-Infinity\",\"a\",true,{\"nested\":\"aGVsbG8gd29ybGQ=\"},\"NaN\",null,[3]]", PrometheusNames.AnyValueText(value));
    }

    [Fact]
    public void Maps_are_json_objects_sorted_by_key()
    {
        Assert.Equal("{}", PrometheusNames.AnyValueText(Map()));
        var value = Map(("c", Array(Int(3), new AnyValue())), ("a", Dbl(double.NegativeInfinity)), ("b", Int(2)));
        Assert.Equal("{\"a\":\"-Infinity\",\"b\":2,\"c\":[3,null]}", PrometheusNames.AnyValueText(value));
    }

    [Fact]
    public void Repeated_map_key_keeps_the_last_value()
    {
        Assert.Equal("{\"k\":\"second\"}", PrometheusNames.AnyValueText(Map(("k", Str("first")), ("k", Str("second")))));
    }

    [Fact]
    public void Json_strings_are_escaped()
    {
        var value = Array(Str("quote\" back\\ nl\n tab\t cr\r bell\u0007 é"));
        Assert.Equal("[\"quote\\\" back\\\\ nl\\n tab\\t cr\\r bell\\u0007 é\"]", PrometheusNames.AnyValueText(value));
        Assert.Equal("{\"k\\\"ey\":1}", PrometheusNames.AnyValueText(Map(("k\"ey", Int(1)))));
    }
}
