namespace MiniCollector.EndToEnd.Tests.Examples;

/// <summary>What a YAML file under <c>examples/</c> is, judged by its top-level keys.</summary>
internal enum ExampleKind
{
    Unknown,
    CollectorConfig,
    Compose,
    PrometheusConfig,
    GrafanaProvisioning,
}
