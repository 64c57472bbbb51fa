using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MiniCollector.Pipeline.Config;

/// <summary>Reads YAML text into a <see cref="ConfigNode"/> tree, expanding environment references in scalars.</summary>
public static class YamlConfigReader
{
    /// <summary>Parses a document; returns null (with an error) when the text is not YAML or is empty.</summary>
    public static ConfigNode? Read(string text, string source, EnvExpander env, ConfigErrors errors)
    {
        var stream = new YamlStream();
        var parser = new TrackingParser(new Parser(new StringReader(text)));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException ex)
        {
            errors.Add(new SourceLocation(source, (int)ex.Start.Line, (int)ex.Start.Column), string.Empty, "not valid YAML: " + (ex.InnerException?.Message ?? ex.Message));
            return null;
        }
        catch (InvalidOperationException ex)
        {
            // YamlDotNet's parser reports some unterminated flow collections ("[1, 2" at end of input) this way.
            errors.Add(new SourceLocation(source, (int)parser.LastMark.Line, (int)parser.LastMark.Column), string.Empty, "not valid YAML (an unterminated [ ] or { } collection?): " + ex.Message);
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            errors.Add(new SourceLocation(source, 0, 0), string.Empty, "empty configuration file");
            return null;
        }

        return Convert(stream.Documents[0].RootNode, source, env, errors);
    }

    private static ConfigNode Convert(YamlNode node, string source, EnvExpander env, ConfigErrors errors)
    {
        var location = new SourceLocation(source, (int)node.Start.Line, (int)node.Start.Column);
        switch (node)
        {
            case YamlMappingNode map:
                var result = new ConfigMap(location);
                foreach (var (key, value) in map.Children)
                {
                    var keyText = key is YamlScalarNode k ? k.Value ?? string.Empty : key.ToString();
                    result.Set(keyText, Convert(value, source, env, errors), new SourceLocation(source, (int)key.Start.Line, (int)key.Start.Column));
                }

                return result;
            case YamlSequenceNode seq:
                var items = new List<ConfigNode>(seq.Children.Count);
                foreach (var child in seq.Children)
                {
                    items.Add(Convert(child, source, env, errors));
                }

                return new ConfigList(location, items);
            case YamlScalarNode scalar:
                bool quoted = scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded;
                var raw = scalar.Value;
                if (!quoted && (raw is null || raw.Length == 0 || raw == "~" || raw == "null" || raw == "Null" || raw == "NULL"))
                {
                    return new ConfigScalar(location, null, false);
                }

                var expanded = env.Expand(raw ?? string.Empty, message => errors.Add(location, string.Empty, message));
                return new ConfigScalar(location, expanded, quoted);
            default:
                errors.Add(location, string.Empty, "YAML aliases and tags other than plain values are not supported here");
                return new ConfigScalar(location, null, false);
        }
    }
}

/// <summary>Remembers where the last parsed event started, to place errors the parser raises without a position.</summary>
internal sealed class TrackingParser(IParser inner) : IParser
{
    public YamlDotNet.Core.Events.ParsingEvent? Current => inner.Current;

    public Mark LastMark { get; private set; } = new(0, 1, 1);

    public bool MoveNext()
    {
        var moved = inner.MoveNext();
        if (inner.Current is { } current)
        {
            LastMark = current.Start;
        }

        return moved;
    }
}
