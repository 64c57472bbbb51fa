using MiniCollector.Ottl;
using static MiniCollector.Pipeline.Tests.Ottl.OttlKit;

namespace MiniCollector.Pipeline.Tests.Ottl;

/// <summary>The lexer and parser: what compiles, and errors that say where (1-based column) and what was expected.</summary>
public sealed class OttlParserTests
{
    [Theory]
    [InlineData("set(name, \"x\" where name == \"a\"", "column 15: expected \",\" or \")\" but found \"where\"")]
    [InlineData("set(name \"x\")", "column 10: expected \",\" or \")\" but found \"x\"")]
    [InlineData("set(name, \"x\") wher name == \"a\"", "column 16: expected \"where\" or end of statement but found \"wher\"")]
    [InlineData("set(name, \"unterminated)", "column 11: unterminated string: a closing \" is missing")]
    [InlineData("set(name, \"a\\d\")", "column 13: invalid escape \"\\d\" in string (a regex's backslash is written \"\\\\d\")")]
    [InlineData("set(name, \"x\") where", "column 21: expected a condition but found end of statement")]
    [InlineData("set(name, #)", "column 11: unexpected character \"#\"")]
    [InlineData("name == \"x\"", "column 1: expected an editor call such as set(...) but found \"name\"")]
    [InlineData("set(name, 0x123)", "column 11: invalid bytes literal \"0x123\": write an even number of hex digits after 0x")]
    [InlineData("set(name, 99999999999999999999)", "column 11: integer 99999999999999999999 does not fit in 64 bits")]
    [InlineData("set(attributes[name], \"x\")", "column 16: expected a string or int key (expressions as keys are not supported) but found \"name\"")]
    [InlineData("set(name, {1: 2})", "column 12: expected a string key but found \"1\"")]
    public void Statement_syntax_errors_name_the_column_and_what_was_expected(string statement, string expected)
        => Assert.Equal(expected, StatementError(statement));

    [Theory]
    [InlineData("nmae == \"x\"", "column 1: unknown path \"nmae\" in the span context (supported: ")]
    [InlineData("log.body == \"x\"", "column 1: path \"log.body\" is not available in the span context (its paths may start with span., scope., instrumentation_scope., resource.)")]
    [InlineData("Foo(name)", "column 1: unknown converter \"Foo\" (supported converters: Concat, IsMatch,")]
    [InlineData("name == SPAN_KIND_SERVR", "column 9: unknown enum \"SPAN_KIND_SERVR\" in the span context (supported: SPAN_KIND_UNSPECIFIED,")]
    [InlineData("name.string == \"x\"", "column 1: unknown path \"name.string\"")]
    [InlineData("name[\"a\"] == \"x\"", "column 5: path \"name\" (string) does not take keys")]
    [InlineData("name", "column 5: expected a comparison operator (==, !=, <, <=, >, >=) after name but found end of statement")]
    [InlineData("name == \"a\" and", "column 16: expected a condition but found end of statement")]
    [InlineData("(name == \"a\"", "column 13: expected \")\" but found end of statement")]
    [InlineData("name == \"a\" name", "column 13: expected \"and\", \"or\" or end of condition but found \"name\"")]
    [InlineData("set(name, \"x\")", "column 1: set is an editor: it can only be the function a statement calls, not a value")]
    [InlineData("IsRootSpan()", "")]
    [InlineData("", "column 1: empty condition")]
    public void Condition_errors_name_the_thing_and_list_what_is_supported(string condition, string expectedStart)
    {
        if (expectedStart.Length == 0)
        {
            Assert.Empty(CompileErrors(condition, OttlContextKind.Span));
            Assert.StartsWith("column 1: IsRootSpan is only available in the span context", ConditionError(condition, OttlContextKind.Log));
            return;
        }

        Assert.StartsWith(expectedStart, ConditionError(condition));
    }

    [Theory]
    [InlineData("sett(name, \"x\")", "column 1: unknown editor \"sett\" (supported editors: set, delete_key,")]
    [InlineData("Concat([name], \"\")", "column 1: a statement must call an editor (set, delete_key,")]
    [InlineData("set(name)", "column 1: set takes 2 arguments, found 1: \"value\" is missing (set(target, value))")]
    [InlineData("set(name, \"a\", \"b\")", "column 16: set takes 2 arguments, found 3 (set(target, value))")]
    [InlineData("set(\"x\", name)", "column 5: set: argument \"target\" must be a path (such as attributes[\"key\"]), found \"x\"")]
    [InlineData("set(span_id.string, \"x\") where IsMatch(name, 1)", "column 46: IsMatch: argument \"pattern\" must be a string literal, found 1")]
    [InlineData("delete_key(attributes, name)", "column 24: delete_key: argument \"key\" must be a string literal, found name")]
    [InlineData("keep_keys(attributes, [\"a\", name])", "column 23: keep_keys: argument \"keys\" must be a list of string literals")]
    [InlineData("delete_matching_keys(attributes, \"(\")", "column 34: delete_matching_keys: pattern is not a valid regular expression")]
    [InlineData("truncate_all(attributes, -1)", "column 26: truncate_all: limit must not be negative, found -1")]
    [InlineData("limit(attributes, 1, [\"a\", \"b\"])", "column 22: limit: priority_keys has 2 keys, more than the limit (1)")]
    [InlineData("merge_maps(attributes, attributes, \"merge\")", "column 36: merge_maps: strategy must be \"insert\", \"update\" or \"upsert\", found \"merge\"")]
    [InlineData("replace_all_patterns(attributes, \"both\", \"a\", \"b\")", "column 34: replace_all_patterns: mode must be \"key\" or \"value\", found \"both\"")]
    [InlineData("replace_pattern(name, \"a\", \"b\", Foo)", "column 33: unknown converter")]
    [InlineData("replace_pattern(name, \"a\", \"b\", IsMatch)", "column 33: replace_pattern: function must be one of SHA1, SHA256, MD5, ToLowerCase, ToUpperCase, found IsMatch")]
    [InlineData("replace_pattern(name, \"a\", \"b\", SHA256, \"%d\")", "column 41: replace_pattern: replacementFormat must contain exactly one %s")]
    [InlineData("set(name, ConvertCase(name, \"kebab\"))", "column 29: ConvertCase: toCase must be \"lower\", \"upper\", \"snake\" or \"camel\", found \"kebab\"")]
    [InlineData("set(trace_id, TraceID(0x0102))", "column 23: TraceID takes 16 bytes written as 0x followed by 32 hex digits, found 0x0102")]
    [InlineData("set(name, \"x\", valu = 1)", "column 16: set has no argument named \"valu\" (set(target, value))")]
    [InlineData("set(attributes[\"a\"], \"x\") where attributes[\"b\"]", "column 48: expected a comparison operator")]
    [InlineData("set(metric.name, \"x\")", "column 5: path \"metric.name\" is not available in the span context")]
    [InlineData("append(attributes[\"tags\"])", "column 1: append needs \"value\" or \"values\"")]
    public void Function_errors_name_the_function_argument_and_signature(string statement, string expectedStart)
        => Assert.StartsWith(expectedStart, StatementError(statement));

    [Fact]
    public void A_read_only_path_cannot_be_a_target()
        => Assert.StartsWith("column 5: set: argument \"target\" must be a path (such as attributes[\"key\"]), found read-only path metric.type", StatementError("set(metric.type, 1)", OttlContextKind.Metric));

    [Fact]
    public void Every_error_of_a_list_is_reported_with_its_index()
    {
        var errors = new List<OttlError>();
        Assert.Null(OttlParser.ParseConditions(["name == \"a\"", "nam == 1", "name ==", "kind == 2"], OttlContextKind.Span, errors));
        Assert.Equal([1, 2], errors.Select(e => e.Index));
        Assert.Equal("name ==", errors[1].Text);
        Assert.Equal(8, errors[1].Column);
    }

    [Theory]
    [InlineData("name == \"GET /users\"", true)]
    [InlineData("name == \"GET /users\" and kind == SPAN_KIND_SERVER", true)]
    [InlineData("name == \"x\" or kind == SPAN_KIND_SERVER", true)]
    [InlineData("not name == \"x\"", true)]
    [InlineData("not (name == \"GET /users\" or kind == 3)", false)]
    [InlineData("name == \"x\" or name == \"y\" and true", false)]
    [InlineData("true and not false", true)]
    [InlineData("(1 + 2) * 3 == 9", true)]
    [InlineData("1 + 2 * 3 == 7", true)]
    [InlineData("10 / 4 == 2", true)]
    [InlineData("10.0 / 4.0 == 2.5", true)]
    [InlineData("end_time_unix_nano - start_time_unix_nano > 2000", true)]
    [InlineData("end_time_unix_nano -1 == 3499", true)]
    [InlineData("-1 < 0 and -.5 < 0 and +2 > 1 and 1e3 == 1000.0", true)]
    [InlineData("(kind == 2) and (name != \"x\")", true)]
    [InlineData("((kind == 2))", true)]
    [InlineData("\"a\\\"b\\\\c\\n\\t\\x41\\u00e9\" == \"a\\\"b\\\\c\\n\\tA\u00e9\"", true)]
    [InlineData("IsMatch(name, \"^GET\")", true)]
    [InlineData("Split(name, \" \")[1] == \"/users\"", true)]
    [InlineData("attributes[\"missing\"] == nil", true)]
    [InlineData("attributes[\"missing\"][\"deeper\"] == nil", true)]
    [InlineData("[1, 2] == [1, 2] and {\"a\": 1} == {\"a\": 1} and [1] != [2]", true)]
    [InlineData("0x0102 == 0x0102 and 0x01 < 0x02", true)]
    public void Conditions_follow_the_grammar_and_precedence(string condition, bool expected)
        => Assert.Equal(expected, OnSpan(condition));

    [Theory]
    [InlineData("1 == 1.0", true)]
    [InlineData("1 < 1.5", true)]
    [InlineData("\"a\" < \"b\"", true)]
    [InlineData("false < true", true)]
    [InlineData("1 == \"1\"", false)]
    [InlineData("1 != \"1\"", true)]
    [InlineData("1 < \"2\"", false)]
    [InlineData("nil == nil", true)]
    [InlineData("nil != 1", true)]
    [InlineData("{\"a\": 1, \"b\": 2} == {\"b\": 2, \"a\": 1}", true)]
    [InlineData("[1] < [2]", false)]
    [InlineData("attributes[\"http.status_code\"] >= 500", true)]
    [InlineData("attributes[\"ratio\"] == 0.5", true)]
    [InlineData("attributes[\"ok\"] == false", true)]
    public void Comparison_rules_follow_the_reference(string condition, bool expected)
        => Assert.Equal(expected, OnSpan(condition));

    [Fact]
    public void A_math_error_fails_the_condition_under_propagate_and_counts_as_false_under_ignore()
    {
        var errors = new List<OttlError>();
        var propagate = OttlParser.ParseConditions(["1 / 0 == 1"], OttlContextKind.Span, errors, OttlErrorMode.Propagate)!;
        var ex = Assert.Throws<OttlRuntimeException>(() => propagate.Matches(new SpanContext(Resource(), Scope(), SampleSpan())));
        Assert.Contains("division by zero", ex.Message);

        var ignore = OttlParser.ParseConditions(["1 / 0 == 1", "name == \"GET /users\""], OttlContextKind.Span, errors, OttlErrorMode.Ignore)!;
        Assert.True(ignore.Matches(new SpanContext(Resource(), Scope(), SampleSpan())));
        var silent = OttlParser.ParseConditions(["1 + 1.5 == 2"], OttlContextKind.Span, errors, OttlErrorMode.Silent)!;
        Assert.False(silent.Matches(new SpanContext(Resource(), Scope(), SampleSpan())));
        Assert.Empty(errors);
    }

    [Fact]
    public void Conditions_compiled_for_one_context_refuse_another()
        => Assert.Throws<InvalidOperationException>(() => Conditions(OttlContextKind.Log, "true").Matches(new SpanContext(Resource(), Scope(), SampleSpan())));

    [Theory]
    [InlineData(new[] { "set(span.name, \"x\")" }, "span")]
    [InlineData(new[] { "set(resource.attributes[\"a\"], \"b\")", "set(span.name, \"x\")" }, "span")]
    [InlineData(new[] { "set(spanevent.name, \"x\") where span.name == \"y\"" }, "spanevent")]
    [InlineData(new[] { "set(resource.attributes[\"a\"], \"b\")" }, "resource")]
    [InlineData(new[] { "set(scope.name, \"b\")" }, "scope")]
    [InlineData(new[] { "set(instrumentation_scope.name, \"b\")" }, "scope")]
    public void The_context_is_inferred_from_path_prefixes(string[] statements, string expected)
    {
        var kind = OttlParser.InferContext(statements, [OttlContextKind.Resource, OttlContextKind.Scope, OttlContextKind.Span, OttlContextKind.SpanEvent], out var error);
        Assert.Null(error);
        Assert.Equal(expected, kind!.Value.Name());
    }

    [Fact]
    public void Inference_fails_clearly()
    {
        OttlContextKind[] traces = [OttlContextKind.Resource, OttlContextKind.Scope, OttlContextKind.Span, OttlContextKind.SpanEvent];
        Assert.Null(OttlParser.InferContext(["set(name, \"x\")"], traces, out var none));
        Assert.StartsWith("cannot tell which context the statements run in: start paths with the context (resource, scope, span, spanevent)", none);
        Assert.Null(OttlParser.InferContext(["set(log.body, \"x\")"], traces, out var other));
        Assert.Equal("paths use the log context, which is not available here (valid: resource, scope, span, spanevent)", other);
        Assert.Null(OttlParser.InferContext(["set(metric.name, \"x\") where log.body == nil"], [OttlContextKind.Metric, OttlContextKind.Log], out var branches));
        Assert.StartsWith("paths name both the metric and the log context", branches);
    }

    private static List<OttlError> CompileErrors(string condition, OttlContextKind context)
    {
        var errors = new List<OttlError>();
        OttlParser.ParseConditions([condition], context, errors);
        return errors;
    }
}
