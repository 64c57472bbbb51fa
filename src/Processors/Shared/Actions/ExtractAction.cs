using System.Text.RegularExpressions;
using Google.Protobuf.Collections;
using MiniCollector.Otlp.Common;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Processors.Shared.Attributes;

namespace MiniCollector.Processors.Shared.Actions;

/// <summary>
/// <c>extract</c>: matches <c>pattern</c> against the string value of <c>key</c> and sets one string attribute per named
/// group (overwriting existing ones; a group that took no part in the match gives ""). The source is left as it is;
/// a non-string source or no match does nothing.
/// </summary>
internal sealed class ExtractAction(string key, Regex pattern, IReadOnlyList<string> groupNames) : AttributeAction
{
    /// <inheritdoc />
    public override bool Apply(RepeatedField<KeyValue> attributes, ClientMetadata metadata)
    {
        if (AttributeList.Get(attributes, key) is not { ValueCase: AnyValue.ValueOneofCase.StringValue } source)
        {
            return false;
        }

        var match = pattern.Match(source.StringValue);
        if (!match.Success)
        {
            return false;
        }

        foreach (var name in groupNames)
        {
            AttributeList.Put(attributes, name, new AnyValue { StringValue = match.Groups[name].Value });
        }

        return true;
    }
}
