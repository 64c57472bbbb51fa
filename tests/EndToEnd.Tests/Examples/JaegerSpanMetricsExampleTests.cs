using MiniCollector.EndToEnd.Tests.TestSupport;
using OpenTelemetry.Exporter;
using YamlDotNet.RepresentationModel;
using static MiniCollector.EndToEnd.Tests.Forwarding.Forwarding;

namespace MiniCollector.EndToEnd.Tests.Examples;

/// <summary>
/// examples/compose-jaeger's span metrics: its collector.yaml validates and, run, turns spans into the Prometheus
/// names its Jaeger (Monitor tab) is configured to query.
/// </summary>
public sealed class JaegerSpanMetricsExampleTests
{
    private static string ConfigPath => ExampleFiles.Full(Path.Combine("compose-jaeger", "collector.yaml"));

    [Fact]
    public async Task The_collector_config_validates_with_spanmetrics_from_the_traces_to_the_metrics_pipeline()
    {
        var (code, output) = await CollectorProcess.RunAsync(Path.GetDirectoryName(ConfigPath)!, "validate", "--config", ConfigPath);

        Assert.True(code == 0, $"validate exited {code}:\n{output}");
        Assert.Contains("config is valid", output);
        var pipelines = Map(Map(ExampleFiles.LoadMapping(ConfigPath), "service"), "pipelines");
        Assert.Contains("spanmetrics", List(Map(pipelines, "traces"), "exporters"));
        Assert.Contains("spanmetrics", List(Map(pipelines, "metrics"), "receivers"));
    }

    [Fact]
    public async Task Run_it_turns_spans_into_the_metric_names_the_compose_s_jaeger_queries()
    {
        var jaeger = Map(Map(Map(ExampleFiles.LoadMapping(ExampleFiles.Full(Path.Combine("compose-jaeger", "docker-compose.yaml"))), "services"), "jaeger"), "environment");
        Assert.Equal("prometheus", Scalar(jaeger, "METRICS_STORAGE_TYPE"));
        Assert.Equal("true", Scalar(jaeger, "PROMETHEUS_QUERY_NORMALIZE_CALLS"));
        Assert.Equal("true", Scalar(jaeger, "PROMETHEUS_QUERY_NORMALIZE_DURATION"));
        var ns = Scalar(jaeger, "PROMETHEUS_QUERY_NAMESPACE");

        // The example as written, flushing every second instead of 15 so the test does not wait.
        await using var collector = await ExampleCollector.StartAsync(ConfigPath, "connectors.spanmetrics.metrics_flush_interval=1s");
        Assert.True(SdkSpanSender.Send(OtlpExportProtocol.Grpc, collector.GrpcUrl, collector.HttpUrl, string.Empty, "e2e.example." + Guid.NewGuid().ToString("N"), "GET /cart"));

        // The prometheus exporter counts what it took in; once the flushed span metrics are there, one scrape shows them.
        await WaitUntilAsync(() => PrometheusPointsTaken(collector) > 0, () => "the span metrics should reach the prometheus exporter");
        using var http = new HttpClient();
        var text = await http.GetStringAsync(collector.PrometheusUrl + "/metrics");

        // Jaeger's names: {namespace}_calls_total and {namespace}_duration_milliseconds_bucket, with its labels.
        Assert.Matches(ns + @"_calls_total\{[^}]*service_name=""my-awesome-project""[^}]*span_kind=""SPAN_KIND_INTERNAL""[^}]*span_name=""GET /cart""[^}]*status_code=""STATUS_CODE_UNSET""[^}]*\} 1\n", text);
        Assert.Matches(ns + @"_duration_milliseconds_bucket\{[^}]*service_name=""my-awesome-project""[^}]*le=""\+Inf""\} 1\n", text);
    }

    private static double PrometheusPointsTaken(ExampleCollector collector)
        => collector.Host.Meter.Read()
            .Where(r => r.Name == "otelcol_exporter_sent_metric_points" && r.Labels.Any(l => l.Key == "exporter" && l.Value == "prometheus"))
            .Sum(r => r.Value);

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node.Children[new YamlScalarNode(key)];

    private static string? Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value;

    private static IEnumerable<string?> List(YamlMappingNode node, string key) => ((YamlSequenceNode)node.Children[new YamlScalarNode(key)]).Children.Select(c => ((YamlScalarNode)c).Value);
}
