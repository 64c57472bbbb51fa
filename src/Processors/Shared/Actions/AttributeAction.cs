using Google.Protobuf.Collections;
using MiniCollector.Otlp.Common;
using MiniCollector.Pipeline.Payload;

namespace MiniCollector.Processors.Shared.Actions;

/// <summary>One configured action (<c>insert</c>, <c>delete</c>, <c>hash</c>, …) applied to one attribute list.</summary>
internal abstract class AttributeAction
{
    /// <summary>Applies the action; true when the list was changed, so the request must be encoded again.</summary>
    /// <param name="attributes">The span's, record's, data point's or resource's attributes.</param>
    /// <param name="metadata">The client metadata of the request, for <c>from_context</c>.</param>
    public abstract bool Apply(RepeatedField<KeyValue> attributes, ClientMetadata metadata);
}
