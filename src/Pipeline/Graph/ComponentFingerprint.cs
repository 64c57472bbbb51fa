using MiniCollector.Pipeline.Components;
using MiniCollector.Pipeline.Config;

namespace MiniCollector.Pipeline.Graph;

/// <summary>
/// A component's effective config as written (its subtree of the merged, environment-expanded document, rendered
/// unredacted), what a reload compares to tell a component that can keep running from one that must be rebuilt.
/// </summary>
internal static class ComponentFingerprint
{
    /// <summary>The rendered subtree; null when the config was not parsed from a document (then it never matches).</summary>
    public static string? Of(CollectorConfig config, ComponentKind kind, ComponentId id)
    {
        // The factory's type too: an old name and its new one bind the same options into different components.
        return Node(config, kind, id) is { } node ? config.Components[(kind, id)].Factory.Type + "\n" + ConfigYamlWriter.Write(node, redactSecrets: false) : null;
    }

    /// <summary>The component's subtree of the document; null when the config was not parsed from one.</summary>
    public static ConfigNode? Node(CollectorConfig config, ComponentKind kind, ComponentId id)
    {
        if (config.Document is not { } document
            || !config.Components.TryGetValue((kind, id), out var component)
            || !document.TryGet(kind.Section(), out var sectionNode)
            || sectionNode is not ConfigMap section)
        {
            return null;
        }

        // The key as written ("otlp", "logging/2"): the text after "receivers::" in the component's path.
        var key = component.Path[(kind.Section().Length + 2)..];
        return section.TryGet(key, out var node) ? node : null;
    }

    /// <summary>The extensions a component's options name (authenticators, storage).</summary>
    public static IEnumerable<ComponentId> ReferencedExtensions(CollectorConfig config, ComponentKind kind, ComponentId id)
        => config.Components.TryGetValue((kind, id), out var component) && component.Options is IReferencesExtensions references
            ? references.ExtensionReferences.Select(r => r.Id)
            : [];
}
