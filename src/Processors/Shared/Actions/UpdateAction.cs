using Google.Protobuf.Collections;
using MiniCollector.Otlp.Common;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Processors.Shared.Attributes;

namespace MiniCollector.Processors.Shared.Actions;

/// <summary><c>update</c>: replaces the value of the key where the key is already there.</summary>
internal sealed class UpdateAction(string key, ValueSource source) : AttributeAction
{
    /// <inheritdoc />
    public override bool Apply(RepeatedField<KeyValue> attributes, ClientMetadata metadata)
    {
        if (source.Resolve(attributes, metadata) is not { } value)
        {
            return false;
        }

        int index = AttributeList.IndexOf(attributes, key);
        if (index < 0)
        {
            return false;
        }

        attributes[index].Value = value.Clone();
        return true;
    }
}
