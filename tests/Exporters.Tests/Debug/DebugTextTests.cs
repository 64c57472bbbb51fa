using System.Globalization;
using System.Text;
using Google.Protobuf;
using MiniCollector.Exporters.Debug;
using MiniCollector.Otlp.Common;
using MiniCollector.Otlp.Logs;
using MiniCollector.Otlp.Metrics;
using MiniCollector.Otlp.Trace;
using static MiniCollector.Exporters.Tests.Debug.DebugTestData;

namespace MiniCollector.Exporters.Tests.Debug;

public class DebugTextTests
{
    private static string Typed(AnyValue? v)
    {
        var sb = new StringBuilder();
        DebugText.AppendTypedValue(sb, v);
        return sb.ToString();
    }

    private static string Raw(AnyValue? v)
    {
        var sb = new StringBuilder();
        DebugText.AppendValue(sb, v);
        return sb.ToString();
    }

    private static string Render(Action<StringBuilder> append)
    {
        var sb = new StringBuilder();
        append(sb);
        return sb.ToString();
    }

    [Fact]
    public void Scalars_render_with_their_type()
    {
        Assert.Equal("Str(some value)", Typed(Str("some value")));
        Assert.Equal("Str()", Typed(Str("")));
        Assert.Equal("Bool(true)", Typed(Bool(true)));
        Assert.Equal("Bool(false)", Typed(Bool(false)));
        Assert.Equal("Int(5)", Typed(Int(5)));
        Assert.Equal("Int(-9223372036854775808)", Typed(Int(long.MinValue)));
        Assert.Equal("Double(1.5)", Typed(Dbl(1.5)));
        Assert.Equal("Bytes(AQL/)", Typed(Bytes(1, 2, 0xff)));
        Assert.Equal("Bytes()", Typed(Bytes()));
    }

    [Fact]
    public void Unset_and_profile_only_values_are_empty()
    {
        Assert.Equal("Empty()", Typed(null));
        Assert.Equal("Empty()", Typed(new AnyValue()));
        Assert.Equal("Empty()", Typed(new AnyValue { StringValueStrindex = 3 }));
        Assert.Equal("", Raw(null));
    }

    [Fact]
    public void Maps_and_slices_render_as_json_in_sender_order()
    {
        var value = Map(
            Kv("z", "last?"),
            Kv("nested", Map(Kv("k", Int(1)), Kv("list", Slice(Str("a"), Bool(false), Dbl(0.25), new AnyValue())))),
            Kv("bytes", Bytes(0xde, 0xad)),
            Kv("empty", (AnyValue?)null),
            Kv("emptyMap", Map()),
            Kv("emptySlice", Slice()));
        Assert.Equal(
            """Map({"z":"last?","nested":{"k":1,"list":["a",false,0.25,null]},"bytes":"3q0=","empty":null,"emptyMap":{},"emptySlice":[]})""",
            Typed(value));
        Assert.Equal("""Slice([1,"two",[3]])""", Typed(Slice(Int(1), Str("two"), Slice(Int(3)))));
    }

    [Fact]
    public void Json_strings_are_escaped_and_non_finite_doubles_quoted()
    {
        var value = Slice(
            Str("q\"b\\n\nr\rt\t\u0001\u2028<&>"),
            Dbl(double.NaN),
            Dbl(double.PositiveInfinity),
            Dbl(double.NegativeInfinity));
        Assert.Equal(
            """Slice(["q\"b\\n\nr\rt\t\u0001\u2028<&>","NaN","+Inf","-Inf"])""",
            Typed(value));
        Assert.Equal("""Map({"a\"b":"c"})""", Typed(Map(Kv("a\"b", "c"))));
    }

    [Fact]
    public void Top_level_strings_are_not_escaped()
    {
        Assert.Equal("Str(line1\nline2 \"q\")", Typed(Str("line1\nline2 \"q\"")));
    }

    [Theory]
    [InlineData(1.5, "1.5")]
    [InlineData(-1.5, "-1.5")]
    [InlineData(0.1, "0.1")]
    [InlineData(100.0, "100")]
    [InlineData(0.0, "0")]
    [InlineData(-0.0, "-0")]
    [InlineData(1e15, "1000000000000000")]
    [InlineData(123456789012345680000.0, "123456789012345680000")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1.5e300, "1.5e+300")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(0.00000123, "0.00000123")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(-2.5e-10, "-2.5e-10")]
    [InlineData(double.MaxValue, "1.7976931348623157e+308")]
    [InlineData(double.Epsilon, "5e-324")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void Shortest_double_uses_the_javascript_layout(double value, string expected)
    {
        Assert.Equal(expected, Render(sb => DebugText.AppendShortest(sb, value)));
    }

    [Theory]
    [InlineData(3.14, "3.140000")]
    [InlineData(-0.5, "-0.500000")]
    [InlineData(0.0, "0.000000")]
    [InlineData(1e20, "100000000000000000000.000000")]
    [InlineData(1e-7, "0.000000")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void Fixed_double_matches_go_percent_f(double value, string expected)
    {
        Assert.Equal(expected, Render(sb => DebugText.AppendFixed(sb, value)));
    }

    [Fact]
    public void Formatting_ignores_the_current_culture()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            Assert.Equal("Double(1234.5)", Typed(Dbl(1234.5)));
            Assert.Equal("1234.500000", Render(sb => DebugText.AppendFixed(sb, 1234.5)));
            Assert.Equal("Int(-12345)", Typed(Int(-12345)));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Theory]
    [InlineData(0UL, "1970-01-01 00:00:00 +0000 UTC")]
    [InlineData(T0, "2018-12-13 14:51:00 +0000 UTC")]
    [InlineData(T0 + 500_000_000UL, "2018-12-13 14:51:00.5 +0000 UTC")]
    [InlineData(T321, "2020-02-11 20:26:12.000000321 +0000 UTC")]
    [InlineData(1_700_000_000_999_999_999UL, "2023-11-14 22:13:20.999999999 +0000 UTC")]
    [InlineData(ulong.MaxValue, "2554-07-21 23:34:33.709551615 +0000 UTC")]
    public void Timestamps_print_like_go_with_trailing_fraction_zeros_trimmed(ulong nanos, string expected)
    {
        Assert.Equal(expected, Render(sb => DebugText.AppendTimestamp(sb, nanos)));
    }

    [Fact]
    public void Ids_are_lowercase_hex_and_empty_when_absent_or_zero()
    {
        Assert.Equal("5b8efff798038103d269b633813fc60c", Render(sb => DebugText.AppendId(sb, TraceId)));
        Assert.Equal("00000000000000ff", Render(sb => DebugText.AppendId(sb, Hex("00000000000000FF"))));
        Assert.Equal("", Render(sb => DebugText.AppendId(sb, ByteString.Empty)));
        Assert.Equal("", Render(sb => DebugText.AppendId(sb, Hex("0000000000000000"))));
    }

    [Fact]
    public void Enum_names_match_pdata_and_unknown_numbers_are_marked()
    {
        Assert.Equal("Consumer", DebugText.KindName(Span.Types.SpanKind.Consumer));
        Assert.Equal("Unspecified", DebugText.KindName(Span.Types.SpanKind.Unspecified));
        Assert.Equal("Unknown(9)", DebugText.KindName((Span.Types.SpanKind)9));
        Assert.Equal("Ok", DebugText.StatusName(Status.Types.StatusCode.Ok));
        Assert.Equal("Error", DebugText.StatusName(Status.Types.StatusCode.Error));
        Assert.Equal("Unknown(5)", DebugText.StatusName((Status.Types.StatusCode)5));
        Assert.Equal("Delta", DebugText.TemporalityName(AggregationTemporality.Delta));
        Assert.Equal("Unknown(3)", DebugText.TemporalityName((AggregationTemporality)3));
        Assert.Equal("Unspecified", DebugText.SeverityName(SeverityNumber.Unspecified));
        Assert.Equal("Trace2", DebugText.SeverityName(SeverityNumber.Trace2));
        Assert.Equal("Info", DebugText.SeverityName(SeverityNumber.Info));
        Assert.Equal("Warn3", DebugText.SeverityName(SeverityNumber.Warn3));
        Assert.Equal("Fatal4", DebugText.SeverityName(SeverityNumber.Fatal4));
        Assert.Equal("Unknown", DebugText.SeverityName((SeverityNumber)25));
        Assert.Equal("Unknown", DebugText.SeverityName((SeverityNumber)(-1)));
    }
}
