using MiniCollector.Pipeline.Components;

namespace MiniCollector.Pipeline.Config;

/// <summary>
/// Warnings about configs that are valid but probably not what was meant: components defined and never run, and
/// servers listening on every interface of a host that is not a container. Read from the written document, so a
/// pipeline entry that failed to resolve still counts as a use (one mistake, one message).
/// </summary>
public static class ConfigWarnings
{
    private static readonly string[] PipelineMembers = ["receivers", "processors", "exporters"];

    /// <summary>Adds every warning for <paramref name="config"/> parsed from <paramref name="root"/> to its <see cref="CollectorConfig.Warnings"/>.</summary>
    public static void Add(CollectorConfig config, ConfigMap root, bool inContainer)
    {
        WarnAboutUnusedComponents(config, root);
        if (!inContainer)
        {
            foreach (var kind in new[] { ComponentKind.Receiver, ComponentKind.Extension })
            {
                if (root.TryGet(kind.Section(), out var section) && section is ConfigMap components)
                {
                    WarnAboutWildcardEndpoints(config, components, kind.Section());
                }
            }
        }
    }

    // The reference collector silently skips what no pipeline names; a typo in a pipeline list then looks like a
    // component that "does nothing".
    private static void WarnAboutUnusedComponents(CollectorConfig config, ConfigMap root)
    {
        var used = new HashSet<(ComponentKind, string)>();
        var service = root.TryGet("service", out var s) ? s as ConfigMap : null;
        if (service is not null && service.TryGet("pipelines", out var p) && p is ConfigMap pipelines)
        {
            foreach (var (_, pipeline) in pipelines.Entries)
            {
                if (pipeline is not ConfigMap members)
                {
                    continue;
                }

                foreach (var member in PipelineMembers)
                {
                    AddNames(used, KindOf(member), members, member);
                    if (member != "processors")
                    {
                        // A connector is named in receivers and exporters lists.
                        AddNames(used, ComponentKind.Connector, members, member);
                    }
                }
            }
        }

        if (service is not null)
        {
            AddNames(used, ComponentKind.Extension, service, "extensions");
        }

        foreach (var ((kind, id), component) in config.Components)
        {
            if (used.Contains((kind, id.ToString())))
            {
                continue;
            }

            var where = Location(root, kind.Section(), id.ToString());
            config.Warnings.Add(kind == ComponentKind.Extension
                ? $"{where}{component.Path}: extension \"{id}\" is defined but not listed in service::extensions, so it does not run"
                : $"{where}{component.Path}: {kind.Singular()} \"{id}\" is defined but used in no pipeline, so it is not started");
        }
    }

    private static void WarnAboutWildcardEndpoints(CollectorConfig config, ConfigMap node, string path)
    {
        foreach (var (key, value) in node.Entries)
        {
            var child = path + "::" + key;
            if (value is ConfigMap map)
            {
                WarnAboutWildcardEndpoints(config, map, child);
            }
            else if (key == "endpoint" && value is ConfigScalar { Value: { } endpoint } && ListensEverywhere(endpoint, out var port))
            {
                config.Warnings.Add(
                    $"{node.KeyLocation(key)}: {child}: \"{endpoint}\" listens on every network interface and this is not a container, " +
                    $"so other machines can reach it; use localhost:{port} unless they must");
            }
        }
    }

    // "0.0.0.0:4317", "[::]:4317" and ":4317" (an empty host) all bind every interface.
    private static bool ListensEverywhere(string endpoint, out string port)
    {
        port = string.Empty;
        int colon = endpoint.LastIndexOf(':');
        if (colon < 0)
        {
            return false;
        }

        var host = endpoint[..colon];
        port = endpoint[(colon + 1)..];
        return host is "" or "0.0.0.0" or "[::]" or "::";
    }

    private static void AddNames(HashSet<(ComponentKind, string)> used, ComponentKind kind, ConfigMap map, string key)
    {
        if (map.TryGet(key, out var node) && node is ConfigList list)
        {
            foreach (var item in list.Items)
            {
                if (item is ConfigScalar { Value: { } name })
                {
                    used.Add((kind, name));
                }
            }
        }
    }

    private static string Location(ConfigMap root, string section, string id)
        => root.TryGet(section, out var node) && node is ConfigMap map && map.TryGet(id, out _) ? map.KeyLocation(id) + ": " : string.Empty;

    private static ComponentKind KindOf(string member) => member switch
    {
        "receivers" => ComponentKind.Receiver,
        "processors" => ComponentKind.Processor,
        _ => ComponentKind.Exporter,
    };
}
