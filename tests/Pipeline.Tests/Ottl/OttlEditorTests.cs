using MiniCollector.Ottl;
using MiniCollector.Otlp.Common;
using static MiniCollector.Pipeline.Tests.Ottl.OttlKit;

namespace MiniCollector.Pipeline.Tests.Ottl;

/// <summary>Every editor: what it changes, and that it reports no change when it changes nothing.</summary>
public sealed class OttlEditorTests
{
    private static Dictionary<string, AnyValue> Run(out bool changed, params string[] statements)
    {
        var span = SampleSpan();
        changed = RunOnSpan(span, statements);
        return span.Attributes.ToDictionary(kv => kv.Key, kv => kv.Value);
    }

    [Fact]
    public void Set_writes_values_of_every_kind_and_skips_nil()
    {
        var a = Run(out bool changed, "set(attributes[\"s\"], \"x\")", "set(attributes[\"i\"], 1)", "set(attributes[\"d\"], 1.5)", "set(attributes[\"b\"], true)", "set(attributes[\"y\"], 0x01)", "set(attributes[\"l\"], [1, \"a\"])", "set(attributes[\"m\"], {\"k\": \"v\"})", "set(attributes[\"n\"], nil)", "set(attributes[\"sum\"], 1 + 2)");
        Assert.True(changed);
        Assert.Equal(("x", 1L, 1.5, true, 1), (a["s"].StringValue, a["i"].IntValue, a["d"].DoubleValue, a["b"].BoolValue, (int)a["y"].BytesValue[0]));
        Assert.Equal(2, a["l"].ArrayValue.Values.Count);
        Assert.Equal("v", a["m"].KvlistValue.Values[0].Value.StringValue);
        Assert.False(a.ContainsKey("n"));
        Assert.Equal(3, a["sum"].IntValue);
    }

    [Fact]
    public void Set_with_a_where_clause_runs_only_when_it_holds()
    {
        var a = Run(out _, "set(attributes[\"yes\"], 1) where name == \"GET /users\"", "set(attributes[\"no\"], 1) where name == \"other\"");
        Assert.True(a.ContainsKey("yes"));
        Assert.False(a.ContainsKey("no"));
    }

    [Fact]
    public void Delete_and_keep_keys()
    {
        Assert.Equal(["http.status_code", "ratio", "ok"], Run(out bool changed, "delete_key(attributes, \"http.method\")").Keys);
        Assert.True(changed);
        Run(out changed, "delete_key(attributes, \"absent\")");
        Assert.False(changed);
        Assert.Equal(["ratio", "ok"], Run(out _, "delete_matching_keys(attributes, \"^http\\\\.\")").Keys);
        Assert.Equal(["http.method", "ok"], Run(out _, "keep_keys(attributes, [\"ok\", \"http.method\", \"absent\"])").Keys);
        Assert.Equal(["http.method", "http.status_code"], Run(out _, "keep_matching_keys(attributes, \"^http\")").Keys);
        Run(out changed, "keep_keys(attributes, [\"http.method\", \"http.status_code\", \"ratio\", \"ok\"])");
        Assert.False(changed);
    }

    [Fact]
    public void Replace_pattern_expands_groups_and_applies_function_and_format()
    {
        var span = SampleSpan();
        Assert.True(RunOnSpan(span, "replace_pattern(name, \"^(GET) (/\\\\w+)$\", \"$2 via $1 $$ ${1}x $nope\")"));
        Assert.Equal("/users via GET $ GETx ", span.Name);
        Assert.True(RunOnSpan(span, "replace_pattern(attributes[\"http.method\"], \"G(E)T\", \"$1\", SHA256, \"h:%s\")"));
        Assert.Equal("h:a9f51566bd6705f7ea6ad54bb9deb449f795582d6529a0e22207b8981233ec58", Attr(span.Attributes, "http.method")!.StringValue);
        Assert.False(RunOnSpan(span, "replace_pattern(attributes[\"http.status_code\"], \"5\", \"x\")"));
        Assert.False(RunOnSpan(span, "replace_pattern(name, \"nomatch\", \"x\")"));
    }

    [Fact]
    public void Replace_all_patterns_on_values_or_keys()
    {
        var a = Run(out _, "set(attributes[\"url\"], \"/account/1234/x\")", "replace_all_patterns(attributes, \"value\", \"/account/\\\\d{4}\", \"/account/{id}\")");
        Assert.Equal("/account/{id}/x", a["url"].StringValue);
        a = Run(out _, "replace_all_patterns(attributes, \"key\", \"^http\\\\.(.*)$\", \"h.$1\")");
        Assert.Equal(["h.method", "h.status_code", "ratio", "ok"], a.Keys);
        a = Run(out _, "replace_all_patterns(attributes, \"value\", \"GET\", \"x\", ToLowerCase)");
        Assert.Equal("x", a["http.method"].StringValue);
    }

    [Fact]
    public void Replace_match_and_replace_all_matches_use_globs()
    {
        var span = SampleSpan();
        span.Attributes.Add(Kv("route", "/user/42/list/7"));
        Assert.True(RunOnSpan(span, "replace_match(attributes[\"route\"], \"/user/*/list/*\", \"/user/{userId}/list/{listId}\")"));
        Assert.Equal("/user/{userId}/list/{listId}", Attr(span.Attributes, "route")!.StringValue);
        Assert.False(RunOnSpan(span, "replace_match(name, \"POST*\", \"x\")"));
        Assert.True(RunOnSpan(span, "replace_match(name, \"{GET,PUT} /user?\", \"g\")"));
        Assert.Equal("g", span.Name);
        span.Attributes.Add(Kv("a", "abc"));
        span.Attributes.Add(Kv("b", "axc"));
        span.Attributes.Add(Kv("c", "xyz"));
        Assert.True(RunOnSpan(span, "replace_all_matches(attributes, \"a[!b]c\", \"hidden\", SHA1, \"sha1:%s\")"));
        Assert.Equal("abc", Attr(span.Attributes, "a")!.StringValue);
        Assert.StartsWith("sha1:", Attr(span.Attributes, "b")!.StringValue);
        Assert.Equal("xyz", Attr(span.Attributes, "c")!.StringValue);
    }

    [Fact]
    public void Truncate_all_cuts_strings_at_character_boundaries_with_the_marker()
    {
        var span = SampleSpan();
        span.Attributes.Add(Kv("long", "héllo world"));
        Assert.True(RunOnSpan(span, "truncate_all(attributes, 3)"));
        Assert.Equal("hé", Attr(span.Attributes, "long")!.StringValue);
        Assert.Equal("GET", Attr(span.Attributes, "http.method")!.StringValue);
        span.Attributes.Add(Kv("other", "abcdefgh"));
        Assert.True(RunOnSpan(span, "truncate_all(attributes, 6, truncation_marker = \"...\")"));
        Assert.Equal("abc...", Attr(span.Attributes, "other")!.StringValue);
        Assert.False(RunOnSpan(span, "truncate_all(attributes, 100)"));
    }

    [Fact]
    public void Limit_keeps_priority_keys_then_the_first_others()
    {
        Assert.Equal(["http.method", "ok"], Run(out bool changed, "limit(attributes, 2, [\"ok\"])").Keys);
        Assert.True(changed);
        Run(out changed, "limit(attributes, 10, [])");
        Assert.False(changed);
    }

    [Fact]
    public void Merge_maps_by_strategy()
    {
        const string Source = "{\"http.method\": \"POST\", \"new\": 1}";
        var insert = Run(out _, $"merge_maps(attributes, {Source}, \"insert\")");
        Assert.Equal(("GET", 1L), (insert["http.method"].StringValue, insert["new"].IntValue));
        var update = Run(out _, $"merge_maps(attributes, {Source}, \"update\")");
        Assert.Equal("POST", update["http.method"].StringValue);
        Assert.False(update.ContainsKey("new"));
        var upsert = Run(out _, $"merge_maps(attributes, {Source}, \"upsert\")");
        Assert.Equal(("POST", 1L), (upsert["http.method"].StringValue, upsert["new"].IntValue));
        Assert.Throws<OttlRuntimeException>(() => Run(out _, "merge_maps(attributes, name, \"upsert\")"));
    }

    [Fact]
    public void Append_builds_lists()
    {
        var a = Run(out _, "append(attributes[\"tags\"], \"a\")", "append(attributes[\"tags\"], values = [\"b\", \"c\"])", "append(attributes[\"http.method\"], \"POST\")");
        Assert.Equal(["a", "b", "c"], a["tags"].ArrayValue.Values.Select(v => v.StringValue));
        Assert.Equal(["GET", "POST"], a["http.method"].ArrayValue.Values.Select(v => v.StringValue));
    }

    [Fact]
    public void Editors_on_something_that_is_not_a_map_fail_at_run_time()
    {
        var ex = Assert.Throws<OttlRuntimeException>(() => Run(out _, "delete_key(attributes[\"http.method\"], \"x\")"));
        Assert.Contains("delete_key: attributes[\"http.method\"] is string, not a map", ex.Message);
    }

    [Fact]
    public void Group_conditions_gate_every_statement()
    {
        var errors = new List<OttlError>();
        var statements = OttlParser.ParseStatements(["set(attributes[\"x\"], 1)"], OttlContextKind.Span, errors, conditions: ["name == \"other\"", "kind == SPAN_KIND_CLIENT"])!;
        Assert.False(statements.Execute(new SpanContext(Resource(), Scope(), SampleSpan())));
        var matching = OttlParser.ParseStatements(["set(attributes[\"x\"], 1)"], OttlContextKind.Span, errors, conditions: ["name == \"other\"", "kind == SPAN_KIND_SERVER"])!;
        Assert.True(matching.Execute(new SpanContext(Resource(), Scope(), SampleSpan())));
        Assert.Null(OttlParser.ParseStatements(["set(attributes[\"x\"], 1)"], OttlContextKind.Span, errors, conditions: ["nope == 1"]));
        Assert.Equal(1, Assert.Single(errors).Index);
    }
}
