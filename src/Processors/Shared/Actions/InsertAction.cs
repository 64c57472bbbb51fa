using Google.Protobuf.Collections;
using MiniCollector.Otlp.Common;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Processors.Shared.Attributes;

namespace MiniCollector.Processors.Shared.Actions;

/// <summary><c>insert</c>: adds the key with the source's value where the key is not already there.</summary>
internal sealed class InsertAction(string key, ValueSource source) : AttributeAction
{
    /// <inheritdoc />
    public override bool Apply(RepeatedField<KeyValue> attributes, ClientMetadata metadata)
    {
        if (source.Resolve(attributes, metadata) is not { } value || AttributeList.IndexOf(attributes, key) >= 0)
        {
            return false;
        }

        attributes.Add(new KeyValue { Key = key, Value = value.Clone() });
        return true;
    }
}
