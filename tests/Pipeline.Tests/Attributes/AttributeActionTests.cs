using System.Security.Cryptography;
using System.Text;
using MiniCollector.Otlp.Common;
using static MiniCollector.Pipeline.Tests.Attributes.AttributesKit;

namespace MiniCollector.Pipeline.Tests.Attributes;

/// <summary>Each action of the attributes processor on one span, checked on the bytes the processor sends on.</summary>
public sealed class AttributeActionTests
{
    private static string Actions(string actions) => "actions:\n" + actions;

    [Fact]
    public void Insert_adds_a_missing_key_and_leaves_an_existing_one()
    {
        var yaml = Actions("""
            - {key: new, value: v1, action: insert}
            - {key: old, value: v2, action: insert}
            """);

        var result = OnSpan(yaml, [Kv("old", "kept")]);

        Assert.Equal(Str("v1"), result["new"]);
        Assert.Equal(Str("kept"), result["old"]);
    }

    [Fact]
    public void Update_changes_an_existing_key_and_adds_nothing()
    {
        var yaml = Actions("""
            - {key: old, value: 7, action: update}
            - {key: absent, value: x, action: update}
            """);

        var result = OnSpan(yaml, [Kv("old", "was")]);

        Assert.Equal(Int(7), result["old"]);
        Assert.False(result.ContainsKey("absent"));
    }

    [Fact]
    public void Upsert_sets_a_key_whether_or_not_it_exists()
    {
        var yaml = Actions("""
            - {key: a, value: true, action: upsert}
            - {key: b, value: 1.5, action: upsert}
            """);

        var result = OnSpan(yaml, [Kv("a", "was")]);

        Assert.Equal(new AnyValue { BoolValue = true }, result["a"]);
        Assert.Equal(new AnyValue { DoubleValue = 1.5 }, result["b"]);
    }

    [Fact]
    public void Values_are_typed_as_yaml_types_them_and_quoted_values_are_strings()
    {
        var yaml = Actions("""
            - {key: i, value: 2245, action: insert}
            - {key: s, value: "2245", action: insert}
            - {key: l, value: [a, 1], action: insert}
            - key: m
              value: {x: y}
              action: insert
            """);

        var result = OnSpan(yaml, []);

        Assert.Equal(Int(2245), result["i"]);
        Assert.Equal(Str("2245"), result["s"]);
        Assert.Equal(new AnyValue { ArrayValue = new ArrayValue { Values = { Str("a"), Int(1) } } }, result["l"]);
        Assert.Equal(new AnyValue { KvlistValue = new KeyValueList { Values = { Kv("x", "y") } } }, result["m"]);
    }

    [Fact]
    public void From_attribute_copies_another_attribute_and_does_nothing_when_it_is_absent()
    {
        var yaml = Actions("""
            - {key: copy, from_attribute: original, action: upsert}
            - {key: none, from_attribute: missing, action: upsert}
            """);

        var result = OnSpan(yaml, [Kv("original", 42)]);

        Assert.Equal(Int(42), result["copy"]);
        Assert.False(result.ContainsKey("none"));
    }

    [Fact]
    public void From_context_reads_request_metadata_joining_several_values_with_semicolons()
    {
        var yaml = Actions("""
            - {key: tenant, from_context: metadata.x-tenant, action: insert}
            - {key: bare, from_context: x-tenant, action: insert}
            - {key: many, from_context: metadata.x-many, action: insert}
            - {key: none, from_context: metadata.absent, action: insert}
            """);

        var result = OnSpan(yaml, [], Metadata(("X-Tenant", ["acme"]), ("x-many", ["a", "b"])));

        Assert.Equal(Str("acme"), result["tenant"]);
        Assert.Equal(Str("acme"), result["bare"]);
        Assert.Equal(Str("a;b"), result["many"]);
        Assert.False(result.ContainsKey("none"));
    }

    [Fact]
    public void Default_value_is_used_when_the_source_has_no_value()
    {
        var yaml = Actions("""
            - {key: region, from_attribute: cloud.region, default_value: us-east-1, action: insert}
            - {key: tenant, from_context: metadata.tenant, default_value: default-tenant, action: upsert}
            - {key: found, from_attribute: present, default_value: unused, action: insert}
            """);

        var result = OnSpan(yaml, [Kv("present", "p")]);

        Assert.Equal(Str("us-east-1"), result["region"]);
        Assert.Equal(Str("default-tenant"), result["tenant"]);
        Assert.Equal(Str("p"), result["found"]);
    }

    [Fact]
    public void Delete_removes_the_key_and_every_key_the_pattern_matches()
    {
        var yaml = Actions("""
            - {key: password, action: delete}
            - {pattern: ^secret\., action: delete}
            """);

        var result = OnSpan(yaml, [Kv("password", "p"), Kv("secret.a", 1), Kv("secret.b", 2), Kv("keep", "k")]);

        Assert.Equal(["keep"], result.Keys);
    }

    [Fact]
    public void Hash_replaces_values_with_the_lowercase_hex_sha256_of_their_bytes()
    {
        var yaml = Actions("""
            - {key: email, action: hash}
            - {key: n, action: hash}
            - {key: b, action: hash}
            - {key: d, action: hash}
            - {pattern: ^user\., action: hash}
            """);

        var result = OnSpan(yaml, [Kv("email", "a@b.c"), Kv("n", 1L), Kv("b", true), Kv("d", 1.5), Kv("user.id", "u1")]);

        Assert.Equal(Str(Sha256(Encoding.UTF8.GetBytes("a@b.c"))), result["email"]);
        Assert.Equal(Str(Sha256(BitConverter.GetBytes(1L))), result["n"]);
        Assert.Equal(Str(Sha256([1])), result["b"]);
        Assert.Equal(Str(Sha256(BitConverter.GetBytes(1.5))), result["d"]);
        Assert.Equal(Str(Sha256(Encoding.UTF8.GetBytes("u1"))), result["user.id"]);

        // The well-known digest, so the encoding (lowercase hex of SHA-256, not SHA-1) is pinned down.
        Assert.Equal(Str("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"), OnSpan(Actions("- {key: k, action: hash}"), [Kv("k", "hello")])["k"]);
    }

    [Fact]
    public void Hash_of_a_value_it_cannot_hash_is_an_empty_string()
    {
        var bytes = new KeyValue { Key = "raw", Value = new AnyValue { BytesValue = Google.Protobuf.ByteString.CopyFromUtf8("x") } };

        var result = OnSpan(Actions("- {key: raw, action: hash}"), [bytes]);

        Assert.Equal(Str(string.Empty), result["raw"]);
    }

    [Fact]
    public void Extract_sets_one_attribute_per_named_group_and_leaves_the_source()
    {
        var yaml = Actions("""
            - key: http.url
              pattern: ^/api/v1/document/(?P<documentId>[^/]*)/update(?<query>\?.*)?$
              action: extract
            """);

        var result = OnSpan(yaml, [Kv("http.url", "/api/v1/document/12345678/update"), Kv("query", "old")]);

        Assert.Equal(Str("/api/v1/document/12345678/update"), result["http.url"]);
        Assert.Equal(Str("12345678"), result["documentId"]);
        Assert.Equal(Str(string.Empty), result["query"]);
    }

    [Fact]
    public void Extract_does_nothing_without_a_match_or_on_a_non_string_source()
    {
        var yaml = Actions("- {key: src, pattern: '^(?P<a>x+)$', action: extract}");

        Assert.False(OnSpan(yaml, [Kv("src", "yyy")]).ContainsKey("a"));
        Assert.False(OnSpan(yaml, [Kv("src", 5L)]).ContainsKey("a"));
    }

    [Theory]
    [InlineData("int", "s", "123", "int:123")]
    [InlineData("int", "s", "12x", "str:12x")]
    [InlineData("int", "d", null, "int:2")]
    [InlineData("int", "b", null, "int:1")]
    [InlineData("double", "s", "2.5", "double:2.5")]
    [InlineData("double", "i", null, "double:7")]
    [InlineData("double", "b", null, "double:1")]
    [InlineData("string", "i", null, "str:7")]
    [InlineData("string", "d", null, "str:2.75")]
    [InlineData("string", "b", null, "str:true")]
    public void Convert_changes_the_type_where_it_can_and_leaves_the_value_where_it_cannot(string to, string key, string? text, string expected)
    {
        var yaml = Actions($"- {{key: {key}, action: convert, converted_type: {to}}}");
        KeyValue[] attributes = [Kv("i", 7L), Kv("d", 2.75), Kv("b", true), Kv("s", text ?? string.Empty)];

        var value = OnSpan(yaml, attributes)[key];

        var actual = value.ValueCase switch
        {
            AnyValue.ValueOneofCase.IntValue => "int:" + value.IntValue,
            AnyValue.ValueOneofCase.DoubleValue => "double:" + value.DoubleValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
            AnyValue.ValueOneofCase.StringValue => "str:" + value.StringValue,
            _ => value.ToString(),
        };
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Actions_run_in_the_order_written()
    {
        var yaml = Actions("""
            - {key: a, value: first, action: upsert}
            - {key: b, from_attribute: a, action: upsert}
            - {key: a, action: delete}
            """);

        var result = OnSpan(yaml, []);

        Assert.Equal(["b"], result.Keys);
        Assert.Equal(Str("first"), result["b"]);
    }

    [Fact]
    public void Action_names_are_case_insensitive()
    {
        var result = OnSpan(Actions("- {key: a, value: x, action: INSERT}"), []);

        Assert.Equal(Str("x"), result["a"]);
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
