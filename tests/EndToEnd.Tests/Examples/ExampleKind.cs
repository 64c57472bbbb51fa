namespace MiniCollector.EndToEnd.Tests.Examples;

/// <summary>What a YAML file under <c>examples/</c> is, judged by its top-level keys.</summary>
internal enum ExampleKind
{
    Unknown,
    CollectorConfig,
    Compose,
    PrometheusConfig,
    GrafanaProvisioning,

    /// <summary>Kubernetes manifests: one or more documents, each with <c>apiVersion</c> and <c>kind</c>.</summary>
    Kubernetes,
}
