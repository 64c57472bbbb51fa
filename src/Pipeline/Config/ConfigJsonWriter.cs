using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MiniCollector.Pipeline.Config;

/// <summary>
/// Writes a config tree as JSON for <c>print-config --format json</c>, keys in written order, secrets
/// (<see cref="ConfigSecrets"/>) as <c>"[REDACTED]"</c> when redacting. Scalars are typed the way YAML's core schema
/// reads a plain scalar, which is what our binders accept: a plain <c>true</c>/<c>false</c> (any case) is a JSON
/// boolean, a plain number in JSON's own syntax a JSON number (its text kept exactly, so no precision is lost), a null
/// <c>null</c>, and everything else a string, including every quoted scalar and numbers JSON cannot hold as written
/// (<c>0123</c>, <c>+5</c>, <c>.5</c>, <c>NaN</c>), which a string field keeps as text.
/// </summary>
public static partial class ConfigJsonWriter
{
    /// <summary>The tree as indented JSON; <paramref name="redactSecrets"/> replaces every secret value.</summary>
    public static string Write(ConfigNode root, bool redactSecrets)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, NewLine = "\n" }))
        {
            WriteNode(writer, root, [], redactSecrets, secret: false);
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteNode(Utf8JsonWriter writer, ConfigNode node, List<string> path, bool redact, bool secret)
    {
        secret |= redact && ConfigSecrets.IsSecret(path);
        switch (node)
        {
            case ConfigMap map:
                writer.WriteStartObject();
                foreach (var (key, value) in map.Entries)
                {
                    writer.WritePropertyName(key);
                    path.Add(key);
                    WriteNode(writer, value, path, redact, secret);
                    path.RemoveAt(path.Count - 1);
                }

                writer.WriteEndObject();
                break;
            case ConfigList list:
                writer.WriteStartArray();
                foreach (var item in list.Items)
                {
                    WriteNode(writer, item, path, redact, secret);
                }

                writer.WriteEndArray();
                break;
            case ConfigScalar { Value: null }:
                writer.WriteNullValue();
                break;
            case ConfigScalar when secret:
                writer.WriteStringValue(ConfigSecrets.Redacted);
                break;
            case ConfigScalar { Quoted: true } quoted:
                writer.WriteStringValue(quoted.Value);
                break;
            case ConfigScalar { Value: var text } when bool.TryParse(text, out var flag):
                writer.WriteBooleanValue(flag);
                break;
            case ConfigScalar { Value: var text } when JsonNumber().IsMatch(text!):
                writer.WriteRawValue(text!, skipInputValidation: true);
                break;
            case ConfigScalar scalar:
                writer.WriteStringValue(scalar.Value);
                break;
        }
    }

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex JsonNumber();
}
