using Google.Protobuf.Collections;
using MiniCollector.Otlp.Common;
using MiniCollector.Pipeline.Payload;
using MiniCollector.Processors.Shared.Attributes;

namespace MiniCollector.Processors.Shared.Actions;

/// <summary><c>upsert</c>: sets the key to the source's value, adding it when absent.</summary>
internal sealed class UpsertAction(string key, ValueSource source) : AttributeAction
{
    /// <inheritdoc />
    public override bool Apply(RepeatedField<KeyValue> attributes, ClientMetadata metadata)
    {
        if (source.Resolve(attributes, metadata) is not { } value)
        {
            return false;
        }

        AttributeList.Put(attributes, key, value);
        return true;
    }
}
