namespace MiniCollector.EndToEnd.Tests.Examples;

/// <summary>What a YAML file under <c>examples/</c> is, judged by its top-level keys.</summary>
internal enum ExampleKind
{
    Unknown,
    CollectorConfig,
    Compose,

    /// <summary>
    /// A compose file that runs on top of another (<c>docker-compose -f docker-compose.yaml -f this</c>): its content does
    /// not say so, its name does: <c>docker-compose.NAME.yaml</c> beside the <c>docker-compose.yaml</c> it overrides.
    /// </summary>
    ComposeOverride,
    PrometheusConfig,
    GrafanaProvisioning,

    /// <summary>Kubernetes manifests: one or more documents, each with <c>apiVersion</c> and <c>kind</c>.</summary>
    Kubernetes,
}
