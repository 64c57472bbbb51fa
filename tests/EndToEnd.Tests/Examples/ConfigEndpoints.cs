using YamlDotNet.RepresentationModel;

namespace MiniCollector.EndToEnd.Tests.Examples;

/// <summary>
/// Every address a collector config listens on, read from its YAML: otlp receiver protocols, prometheus exporters,
/// health_check extensions and the self-metrics endpoint, each with the <c>--set</c> key that moves it.
/// </summary>
internal static class ConfigEndpoints
{
    public static IEnumerable<(string SetKey, string Endpoint)> Of(YamlMappingNode root)
    {
        foreach (var (id, section) in Components(root, "receivers"))
        {
            if (TypeOf(id) == "otlp" && Child(section, "protocols") is YamlMappingNode protocols)
            {
                foreach (var (protocol, settings) in protocols.Children)
                {
                    var name = ((YamlScalarNode)protocol).Value!;
                    yield return ($"receivers.{id}.protocols.{name}.endpoint", Scalar(settings, "endpoint") ?? (name == "grpc" ? "localhost:4317" : "localhost:4318"));
                }
            }
        }

        foreach (var (id, section) in Components(root, "exporters").Where(c => TypeOf(c.Id) == "prometheus"))
        {
            yield return ($"exporters.{id}.endpoint", Scalar(section, "endpoint") ?? string.Empty);
        }

        foreach (var (id, section) in Components(root, "extensions").Where(c => TypeOf(c.Id) == "health_check"))
        {
            yield return ($"extensions.{id}.endpoint", Scalar(section, "endpoint") ?? "localhost:13133");
        }

        yield return ("service.telemetry.metrics.address", TelemetryAddress(Child(Child(Child(root, "service"), "telemetry"), "metrics")));
    }

    /// <summary>The port of a <c>host:port</c> endpoint.</summary>
    public static int Port(string endpoint) => int.Parse(endpoint[(endpoint.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The host of a <c>host:port</c> endpoint.</summary>
    public static string Host(string endpoint) => endpoint[..endpoint.LastIndexOf(':')];

    private static string TelemetryAddress(YamlNode? metrics)
    {
        if (Scalar(metrics, "address") is { } address)
        {
            return address;
        }

        if (Child(metrics, "readers") is YamlSequenceNode readers
            && Child(Child(Child(readers.Children[0], "pull"), "exporter"), "prometheus") is YamlMappingNode prometheus)
        {
            return Scalar(prometheus, "host") + ":" + Scalar(prometheus, "port");
        }

        return "localhost:8888";
    }

    private static IEnumerable<(string Id, YamlNode? Section)> Components(YamlMappingNode root, string kind) =>
        Child(root, kind) is YamlMappingNode components
            ? components.Children.Select(c => (((YamlScalarNode)c.Key).Value!, (YamlNode?)c.Value))
            : [];

    private static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? Scalar(YamlNode? node, string key) => (Child(node, key) as YamlScalarNode)?.Value;

    private static string TypeOf(string id) => id.Split('/')[0];
}
