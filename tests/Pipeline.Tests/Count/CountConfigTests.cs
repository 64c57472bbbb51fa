using MiniCollector.Connectors.Count;
using MiniCollector.Otlp.Common;
using static MiniCollector.Pipeline.Tests.Count.CountKit;

namespace MiniCollector.Pipeline.Tests.Count;

/// <summary>How the count connector's config binds: defaults, every key, and every error at once with its place.</summary>
public sealed class CountConfigTests
{
    [Fact]
    public void No_config_gives_the_reference_default_metrics()
    {
        var options = BindValid(string.Empty);

        Assert.Equal(("trace.span.count", "The number of spans observed."), (options.Spans.Single().Name, options.Spans.Single().Description));
        Assert.Equal(("trace.span.event.count", "The number of span events observed."), (options.SpanEvents.Single().Name, options.SpanEvents.Single().Description));
        Assert.Equal(("metric.count", "The number of metrics observed."), (options.Metrics.Single().Name, options.Metrics.Single().Description));
        Assert.Equal(("metric.datapoint.count", "The number of data points observed."), (options.DataPoints.Single().Name, options.DataPoints.Single().Description));
        Assert.Equal(("log.record.count", "The number of log records observed."), (options.Logs.Single().Name, options.Logs.Single().Description));
    }

    [Fact]
    public void Every_key_binds_in_config_order()
    {
        var options = BindValid("""
            spans:
              b.spans: {description: B, conditions: ['name == "x"', 'kind == SPAN_KIND_SERVER']}
              a.spans:
                attributes:
                  - key: env
                  - key: code
                    default_value: 42
                  - key: ratio
                    default_value: 1.5
                  - key: zone
                    default_value: "7"
            spanevents: {e: {}}
            metrics: {m: {conditions: ['name == "cpu"']}}
            datapoints: {d: {attributes: [{key: host, default_value: none}]}}
            logs: {l: {description: L}}
            """);

        Assert.Equal(["b.spans", "a.spans"], options.Spans.Select(m => m.Name));
        Assert.Equal(["name == \"x\"", "kind == SPAN_KIND_SERVER"], options.Spans[0].Conditions);
        Assert.Equal(
            [new CountAttribute("env", null), new CountAttribute("code", new AnyValue { IntValue = 42 }), new CountAttribute("ratio", new AnyValue { DoubleValue = 1.5 }), new CountAttribute("zone", new AnyValue { StringValue = "7" })],
            options.Spans[1].Attributes);
        Assert.Equal("e", options.SpanEvents.Single().Name);
        Assert.Equal("m", options.Metrics.Single().Name);
        Assert.Equal(new CountAttribute("host", new AnyValue { StringValue = "none" }), options.DataPoints.Single().Attributes.Single());
        Assert.Equal("L", options.Logs.Single().Description);
    }

    [Fact]
    public void Zero_and_empty_defaults_mean_no_default_as_in_the_reference()
    {
        var options = BindValid("logs: {l: {attributes: [{key: a, default_value: 0}, {key: b, default_value: ''}]}}");

        Assert.All(options.Logs.Single().Attributes, a => Assert.Null(a.DefaultValue));
    }

    [Fact]
    public void A_condition_that_does_not_compile_is_reported_with_its_line_path_and_column()
    {
        var errors = Bind("""
            spans:
              bad:
                conditions:
                  - 'name == "a"'
                  - 'name == '
            """).Errors;

        var error = Assert.Single(errors);
        Assert.Equal("connectors::count::spans::bad::conditions[1]", error.Path);
        Assert.Equal(5, error.Location!.Value.Line);
        Assert.Contains("invalid condition \"name == \" in the span context at column", error.Message);
    }

    [Fact]
    public void Conditions_are_compiled_in_their_sections_context()
    {
        var errors = ErrorsOf("""
            logs:
              l: {conditions: ['span.name == "x"']}
            """);

        Assert.Contains("connectors::count::logs::l::conditions[0]", errors);
        Assert.Contains("in the log context", errors);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var errors = Bind("""
            spans:
              s: {conditions: ['name =='], colour: red}
            spanevents: [not, a, map]
            metrics:
              m: {attributes: [{key: env}]}
            datapoints:
              d: {attributes: [{default_value: x}]}
            logs:
              l: {conditions: ['attributes["a"] == ']}
            profiles: {}
            """).Errors.Select(e => e.ToString()).ToList();

        Assert.Contains(errors, e => e.Contains("connectors::count::spans::s::conditions[0]: invalid condition", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("connectors::count::spans::s: unknown key \"colour\" (valid keys: description, conditions, attributes)", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("connectors::count::spanevents: expected a map of metric names", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("metrics attributes not supported: metric \"m\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("connectors::count::datapoints::d::attributes[0]: datapoints attributes: metric \"d\": attribute key missing", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("connectors::count::logs::l::conditions[0]", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("unknown key \"profiles\" (valid keys: spans, spanevents, metrics, datapoints, logs)", StringComparison.Ordinal));
        Assert.Equal(7, errors.Count);
    }
}
