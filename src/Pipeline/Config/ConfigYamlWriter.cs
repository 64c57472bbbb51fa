using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MiniCollector.Pipeline.Config;

/// <summary>
/// Writes a config tree back as YAML text that <see cref="YamlConfigReader"/> reads to the same tree: keys in
/// written order, scalars quoted where a plain scalar would read differently, <c>$</c> doubled where it would be
/// expanded again. With redaction every secret value (<see cref="ConfigSecrets"/>) is written as
/// <c>[REDACTED]</c>. Serves the zpages service view and <c>print-config</c>.
/// </summary>
public static class ConfigYamlWriter
{
    // Plain scalars our reader (and YAML) takes as null; a string with this text must be quoted to stay a string.
    private static readonly HashSet<string> NullLookalikes = new(StringComparer.Ordinal) { string.Empty, "~", "null", "Null", "NULL" };

    /// <summary>The tree as YAML; <paramref name="redactSecrets"/> replaces every secret value.</summary>
    public static string Write(ConfigNode root, bool redactSecrets)
    {
        var text = new StringWriter { NewLine = "\n" };
        var settings = EmitterSettings.Default.WithBestIndent(2).WithBestWidth(int.MaxValue).WithNewLine("\n");
        var emitter = new Emitter(text, settings);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        WriteNode(emitter, root, [], redactSecrets, secret: false);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void WriteNode(IEmitter emitter, ConfigNode node, List<string> path, bool redact, bool secret)
    {
        secret |= redact && ConfigSecrets.IsSecret(path);
        switch (node)
        {
            case ConfigMap map:
                // An empty map stays a map ({}), not a null.
                emitter.Emit(new MappingStart(null, null, true, map.Entries.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, value) in map.Entries)
                {
                    // Keys are not environment-expanded by the reader, so they are written as they are.
                    emitter.Emit(PlainOrQuoted(key, quoted: false));
                    path.Add(key);
                    WriteNode(emitter, value, path, redact, secret);
                    path.RemoveAt(path.Count - 1);
                }

                emitter.Emit(new MappingEnd());
                break;
            case ConfigList list:
                // Lists of scalars (pipelines' receivers, tokens) read best on one line.
                var flow = list.Items.Count == 0 || list.Items.All(i => i is ConfigScalar);
                emitter.Emit(new SequenceStart(null, null, true, flow ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in list.Items)
                {
                    WriteNode(emitter, item, path, redact, secret);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case ConfigScalar { Value: null }:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, true, false));
                break;
            case ConfigScalar scalar when secret:
                emitter.Emit(PlainOrQuoted(ConfigSecrets.Redacted, quoted: false));
                break;
            case ConfigScalar scalar:
                emitter.Emit(PlainOrQuoted(EscapeDollars(scalar.Value!), scalar.Quoted));
                break;
        }
    }

    // The emitter itself quotes what a plain scalar cannot hold (": ", " #", leading indicators, leading spaces,
    // line breaks); what it cannot know is which texts the reader takes as null.
    private static Scalar PlainOrQuoted(string value, bool quoted)
    {
        if (quoted || NullLookalikes.Contains(value))
        {
            var style = value.Contains('\n') ? ScalarStyle.Literal : ScalarStyle.DoubleQuoted;
            return new Scalar(null, null, value, style, false, true);
        }

        return new Scalar(null, null, value, ScalarStyle.Plain, true, false);
    }

    // The reader expands "${...}" and turns "$$" into "$" in every value; doubling each "$" undoes that. Values with
    // neither are written as they are, so a lone "$" stays readable.
    private static string EscapeDollars(string value) =>
        value.Contains("${", StringComparison.Ordinal) || value.Contains("$$", StringComparison.Ordinal) ? value.Replace("$", "$$", StringComparison.Ordinal) : value;
}
