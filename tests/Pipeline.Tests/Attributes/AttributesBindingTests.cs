using static MiniCollector.Pipeline.Tests.Attributes.AttributesKit;

namespace MiniCollector.Pipeline.Tests.Attributes;

/// <summary>What the attributes and resource processors refuse at config load, with the reference's meaning and the item's path.</summary>
public sealed class AttributesBindingTests
{
    [Theory]
    [InlineData("include: {match_type: strict, services: [a]}")]
    [InlineData("actions: []")]
    public void Actions_are_required(string yaml)
        => Assert.Contains("processors::attributes::actions: missing required field \"actions\"", ErrorsOf(yaml));

    [Theory]
    [InlineData("- {value: v, action: insert}", "actions[0]::key: missing required field \"key\"")]
    [InlineData("- {key: k, value: v}", "actions[0]::action: missing required field \"action\"")]
    [InlineData("- {key: k, value: v, action: rename}", "unsupported action \"rename\" (valid values: insert, update, upsert, delete, hash, extract, convert)")]
    [InlineData("- {key: k, action: upsert}", "action \"upsert\" needs one of \"value\", \"from_attribute\", \"from_context\" or \"default_value\"")]
    [InlineData("- {key: k, value: v, from_attribute: o, action: insert}", "action \"insert\" takes only one of \"value\", \"from_attribute\" and \"from_context\"")]
    [InlineData("- {key: k, from_attribute: o, from_context: metadata.x, action: update}", "takes only one of")]
    [InlineData("- {key: k, value: v, pattern: x, action: insert}", "actions[0]::pattern: action \"insert\" does not use \"pattern\"")]
    [InlineData("- {key: k, value: v, converted_type: int, action: upsert}", "action \"upsert\" does not use \"converted_type\"")]
    [InlineData("- {action: delete}", "actions[0]: action \"delete\" needs \"key\" and/or \"pattern\"")]
    [InlineData("- {action: hash}", "action \"hash\" needs \"key\" and/or \"pattern\"")]
    [InlineData("- {key: k, value: v, action: delete}", "action \"delete\" does not use \"value\" or \"from_attribute\"")]
    [InlineData("- {key: k, from_attribute: o, action: hash}", "action \"hash\" does not use \"value\" or \"from_attribute\"")]
    [InlineData("- {pattern: '(', action: delete}", "actions[0]::pattern: invalid pattern \"(\"")]
    [InlineData("- {key: k, action: extract}", "missing required field \"pattern\" for action \"extract\"")]
    [InlineData("- {key: k, pattern: '^(a)$', action: extract}", "\"pattern\" contains at least one unnamed matcher group")]
    [InlineData("- {key: k, pattern: '^a$', action: extract}", "\"pattern\" contains no named matcher groups")]
    [InlineData("- {key: k, pattern: '(?P<a>.)', value: v, action: extract}", "action \"extract\" does not use \"value\", \"from_attribute\" or \"from_context\"")]
    [InlineData("- {key: k, action: convert}", "missing required field \"converted_type\" for action \"convert\"")]
    [InlineData("- {key: k, converted_type: bool, action: convert}", "actions[0]::converted_type: invalid value \"bool\" (valid values: int, double, string)")]
    [InlineData("- {key: k, converted_type: int, pattern: x, action: convert}", "action \"convert\" does not use")]
    [InlineData("- {key: k, from_context: auth.subject, action: insert}", "\"auth.subject\" is not supported")]
    [InlineData("- {key: k, from_context: client.address, action: insert}", "\"client.address\" is not supported")]
    [InlineData("- {key: k, value: v, action: insert, colour: red}", "unknown key \"colour\"")]
    public void Invalid_actions_are_reported_with_their_path(string actions, string expected)
    {
        var errors = ErrorsOf("actions:\n" + actions);

        Assert.Contains(expected, errors);
        Assert.Contains("processors::attributes::actions[0]", errors);
    }

    [Fact]
    public void Every_invalid_action_is_reported_at_once()
    {
        var (_, errors) = Bind("""
            actions:
              - {key: a, action: insert}
              - {key: b, value: v, action: upsert}
              - {action: delete}
            """);

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Path.EndsWith("actions[0]", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path.EndsWith("actions[2]", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("include: {services: [a]}", "include::match_type: missing required field \"match_type\"")]
    [InlineData("include: {match_type: fuzzy, services: [a]}", "include::match_type: invalid value \"fuzzy\" (valid values: strict, regexp)")]
    [InlineData("exclude: {match_type: expr, metric_names: [a]}", "match_type \"expr\" is not supported")]
    [InlineData("include: {match_type: regexp, span_names: ['(']}", "include::span_names: invalid pattern \"(\"")]
    [InlineData("include: {match_type: strict, span_kinds: [server]}", "\"server\" is not a span kind; with match_type strict it must be one of SPAN_KIND_CLIENT")]
    [InlineData("include: {match_type: strict, attributes: [{value: v}]}", "include::attributes[0]::key: can't have empty key in the list of attributes")]
    [InlineData("include: {match_type: regexp, attributes: [{key: k, value: 5}]}", "match_type=regexp for \"k\" only supports a string value")]
    [InlineData("include: {match_type: strict, log_severity_number: {min: LOUD}}", "include::log_severity_number::min: invalid severity \"LOUD\"")]
    [InlineData("include: {match_type: strict, span_name: [a]}", "unknown key \"span_name\"")]
    public void Invalid_match_blocks_are_reported_with_their_path(string match, string expected)
        => Assert.Contains(expected, ErrorsOf(match + "\nactions: [{key: k, action: delete}]"));

    [Fact]
    public void The_regexp_cache_settings_of_the_reference_are_accepted()
        => BindValid("include: {match_type: regexp, span_names: [a], regexp: {cacheenabled: true, cachemaxnumentries: 10}}\nactions: [{key: k, action: delete}]");

    [Fact]
    public void The_resource_processor_requires_attributes_and_checks_them_as_actions()
    {
        Assert.Contains(BindResource("{}").Errors, e => e.ToString().Contains("processors::resource::attributes: missing required field \"attributes\"", StringComparison.Ordinal));
        Assert.Contains(BindResource("attributes: [{key: k, action: upsert}]").Errors, e => e.Path == "processors::resource::attributes[0]");
        Assert.Empty(BindResource("attributes: [{key: k, value: v, action: upsert}]").Errors);
    }
}
