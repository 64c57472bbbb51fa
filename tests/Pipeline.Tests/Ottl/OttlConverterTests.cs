using MiniCollector.Ottl;
using MiniCollector.Otlp.Common;
using static MiniCollector.Pipeline.Tests.Ottl.OttlKit;

namespace MiniCollector.Pipeline.Tests.Ottl;

/// <summary>Every converter: what it returns for each kind of input, and what it refuses.</summary>
public sealed class OttlConverterTests
{
    [Theory]
    [InlineData("Concat([\"a\", name, 1, 1.5, true, nil], \"-\")", "a-GET /users-1-1.5-true-<nil>")]
    [InlineData("Concat([\"x\", attributes, \"y\"], \"\")", "xy")]
    [InlineData("Concat([span_id], \":\")", "0102030405060708")]
    [InlineData("String(42)", "42")]
    [InlineData("String(1.25)", "1.25")]
    [InlineData("String(1e21)", "1000000000000000000000")]
    [InlineData("String(true)", "true")]
    [InlineData("String(0x0aff)", "0aff")]
    [InlineData("String({\"a\": [1, \"b\"]})", "{\"a\":[1,\"b\"]}")]
    [InlineData("SHA1(\"abc\")", "a9993e364706816aba3e25717850c26c9cd0d89d")]
    [InlineData("SHA256(\"abc\")", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("MD5(\"abc\")", "900150983cd24fb0d6963f7d28e17f72")]
    [InlineData("ConvertCase(\"MyMetric\", \"snake\")", "my_metric")]
    [InlineData("ConvertCase(\"my_metric.name\", \"camel\")", "MyMetricName")]
    [InlineData("ConvertCase(\"Abc\", \"lower\")", "abc")]
    [InlineData("ConvertCase(\"Abc\", \"upper\")", "ABC")]
    [InlineData("ToLowerCase(name)", "get /users")]
    [InlineData("ToUpperCase(\"a.b\")", "A.B")]
    [InlineData("Substring(name, 4, 6)", "/users")]
    [InlineData("Split(name, \" \")[0]", "GET")]
    [InlineData("Hex(\"ab\")", "6162")]
    [InlineData("Hex(1)", "0000000000000001")]
    [InlineData("Hex(1.0)", "3ff0000000000000")]
    [InlineData("Hex(true)", "01")]
    [InlineData("Hex(trace_id)", "0102030405060708090a0b0c0d0e0f10")]
    public void String_results(string expression, string expected)
        => Assert.Equal(expected, Value(expression)!.StringValue);

    [Theory]
    [InlineData("Int(7.9)", 7L)]
    [InlineData("Int(-7.9)", -7L)]
    [InlineData("Int(\"42\")", 42L)]
    [InlineData("Int(true)", 1L)]
    [InlineData("Int(attributes[\"http.status_code\"])", 503L)]
    [InlineData("Len(\"héllo\")", 6L)]
    [InlineData("Len(attributes)", 4L)]
    [InlineData("Len([1, 2, 3])", 3L)]
    [InlineData("Len(Split(\"a,b\", \",\"))", 2L)]
    public void Int_results(string expression, long expected)
        => Assert.Equal(expected, Value(expression)!.IntValue);

    [Theory]
    [InlineData("Double(3)", 3.0)]
    [InlineData("Double(\"2.5\")", 2.5)]
    [InlineData("Double(false)", 0.0)]
    [InlineData("Double(attributes[\"ratio\"])", 0.5)]
    public void Double_results(string expression, double expected)
        => Assert.Equal(expected, Value(expression)!.DoubleValue);

    [Theory]
    [InlineData("Int(\"2.0\")")]
    [InlineData("Int([1])")]
    [InlineData("Double(\"abc\")")]
    [InlineData("Bool(\"maybe\")")]
    [InlineData("String(nil)")]
    [InlineData("Int(attributes[\"absent\"])")]
    [InlineData("Split(attributes[\"absent\"], \",\")")]
    public void Conversions_that_cannot_convert_give_nil(string expression)
        => Assert.Null(Value(expression));

    [Theory]
    [InlineData("IsMatch(name, \"^GET /u\")", true)]
    [InlineData("IsMatch(name, \"users$\")", true)]
    [InlineData("IsMatch(name, \"^users\")", false)]
    [InlineData("IsMatch(attributes[\"http.status_code\"], \"^5\\\\d\\\\d$\")", true)]
    [InlineData("IsMatch(attributes[\"absent\"], \".*\")", false)]
    [InlineData("IsMatch(\"ab\", \"(?P<first>a)b\")", true)]
    [InlineData("IsMatch(0x0102, \"^AQI=$\")", true)]
    [InlineData("Bool(\"True\")", true)]
    [InlineData("Bool(0)", false)]
    [InlineData("Bool(2.5)", true)]
    [InlineData("HasPrefix(name, \"GET\")", true)]
    [InlineData("HasSuffix(name, \"GET\")", false)]
    [InlineData("IsString(name)", true)]
    [InlineData("IsString(1)", false)]
    [InlineData("IsInt(kind)", true)]
    [InlineData("IsDouble(attributes[\"ratio\"])", true)]
    [InlineData("IsDouble(1)", false)]
    [InlineData("IsBool(attributes[\"ok\"])", true)]
    [InlineData("IsMap(attributes)", true)]
    [InlineData("IsMap(\"x\")", false)]
    [InlineData("IsList([1])", true)]
    [InlineData("IsList(attributes)", false)]
    [InlineData("IsRootSpan()", true)]
    public void Boolean_results(string expression, bool expected)
        => Assert.Equal(expected, Value(expression)!.BoolValue);

    [Fact]
    public void Ids_from_bytes_and_split_lists()
    {
        Assert.True(OnSpan("TraceID(0x0102030405060708090a0b0c0d0e0f10) == trace_id"));
        Assert.True(OnSpan("SpanID(0x0102030405060708) == span_id"));
        var list = Value("Split(\"a,b,,c\", \",\")")!.ArrayValue.Values.Select(v => v.StringValue);
        Assert.Equal(["a", "b", string.Empty, "c"], list);
        var child = SampleSpan();
        child.ParentSpanId = Google.Protobuf.ByteString.CopyFrom([1, 1, 1, 1, 1, 1, 1, 1]);
        Assert.False(OnSpan("IsRootSpan()", child));
    }

    [Theory]
    [InlineData("SHA256(1)", "SHA256: value must be a string, got int")]
    [InlineData("ToLowerCase(attributes[\"absent\"])", "ToLowerCase: target must be a string, got nil")]
    [InlineData("Len(1)", "Len: target must be a string, map or list, got int")]
    [InlineData("Substring(name, 5, 100)", "Substring: start 5 and length 100 do not fit in a string of 10 characters")]
    [InlineData("Hex(nil)", "Hex: value must be a string, bytes, int, double or bool, got nil")]
    [InlineData("TraceID(span_id)", "TraceID takes 16 bytes, got bytes")]
    [InlineData("ConvertCase(1, \"lower\")", "ConvertCase: target must be a string, got int")]
    public void Wrong_input_is_a_runtime_error(string expression, string message)
    {
        var ex = Assert.Throws<OttlRuntimeException>(() => Value(expression));
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void A_converter_error_under_ignore_skips_the_statement_and_runs_the_next()
    {
        var span = SampleSpan();
        Assert.True(Statements(OttlContextKind.Span, OttlErrorMode.Ignore, "set(attributes[\"h\"], SHA256(kind))", "set(attributes[\"after\"], \"yes\")").Execute(new SpanContext(Resource(), Scope(), span)));
        Assert.Null(Attr(span.Attributes, "h"));
        Assert.Equal("yes", Attr(span.Attributes, "after")!.StringValue);
    }

    [Fact]
    public void Converter_results_used_as_values_are_copies()
    {
        var span = SampleSpan();
        Assert.True(RunOnSpan(span, "set(attributes[\"copy\"], attributes)", "set(attributes[\"copy\"][\"http.method\"], \"POST\")"));
        Assert.Equal("GET", Attr(span.Attributes, "http.method")!.StringValue);
        Assert.Equal("POST", Attr(Attr(span.Attributes, "copy")!.KvlistValue.Values, "http.method")!.StringValue);
        Assert.Equal(AnyValue.ValueOneofCase.KvlistValue, Attr(span.Attributes, "copy")!.ValueCase);
    }
}
