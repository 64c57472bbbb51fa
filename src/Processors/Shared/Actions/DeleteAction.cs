using Google.Protobuf.Collections;
using MiniCollector.Otlp.Common;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Processors.Shared.Actions;

/// <summary><c>delete</c>: removes the attribute named <c>key</c> and those whose keys match <c>pattern</c>.</summary>
internal sealed class DeleteAction(KeySelection keys) : AttributeAction
{
    private static readonly Action<RepeatedField<KeyValue>, int> Remove = (attributes, index) => attributes.RemoveAt(index);

    /// <inheritdoc />
    public override bool Apply(RepeatedField<KeyValue> attributes, ClientMetadata metadata) => keys.ForEach(attributes, Remove) > 0;
}
