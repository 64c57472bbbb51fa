using MiniCollector.Pipeline.Config;

namespace MiniCollector.Pipeline.Components;

/// <summary>
/// A component's config before and after a reload: its new bound options, and both subtrees as written, so the
/// component can tell which of its parts changed (<see cref="Changed"/>).
/// </summary>
public sealed record ConfigChange(object Options, ConfigNode Previous, ConfigNode Next)
{
    /// <summary>True when the subtree at <paramref name="path"/> (keys below the component) differs, appeared or went away.</summary>
    public bool Changed(params string[] path) => Render(Previous, path) != Render(Next, path);

    private static string? Render(ConfigNode node, string[] path)
    {
        foreach (var key in path)
        {
            if (node is not ConfigMap map || !map.TryGet(key, out node))
            {
                return null;
            }
        }

        return ConfigYamlWriter.Write(node, redactSecrets: false);
    }
}
