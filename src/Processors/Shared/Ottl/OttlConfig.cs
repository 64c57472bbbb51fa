using MiniCollector.Ottl;
using MiniCollector.Pipeline.Config;

namespace MiniCollector.Processors.Shared.Ottl;

/// <summary>
/// Reads OTTL from processor configs: <c>error_mode</c>, and lists of statements or conditions compiled at load time
/// so every syntax error is reported with its item's path and the column in it
/// (<c>processors::filter::traces::span[1]: column 12: expected ")" but found "where"</c>).
/// </summary>
internal static class OttlConfig
{
    /// <summary>The <c>error_mode</c> key.</summary>
    public static OttlErrorMode ErrorMode(ConfigSection section, OttlErrorMode defaultMode) =>
        section.Choice("error_mode", Name(defaultMode), "ignore", "silent", "propagate") switch
        {
            "silent" => OttlErrorMode.Silent,
            "propagate" => OttlErrorMode.Propagate,
            _ => OttlErrorMode.Ignore,
        };

    /// <summary>The text of an error mode.</summary>
    public static string Name(OttlErrorMode mode) => mode switch
    {
        OttlErrorMode.Silent => "silent",
        OttlErrorMode.Propagate => "propagate",
        _ => "ignore",
    };

    /// <summary>The strings of a list key with the node of each (for error locations); null when the key is not written.</summary>
    public static (List<string> Texts, List<ConfigNode> Nodes)? Strings(ConfigSection section, string key, string what)
    {
        var node = section.NodeOf(key);
        if (node is null or ConfigScalar { Value: null })
        {
            return null;
        }

        if (node is not ConfigList list)
        {
            section.Invalid(key, $"expected a list of {what}, found {node.Describe()}");
            return null;
        }

        var texts = new List<string>();
        var nodes = new List<ConfigNode>();
        for (int i = 0; i < list.Items.Count; i++)
        {
            if (list.Items[i] is ConfigScalar { Value: { } text })
            {
                texts.Add(text);
                nodes.Add(list.Items[i]);
            }
            else
            {
                section.Errors.Add(list.Items[i], $"{section.Path}::{key}[{i}]", $"expected an OTTL {what[..^1]} (a string), found {list.Items[i].Describe()}");
            }
        }

        return (texts, nodes);
    }

    /// <summary>
    /// Reports OTTL compile errors at their items. <paramref name="pathOf"/> gives an item's config path and node from
    /// the error's index.
    /// </summary>
    public static void Report(ConfigErrors errors, IEnumerable<OttlError> found, Func<int, (string Path, ConfigNode? Node)> pathOf)
    {
        foreach (var error in found)
        {
            var (path, node) = pathOf(error.Index);
            errors.Add(node, path, $"{error} (in \"{error.Text}\")");
        }
    }
}
