using Microsoft.Extensions.Logging;
using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Pipeline.Signals;

namespace MiniCollector.Pipeline.Config;

/// <summary>
/// Turns a merged config tree into a <see cref="CollectorConfig"/>, checking everything at once: unknown
/// component types and keys, wrong value types, undefined or unsupported components in pipelines.
/// </summary>
public static class CollectorConfigParser
{
    private static readonly ComponentKind[] Kinds = [ComponentKind.Receiver, ComponentKind.Processor, ComponentKind.Exporter, ComponentKind.Extension, ComponentKind.Connector];

    /// <summary>The sections a config may have at its top level.</summary>
    private static readonly string[] TopLevel = ["receivers", "processors", "exporters", "extensions", "connectors", "service"];

    /// <summary>
    /// Parses and validates; the result is only usable when <paramref name="errors"/> stays empty.
    /// <paramref name="container"/> decides whether endpoints on every interface are worth a warning (default: this machine).
    /// </summary>
    public static CollectorConfig Parse(ConfigMap root, ComponentRegistry registry, ConfigErrors errors, ContainerDetection? container = null)
    {
        var config = new CollectorConfig { Document = root };
        errors.Schema ??= LearnSchema(registry);
        var top = new ConfigSection(root, string.Empty, errors);

        // Ids whose type is unknown: already reported once, so pipelines naming them add no second error.
        var unknownIds = new HashSet<(ComponentKind, ComponentId)>();
        foreach (var kind in Kinds)
        {
            ParseComponents(SectionOrNearMiss(top, root, kind.Section()), kind, registry, config, unknownIds, errors);
        }

        CheckConnectorIds(config, errors);
        ParseService(SectionOrNearMiss(top, root, "service"), config, unknownIds, errors);
        ConnectorUse.Check(config, errors);
        CheckExtensionReferences(config, unknownIds, errors);
        WarnAboutBatchBeforePersistentQueue(config);
        ConfigWarnings.Add(config, root, (container ?? ContainerDetection.System).IsContainer());
        top.ReportUnknownKeys();
        return config;
    }

    // A misspelt top-level section ("recievers") is reported once as an unknown key; its contents are still checked as
    // the section it was meant to be, so mistakes inside it show at once and pipelines naming its components do not
    // add a second, misleading "not configured" error.
    private static ConfigSection SectionOrNearMiss(ConfigSection top, ConfigMap root, string name)
    {
        if (top.Has(name) || root.Entries.Count == 0)
        {
            return top.Section(name);
        }

        foreach (var (key, node) in root.Entries)
        {
            if (!TopLevel.Contains(key) && EditDistance.Closest(key, TopLevel) == name)
            {
                return new ConfigSection(node, name, top.Errors);
            }
        }

        return top.Section(name);
    }

    // Binds every component type and the service section once in probe mode, so unknown keys can be explained by
    // the sections that take them.
    private static ConfigSchema LearnSchema(ComponentRegistry registry)
    {
        var typeOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var factory in registry.Factories)
        {
            foreach (var alias in factory.Aliases)
            {
                typeOf[factory.Kind.Section() + "::" + alias] = factory.Type;
            }
        }

        var schema = new ConfigSchema(typeOf);
        var scratch = new ConfigErrors();
        var top = new ConfigSection(null, string.Empty, scratch, schema);
        foreach (var name in TopLevel)
        {
            top.Has(name);
        }

        foreach (var factory in registry.Factories)
        {
            try
            {
                factory.BindOptions(top.Section(factory.Kind.Section()).Section(factory.Type), factory.Type);
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or NullReferenceException or FormatException)
            {
                // A binder that cannot bind nothing only loses its keys from the advice; it is not a config error.
            }
        }

        var probeConfig = new CollectorConfig();
        var service = top.Section("service");
        ParseService(service, probeConfig, [], scratch);
        ParsePipeline(service.Section("pipelines"), "traces", default, probeConfig, [], scratch);
        return schema;
    }

    // What sits in the batch processor is only in memory: a crash loses it even when the exporter's queue is on disk.
    private static void WarnAboutBatchBeforePersistentQueue(CollectorConfig config)
    {
        foreach (var pipeline in config.Pipelines)
        {
            var batch = pipeline.Processors.FirstOrDefault(id => config.Components.TryGetValue((ComponentKind.Processor, id), out var c) && c.Factory.Type == "batch");
            if (batch == default)
            {
                continue;
            }

            foreach (var exporter in pipeline.Exporters)
            {
                if (config.Components.TryGetValue((ComponentKind.Exporter, exporter), out var c) && c.Options is Storage.IPersistentQueueOptions { HasPersistentQueue: true })
                {
                    config.Warnings.Add(
                        $"service::pipelines::{pipeline.Name}: processor \"{batch}\" holds data in memory before exporter \"{exporter}\" writes it to its persistent queue, " +
                        "so a crash loses what is batched. For durability remove the batch processor from this pipeline and batch in the exporter instead " +
                        $"(exporters::{exporter}::sending_queue::batch).");
                }
            }
        }
    }

    // An authenticator (or other extension) a component names must be defined and run by the service.
    private static void CheckExtensionReferences(CollectorConfig config, HashSet<(ComponentKind, ComponentId)> unknownIds, ConfigErrors errors)
    {
        foreach (var component in config.Components.Values)
        {
            if (component.Options is not IReferencesExtensions references)
            {
                continue;
            }

            foreach (var (path, id) in references.ExtensionReferences)
            {
                if (unknownIds.Contains((ComponentKind.Extension, id)))
                {
                    continue;
                }

                if (!config.Components.ContainsKey((ComponentKind.Extension, id)))
                {
                    errors.Add((SourceLocation?)null, path, $"references extension \"{id}\" which is not configured (define it under extensions:)");
                }
                else if (!config.Extensions.Contains(id))
                {
                    errors.Add((SourceLocation?)null, path, $"references extension \"{id}\" which is not enabled: add it to service::extensions");
                }
            }
        }
    }

    private static void ParseComponents(ConfigSection section, ComponentKind kind, ComponentRegistry registry, CollectorConfig config, HashSet<(ComponentKind, ComponentId)> unknownIds, ConfigErrors errors)
    {
        if (section.Node is not ConfigMap map)
        {
            return;
        }

        foreach (var (idText, node) in map.Entries)
        {
            var path = kind.Section() + "::" + idText;
            var keyLocation = map.KeyLocation(idText);
            if (!ComponentId.TryParse(idText, out var id, out var idError))
            {
                errors.Add(keyLocation, kind.Section(), idError!);
                continue;
            }

            if (!registry.TryGet(kind, id.Type, out var factory))
            {
                var names = registry.Factories.Where(f => f.Kind == kind).SelectMany(f => f.Aliases.Prepend(f.Type));
                var near = EditDistance.Closest(id.Type, names) is { } n ? $"; did you mean \"{n}\"?" : string.Empty;
                if (kind != ComponentKind.Connector && registry.TryGet(ComponentKind.Connector, id.Type, out _))
                {
                    near = $"; \"{id.Type}\" is a connector: define it under connectors: and name it in one pipeline's exporters and another's receivers";
                }

                errors.Add(keyLocation, kind.Section(), $"unknown type: \"{id.Type}\" for id: \"{idText}\" (valid values: {string.Join(", ", registry.TypeNames(kind))}){near}");
                unknownIds.Add((kind, id));
                continue;
            }

            if (factory.Type != id.Type)
            {
                config.Notices.Add($"{path}: \"{id.Type}\" is another name of the {kind.Singular()} \"{factory.Type}\"; using {factory.Type}");
            }

            var options = factory.BindOptions(new ConfigSection(node, path, errors), id.Type);
            config.Components[(kind, id)] = new ComponentConfig(id, factory, options, path);
        }
    }

    private static void ParseService(ConfigSection service, CollectorConfig config, HashSet<(ComponentKind, ComponentId)> unknownIds, ConfigErrors errors)
    {
        if (!service.IsPresent)
        {
            errors.Add(new SourceLocation("config", 0, 0), "service", "missing: the config needs a service section with at least one pipeline");
            return;
        }

        foreach (var id in ReadIds(service, "extensions", errors))
        {
            if (Resolve(config, ComponentKind.Extension, id.Id, unknownIds))
            {
                config.Extensions.Add(id.Id);
            }
            else
            {
                errors.Add(id.Location, "service::extensions", $"references extension \"{id.Id}\" which is not configured{NotConfiguredAdvice(config, ComponentKind.Extension, id.Id)}");
            }
        }

        ParseTelemetry(service.Section("telemetry"), config);

        var pipelines = service.Section("pipelines");
        if (pipelines.Node is not ConfigMap map || map.Entries.Count == 0)
        {
            errors.Add(pipelines.Node ?? service.Node, "service::pipelines", "service must have at least one pipeline");
        }
        else
        {
            foreach (var (name, _) in map.Entries)
            {
                ParsePipeline(pipelines, name, map.KeyLocation(name), config, unknownIds, errors);
            }

            pipelines.ReportUnknownKeys();
        }

        service.ReportUnknownKeys();
    }

    private static void ParseTelemetry(ConfigSection telemetry, CollectorConfig config)
    {
        var logs = telemetry.Section("logs");
        var level = logs.Choice("level", "info", "debug", "info", "warn", "error");
        config.LogLevel = level switch
        {
            "debug" => LogLevel.Debug,
            "warn" => LogLevel.Warning,
            "error" => LogLevel.Error,
            _ => LogLevel.Information,
        };
        logs.ReportUnknownKeys();
        ParseTelemetryMetrics(telemetry.Section("metrics"), config);
        telemetry.ReportUnknownKeys();
    }

    // service::telemetry::metrics: level, the older address key, or a Prometheus pull reader (host, port).
    private static void ParseTelemetryMetrics(ConfigSection metrics, CollectorConfig config)
    {
        var level = metrics.Choice("level", "normal", "none", "basic", "normal", "detailed");
        var address = metrics.StringOrNull("address");
        string? endpoint = address;
        if (metrics.NodeOf("readers") is ConfigList readers)
        {
            for (int i = 0; i < readers.Items.Count; i++)
            {
                var reader = new ConfigSection(readers.Items[i], $"{metrics.Path}::readers[{i}]", metrics.Errors);
                var pull = reader.Section("pull");
                var exporter = pull.Section("exporter");
                var prometheus = exporter.Section("prometheus");
                if (prometheus.IsPresent)
                {
                    var host = prometheus.String("host", "localhost");
                    var port = prometheus.Int("port", 8888, min: 0, max: 65535);
                    endpoint = $"{(host.Contains(':') ? "[" + host + "]" : host)}:{port}";

                    // Our self-metrics are always served without type suffixes, units or scope info.
                    prometheus.Bool("without_scope_info", true);
                    prometheus.Bool("without_units", true);
                    prometheus.Bool("without_type_suffix", true);
                }
                else
                {
                    reader.Invalid("only a pull reader with a prometheus exporter is supported (readers: [{pull: {exporter: {prometheus: {host, port}}}}])");
                }

                prometheus.ReportUnknownKeys();
                exporter.ReportUnknownKeys();
                pull.ReportUnknownKeys();
                reader.ReportUnknownKeys();
            }
        }
        else if (metrics.Has("readers") && metrics.NodeOf("readers") is not ConfigScalar { Value: null })
        {
            metrics.Invalid("readers", "readers must be a list");
        }

        metrics.ReportUnknownKeys();
        config.TelemetryMetricsEndpoint = level == "none" ? null : endpoint ?? "localhost:8888";
    }

    private static void ParsePipeline(ConfigSection pipelines, string name, SourceLocation location, CollectorConfig config, HashSet<(ComponentKind, ComponentId)> unknownIds, ConfigErrors errors)
    {
        var path = "service::pipelines::" + name;
        var section = pipelines.Section(name);
        var signalName = name.Split('/')[0];
        if (!SignalNames.TryParse(signalName, out var signal))
        {
            var signals = SignalKind.All.Select(k => k.Name).ToList();
            var near = EditDistance.Closest(signalName, signals) is { } n ? $"; did you mean \"{n}\"?" : string.Empty;
            errors.Add(location, path, $"unknown signal \"{signalName}\" (valid values: {string.Join(", ", signals)}){near}");
            return;
        }

        if (name.Contains('/') && name[(name.IndexOf('/') + 1)..].Length == 0)
        {
            errors.Add(location, path, $"in \"{name}\" id: the part after / should not be empty");
            return;
        }

        var receivers = PipelineMembers(section, "receivers", ComponentKind.Receiver, signal, path, config, unknownIds, errors);
        var processors = PipelineMembers(section, "processors", ComponentKind.Processor, signal, path, config, unknownIds, errors);
        var exporters = PipelineMembers(section, "exporters", ComponentKind.Exporter, signal, path, config, unknownIds, errors);
        bool IsConnector(ComponentId id) => config.Components.ContainsKey((ComponentKind.Connector, id));
        section.ReportUnknownKeys();

        // A list written with the wrong shape is already reported; "must have at least one" would be a second error.
        if (receivers.Written == 0 && !WrittenAsNonList(section, "receivers"))
        {
            errors.Add(section.Node, path, "must have at least one receiver");
        }

        if (exporters.Written == 0 && !WrittenAsNonList(section, "exporters"))
        {
            errors.Add(section.Node, path, "must have at least one exporter");
        }

        config.Pipelines.Add(new PipelineConfig(name, signal, [.. receivers.Ids.Where(id => !IsConnector(id))], processors.Ids, [.. exporters.Ids.Where(id => !IsConnector(id))])
        {
            ConnectorsIn = [.. receivers.Ids.Where(IsConnector)],
            ConnectorsOut = [.. exporters.Ids.Where(IsConnector)],
        });
    }

    private static (List<ComponentId> Ids, int Written) PipelineMembers(ConfigSection pipeline, string key, ComponentKind kind, Signal signal, string path, CollectorConfig config, HashSet<(ComponentKind, ComponentId)> unknownIds, ConfigErrors errors)
    {
        var result = new List<ComponentId>();
        var written = ReadIds(pipeline, key, errors);
        foreach (var (id, location) in written)
        {
            if (result.Contains(id))
            {
                errors.Add(location, path, $"references {kind.Singular()} \"{id}\" multiple times");
                continue;
            }

            if (kind != ComponentKind.Processor && Resolve(config, ComponentKind.Connector, id, unknownIds))
            {
                // Which signal pairs a connector serves is checked once every pipeline is read (ConnectorUse).
                result.Add(id);
                continue;
            }

            if (!Resolve(config, kind, id, unknownIds))
            {
                errors.Add(location, path, $"references {kind.Singular()} \"{id}\" which is not configured{NotConfiguredAdvice(config, kind, id)}");
                continue;
            }

            if (config.Components.TryGetValue((kind, id), out var component) && !component.Factory.Signals.Contains(signal))
            {
                var supported = component.Factory.Signals.Count == 0 ? "none" : string.Join(", ", component.Factory.Signals.Select(s => s.Name()));
                errors.Add(location, path, $"{kind.Singular()} \"{id}\" does not support {signal.Name()} (it supports: {supported})");
                continue;
            }

            if (component?.Factory.ProblemFor(component.Options, signal) is { } problem)
            {
                errors.Add(location, path, $"{kind.Singular()} \"{id}\" cannot be used in a {signal.Name()} pipeline: {problem}");
                continue;
            }

            result.Add(id);
        }

        return (result, written.Count);
    }

    // A connector's id may not also name a receiver or an exporter: pipelines could not tell which is meant.
    private static void CheckConnectorIds(CollectorConfig config, ConfigErrors errors)
    {
        foreach (var (kind, id) in config.Components.Keys.Where(k => k.Kind == ComponentKind.Connector).ToList())
        {
            foreach (var other in new[] { ComponentKind.Exporter, ComponentKind.Receiver })
            {
                if (config.Components.ContainsKey((other, id)))
                {
                    errors.Add((SourceLocation?)null, "connectors::" + id,
                        $"ambiguous ID: Found both \"{id}\" {other.Singular()} and \"{id}\" connector. Change one of the components' IDs to eliminate ambiguity (e.g. rename \"{id}\" connector to \"{id}/connector\")");
                }
            }
        }
    }

    // What is configured, and the near miss among it, or where to define a type that exists but was not written.
    private static string NotConfiguredAdvice(CollectorConfig config, ComponentKind kind, ComponentId id)
    {
        var configured = config.Components.Keys.Where(k => k.Kind == kind).Select(k => k.Id.ToString()).ToList();
        var list = configured.Count == 0 ? $" (no {kind.Section()} are configured)" : $" (configured {kind.Section()}: {string.Join(", ", configured)})";
        if (EditDistance.Closest(id.ToString(), configured) is { } near)
        {
            return $"{list}; did you mean \"{near}\"?";
        }

        return $"{list}; define it under {kind.Section()}:";
    }

    private static bool WrittenAsNonList(ConfigSection pipeline, string key)
        => pipeline.NodeOf(key) is { } node and not ConfigList and not ConfigScalar { Value: null };

    // True when the id is defined, or was defined with an unknown type (already reported).
    private static bool Resolve(CollectorConfig config, ComponentKind kind, ComponentId id, HashSet<(ComponentKind, ComponentId)> unknownIds)
        => config.Components.ContainsKey((kind, id)) || unknownIds.Contains((kind, id));

    private static List<(ComponentId Id, SourceLocation? Location)> ReadIds(ConfigSection section, string key, ConfigErrors errors)
    {
        var result = new List<(ComponentId, SourceLocation?)>();
        var list = section.StringList(key);
        if (list is null)
        {
            return result;
        }

        var node = section.NodeOf(key) as ConfigList;
        for (int i = 0; i < list.Count; i++)
        {
            var location = node is not null && i < node.Items.Count ? node.Items[i].Location : (SourceLocation?)null;
            if (ComponentId.TryParse(list[i], out var id, out var error))
            {
                result.Add((id, location));
            }
            else
            {
                errors.Add(location, section.Path + "::" + key, error!);
            }
        }

        return result;
    }
}
