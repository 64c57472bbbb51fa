using MiniCollector.Ottl;
using MiniCollector.Pipeline.Config;

namespace MiniCollector.Connectors.Shared;

/// <summary>
/// Reads OTTL conditions from a config section and compiles them at load, so a condition that does not compile is a
/// config error naming the file and line of the condition, its path and the column in its text.
/// </summary>
internal static class OttlConditionBinder
{
    /// <summary>The strings of the list under <paramref name="key"/> (empty when not written), each compiled in <paramref name="context"/>.</summary>
    public static IReadOnlyList<string> BindList(ConfigSection section, string key, OttlContextKind context)
    {
        var texts = section.StringList(key) ?? [];
        var list = section.NodeOf(key) as ConfigList;
        for (int i = 0; i < texts.Count; i++)
        {
            Check(section.Errors, list?.Items[i], $"{section.Path}::{key}[{i}]", texts[i], context);
        }

        return texts;
    }

    /// <summary>Compiles one condition; reports its errors (true when it compiles).</summary>
    public static bool Check(ConfigErrors errors, ConfigNode? node, string path, string text, OttlContextKind context, int columnOffset = 0, string? written = null)
    {
        var problems = new List<OttlError>();
        OttlParser.ParseConditions([text], context, problems);
        foreach (var problem in problems)
        {
            var column = problem.Column > 0 ? $" at column {problem.Column + columnOffset}" : string.Empty;
            errors.Add(node, path, $"invalid condition \"{written ?? text}\" in the {context.Name()} context{column}: {problem.Message}");
        }

        return problems.Count == 0;
    }
}
